// Preview stand-in for lightning/uiRecordApi. Records live in window.__preview.records (UI API shape, by Id); getRecord
// emits them and emits again after updateRecord changes them, as LDS does. Writes are recorded in window.__preview.calls
// and may be refused by the page (window.__preview.onUpdateRecord / onCreateRecord / onDeleteRecord throwing or rejecting).
const recordWires = new Set();

function store() {
    window.__preview.records = window.__preview.records || {};
    return window.__preview.records;
}

function emitRecord(wire) {
    const record = store()[wire.config?.recordId];
    if (record) {
        wire.callback({ data: JSON.parse(JSON.stringify(record)), error: undefined });
    } else {
        wire.callback({ data: undefined, error: { body: { message: `No preview record ${wire.config?.recordId}` } } });
    }
}

function notifyRecord(recordId) {
    for (const wire of recordWires) {
        if (wire.config?.recordId === recordId) emitRecord(wire);
    }
}

export class getRecord {
    constructor(callback) {
        this.callback = callback;
    }
    connect() {
        recordWires.add(this);
    }
    disconnect() {
        recordWires.delete(this);
    }
    update(config) {
        this.config = config;
        if (config?.recordId) emitRecord(this);
    }
}

export async function updateRecord(recordInput) {
    window.__preview.calls.push({ name: 'updateRecord', params: recordInput });
    const result = window.__preview.onUpdateRecord ? await window.__preview.onUpdateRecord(recordInput) : {};
    const { Id, ...fields } = recordInput.fields;
    const record = store()[Id];
    if (record) {
        for (const [name, value] of Object.entries(fields))
            record.fields[name] = { value, displayValue: value === null ? null : String(value) };
        notifyRecord(Id);
    }
    return result || { id: Id };
}

export async function createRecord(recordInput) {
    window.__preview.calls.push({ name: 'createRecord', params: recordInput });
    return window.__preview.onCreateRecord ? window.__preview.onCreateRecord(recordInput) : { id: 'a00000000000000AAA' };
}

export async function deleteRecord(recordId) {
    window.__preview.calls.push({ name: 'deleteRecord', params: recordId });
    if (window.__preview.onDeleteRecord) await window.__preview.onDeleteRecord(recordId);
}

export function notifyRecordUpdateAvailable(items) {
    for (const item of items || []) notifyRecord(item.recordId);
    return Promise.resolve();
}

function fieldPath(field) {
    const name = typeof field === 'string' ? field.split('.').slice(1).join('.') : field.fieldApiName;
    return name.split('.');
}

export function getFieldValue(record, field) {
    let node = record;
    for (const part of fieldPath(field)) {
        const value = node?.fields?.[part];
        if (value === undefined) return undefined;
        node = value.value;
    }
    return node;
}

export function getFieldDisplayValue(record, field) {
    const path = fieldPath(field);
    let node = record;
    for (let i = 0; i < path.length; i++) {
        const value = node?.fields?.[path[i]];
        if (value === undefined) return undefined;
        if (i === path.length - 1) return value.displayValue ?? null;
        node = value.value;
    }
    return undefined;
}
