/**
 * An in-memory org: typed records per object, indexed by Id (and by any field a query or upsert asks for), with the
 * write rules Salesforce applies per row (unknown or read-only fields, types, required fields, missing Ids) and
 * Salesforce's status codes. Shared by the snapshot adapter (`snapshot.ts`) and the local API double (test/sfdouble).
 */
import { builtinObject, inferField, KEY_PREFIXES, relationshipNameOf, type FieldDef, type SoqlFieldType } from './describe.js';
import { idKey, isValidId, makeId } from './ids.js';
import type { FieldDescribe } from './index.js';
import { pushAll } from '../core/arrays.js';

export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

/** A Salesforce-shaped error: `errorCode` is the API's code (INVALID_FIELD, MALFORMED_QUERY, INVALID_TYPE …). */
export class SoqlError extends Error {
    constructor(
        readonly errorCode: string,
        message: string
    ) {
        super(message);
        this.name = 'SoqlError';
    }
}

/** A per-row write failure, as a SaveResult error. */
export class RowError extends Error {
    constructor(
        readonly statusCode: string,
        message: string,
        readonly fields: string[] = []
    ) {
        super(message);
        this.name = 'RowError';
    }
    /** `STATUS_CODE: message`, the form RowResult.error uses. */
    get text(): string {
        return `${this.statusCode}: ${this.message}`;
    }
}

const NUMERIC = new Set<SoqlFieldType>(['int', 'double', 'currency', 'percent']);
const TEXT = new Set<SoqlFieldType>(['string', 'picklist', 'multipicklist', 'textarea', 'url', 'email', 'phone']);
export const isNumeric = (t: SoqlFieldType): boolean => NUMERIC.has(t);
export const isText = (t: SoqlFieldType): boolean => TEXT.has(t);

/** The fields of one object, by lower-case name, in column order. */
export class ObjectSchema {
    readonly fields = new Map<string, FieldDef>();
    private readonly relationships = new Map<string, FieldDef>();

    constructor(
        readonly name: string,
        readonly keyPrefix: string,
        fields: FieldDef[]
    ) {
        for (const field of fields) this.add(field);
    }

    add(field: FieldDef): FieldDef {
        const existing = this.fields.get(field.name.toLowerCase());
        if (existing) return existing;
        const def = { ...field };
        if (def.type === 'reference' && !def.relationshipName) def.relationshipName = relationshipNameOf(def.name);
        this.fields.set(def.name.toLowerCase(), def);
        if (def.relationshipName) this.relationships.set(def.relationshipName.toLowerCase(), def);
        return def;
    }

    field(name: string): FieldDef | undefined {
        return this.fields.get(name.toLowerCase());
    }

    /** The lookup field behind a relationship name (`Owner` → OwnerId, `Account__r` → Account__c). */
    relationship(name: string): FieldDef | undefined {
        return this.relationships.get(name.toLowerCase());
    }

    get fieldNames(): string[] {
        return [...this.fields.values()].map((f) => f.name);
    }

    describe(): FieldDescribe[] {
        return [...this.fields.values()].map((f) => ({
            name: f.name,
            type: f.type,
            label: f.label ?? f.name,
            nillable: !f.required && f.name !== 'Id',
            updateable: !f.readOnly,
            createable: !f.readOnly,
            referenceTo: f.referenceTo ?? [],
            relationshipName: f.relationshipName ?? null,
            externalId: f.externalId ?? false
        }));
    }
}

/** Value → index key: Ids case-safe, text case-insensitive. */
export function keyOf(type: SoqlFieldType, value: Value): string | number | boolean | null {
    if (value === null) return null;
    if (type === 'id' || type === 'reference') return idKey(String(value));
    if (typeof value === 'string') return value.toLowerCase();
    return value;
}

/** One object's records. Rows live in a Map keyed by case-safe Id (insertion order is the table's order). */
export class Table {
    readonly rows = new Map<string, Row>();
    private readonly indexes = new Map<string, Map<unknown, Set<Row>>>();
    private sequence = 0;
    /** Ids deleted in this session (ENTITY_IS_DELETED instead of "not found"). */
    readonly deleted = new Set<string>();

    constructor(readonly schema: ObjectSchema) {}

    get name(): string {
        return this.schema.name;
    }

    get(id: string): Row | undefined {
        return this.rows.get(idKey(id));
    }

    /** Rows whose `field` equals `value` (by index key), building the index on first use and keeping it current. */
    lookup(field: FieldDef, value: Value): Set<Row> | undefined {
        return this.index(field).get(keyOf(field.type, value));
    }

    index(field: FieldDef): Map<unknown, Set<Row>> {
        const name = field.name.toLowerCase();
        let index = this.indexes.get(name);
        if (!index) {
            index = new Map();
            for (const row of this.rows.values()) addTo(index, keyOf(field.type, row[field.name] ?? null), row);
            this.indexes.set(name, index);
        }
        return index;
    }

    put(row: Row): void {
        const id = String(row.Id);
        const old = this.rows.get(idKey(id));
        if (old) this.unindex(old);
        this.rows.set(idKey(id), row);
        for (const [name, index] of this.indexes) {
            const def = this.schema.field(name)!;
            addTo(index, keyOf(def.type, row[def.name] ?? null), row);
        }
    }

    remove(id: string): Row | undefined {
        const row = this.rows.get(idKey(id));
        if (!row) return undefined;
        this.unindex(row);
        this.rows.delete(idKey(id));
        return row;
    }

    private unindex(row: Row): void {
        for (const [name, index] of this.indexes) {
            const def = this.schema.field(name)!;
            const set = index.get(keyOf(def.type, row[def.name] ?? null));
            set?.delete(row);
        }
    }

    /** A fresh 18-character Id with this object's key prefix. */
    newId(): string {
        for (;;) {
            this.sequence++;
            const id = makeId(this.schema.keyPrefix, this.rows.size + this.sequence);
            if (!this.rows.has(idKey(id)) && !this.deleted.has(idKey(id))) return id;
        }
    }
}

function addTo(index: Map<unknown, Set<Row>>, key: unknown, row: Row): void {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(row);
}

export type StoreOptions = {
    /** The clock behind date literals and audit fields (injectable for tests). */
    now?: () => Date;
    /** 1–12: the fiscal year's first month (THIS_FISCAL_QUARTER …). */
    fiscalYearStartMonth?: number;
    /** Loads an object on first use (the snapshot reads its CSV lazily). Returns undefined when the folder has none. */
    load?: (object: string) => { header: string[]; cells: string[][]; source?: string } | undefined;
    /** Writes may add a registry-known field the table lacks (a snapshot CSV gains the column). Off for the double. */
    extendFromRegistry?: boolean;
    /** Id written into CreatedById / LastModifiedById. */
    userId?: string;
};

/** Convert an API or CSV value to the stored type; throws RowError (INVALID_TYPE_ON_FIELD_IN_RECORD) when it can't. */
export function coerce(field: FieldDef, raw: unknown): Value {
    if (raw === null || raw === undefined || raw === '') return null;
    const bad = () =>
        new RowError('INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label ?? field.name}: value not of required type: ${String(raw)}`, [
            field.name
        ]);
    switch (field.type) {
        case 'boolean':
            if (raw === true || raw === false) return raw;
            if (typeof raw === 'string' && /^(true|false|1|0)$/i.test(raw)) return /^(true|1)$/i.test(raw);
            throw bad();
        case 'int':
        case 'double':
        case 'currency':
        case 'percent': {
            const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
            if (!Number.isFinite(n)) throw bad();
            return n;
        }
        case 'date': {
            const s = String(raw);
            if (/^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s.slice(0, 10)))) return s.slice(0, 10);
            throw bad();
        }
        case 'datetime': {
            const s = String(raw).replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
            const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
            if (Number.isNaN(ms)) throw bad();
            return new Date(ms).toISOString();
        }
        case 'id':
        case 'reference': {
            const s = String(raw);
            if (!isValidId(s))
                throw new RowError('MALFORMED_ID', `${field.label ?? field.name}: id value of incorrect type: ${s}`, [field.name]);
            return s;
        }
        default:
            return typeof raw === 'string' ? raw : String(raw);
    }
}

/** A stored value as the REST API renders it in JSON (datetimes as `2024-01-01T00:00:00.000+0000`). */
export function toJson(type: SoqlFieldType, value: Value): Value {
    if (value !== null && type === 'datetime') return String(value).replace(/Z$/, '+0000');
    return value;
}

/** A stored value as a CSV cell (Bulk API 2.0 and snapshot files): empty for null. */
export function toCell(value: Value): string {
    if (value === null) return '';
    return String(value);
}

type Undo = () => void;

/** The in-memory org. */
export class RecordStore {
    private readonly tables = new Map<string, Table>();
    private readonly prefixes = new Map<string, Table>();
    private undo: Undo[] | undefined;
    readonly now: () => Date;
    readonly fiscalYearStartMonth: number;
    /** Bumped by every write (query caches key on it). */
    version = 0;

    constructor(readonly options: StoreOptions = {}) {
        this.now = options.now ?? (() => new Date());
        this.fiscalYearStartMonth = options.fiscalYearStartMonth ?? 1;
    }

    /** Create (or replace) a table from a header row and string cells, typing each column from the registry or its values. */
    loadTable(object: string, header: string[], cells: string[][], source?: string): Table {
        const builtin = builtinObject(object);
        const name = builtin?.name ?? object;
        const fields: FieldDef[] = [];
        const columns = header.includes('Id') || header.some((h) => h.toLowerCase() === 'id') ? header : ['Id', ...header];
        columns.forEach((column, c) => {
            const known = builtin?.fields.find((f) => f.name.toLowerCase() === column.toLowerCase());
            const index = header.indexOf(column);
            fields.push(known ?? inferField(column, index < 0 ? [] : valuesOf(cells, c)));
        });
        // Compound names (Contact, Lead, User): a file with FirstName/LastName but no Name still answers Name.
        const nameDef = builtin?.fields.find((f) => f.name === 'Name' && f.readOnly);
        const derivedName =
            nameDef && !columns.some((c) => c.toLowerCase() === 'name') && columns.some((c) => /^(first|last)name$/i.test(c));
        if (derivedName) fields.push(nameDef);
        const schema = new ObjectSchema(name, prefixFor(name, cells, header), fields);
        const table = new Table(schema);
        const defs = header.map((h) => schema.field(h)!);
        const idCol = header.findIndex((h) => h.toLowerCase() === 'id');
        cells.forEach((line, r) => {
            const row: Row = {};
            for (const def of schema.fields.values()) row[def.name] = null;
            defs.forEach((def, c) => {
                try {
                    row[def.name] = coerce(def, line[c] ?? '');
                } catch (error) {
                    throw new SoqlError(
                        'INVALID_FIELD',
                        `${source ?? name}: row ${r + 2}, column ${def.name}: ${(error as Error).message}`
                    );
                }
            });
            if (derivedName)
                row.Name = [row.FirstName, row.LastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ') || null;
            if (idCol < 0 || row.Id === null) row.Id = table.newId();
            if (table.get(String(row.Id)))
                throw new SoqlError('DUPLICATE_VALUE', `${source ?? name}: row ${r + 2}: duplicate Id ${String(row.Id)}`);
            table.put(row);
        });
        this.register(table);
        return table;
    }

    /** Create an empty table for a registry object (an object the org has but the snapshot has no file for). */
    private registryTable(object: string): Table | undefined {
        const builtin = builtinObject(object);
        if (!builtin) return undefined;
        const table = new Table(new ObjectSchema(builtin.name, builtin.keyPrefix, builtin.fields));
        this.register(table);
        return table;
    }

    private register(table: Table): void {
        this.tables.set(table.name.toLowerCase(), table);
        this.prefixes.set(table.schema.keyPrefix.toLowerCase(), table);
        this.version++;
    }

    /** The table of an object (case-insensitive), loading it on first use; undefined when the org has no such object. */
    table(object: string): Table | undefined {
        const key = object.toLowerCase();
        const found = this.tables.get(key);
        if (found) return found;
        const loaded = this.options.load?.(object);
        if (loaded) return this.loadTable(object, loaded.header, loaded.cells, loaded.source);
        return this.registryTable(object);
    }

    /** The table, or INVALID_TYPE in Salesforce's words. */
    requireTable(object: string): Table {
        const table = this.table(object);
        if (!table) {
            throw new SoqlError(
                'INVALID_TYPE',
                `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`
            );
        }
        return table;
    }

    /** Tables loaded so far. */
    loadedTables(): Table[] {
        return [...this.tables.values()];
    }

    /** The record behind an Id, looking in `targets` (or, for unknown targets, the table owning the Id's key prefix). */
    findById(id: string, targets?: string[]): { table: Table; row: Row } | undefined {
        if (targets?.length) {
            for (const target of targets) {
                const table = this.table(target);
                const row = table?.get(id);
                if (table && row) return { table, row };
            }
            return undefined;
        }
        const table = this.tableForPrefix(id.slice(0, 3));
        const row = table?.get(id);
        return table && row ? { table, row } : undefined;
    }

    tableForPrefix(prefix: string): Table | undefined {
        const hit = this.prefixes.get(prefix.toLowerCase());
        if (hit) return hit;
        const name = Object.entries(KEY_PREFIXES).find(([, p]) => p === prefix)?.[0];
        return name ? this.table(name) : undefined;
    }

    /** Run `fn` so that it either completes or leaves the store as it found it (allOrNone). */
    atomic<T>(fn: () => T): T {
        const outer = this.undo;
        const log: Undo[] = [];
        this.undo = log;
        try {
            const result = fn();
            if (outer) pushAll(outer, log);
            return result;
        } catch (error) {
            for (const step of log.reverse()) step();
            throw error;
        } finally {
            this.undo = outer;
        }
    }

    private audit(table: Table, row: Row, created: boolean): void {
        const stamp = this.now().toISOString();
        const set = (name: string, value: Value) => {
            const def = table.schema.field(name);
            if (def) row[def.name] = value;
        };
        if (created) {
            set('CreatedDate', stamp);
            if (this.options.userId) set('CreatedById', this.options.userId);
            set('IsDeleted', false);
        }
        set('LastModifiedDate', stamp);
        set('SystemModstamp', stamp);
        if (this.options.userId) set('LastModifiedById', this.options.userId);
        // Derived standard fields.
        if (table.schema.field('Name')?.readOnly && (table.schema.field('FirstName') || table.schema.field('LastName'))) {
            set('Name', [row.FirstName, row.LastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ') || null);
        }
        if (table.name === 'Opportunity' && row.StageName !== undefined) {
            const stage = String(row.StageName ?? '');
            set('IsClosed', /^closed/i.test(stage));
            set('IsWon', /^closed won$/i.test(stage));
        }
    }

    /** A field of the table; a snapshot may gain a registry-known field it lacks (the CSV gains the column). */
    fieldFor(table: Table, name: string): FieldDef | undefined {
        const def = table.schema.field(name);
        if (def || !this.options.extendFromRegistry) return def;
        const known = builtinObject(table.name)?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
        if (!known) return undefined;
        const added = table.schema.add(known);
        for (const r of table.rows.values()) r[added.name] ??= null;
        return added;
    }

    /** Apply the record's fields to `row`, with Salesforce's per-field checks. */
    private assign(table: Table, row: Row, record: Record<string, unknown>, creating: boolean): void {
        const bad: string[] = [];
        const values: [FieldDef, unknown][] = [];
        for (const [key, value] of Object.entries(record)) {
            if (key === 'attributes' || key.toLowerCase() === 'id') continue;
            const def = this.fieldFor(table, key);
            if (!def) throw new RowError('INVALID_FIELD', `No such column '${key}' on sobject of type ${table.name}`, [key]);
            if (def.readOnly) {
                bad.push(def.name);
                continue;
            }
            values.push([def, value]);
        }
        if (bad.length) {
            throw new RowError(
                'INVALID_FIELD_FOR_INSERT_UPDATE',
                `Unable to create/update fields: ${bad.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                bad
            );
        }
        for (const [def, value] of values) row[def.name] = coerce(def, value);
        if (creating) {
            const missing = [...table.schema.fields.values()]
                .filter((f) => f.required && (row[f.name] === null || row[f.name] === undefined))
                .map((f) => f.name);
            if (missing.length)
                throw new RowError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
        } else {
            const cleared = [...table.schema.fields.values()].filter((f) => f.required && row[f.name] === null).map((f) => f.name);
            if (cleared.length)
                throw new RowError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${cleared.join(', ')}]`, cleared);
        }
    }

    /** Insert one record; returns its new Id. Throws RowError. */
    insert(object: string, record: Record<string, unknown>): string {
        const table = this.requireTable(object);
        if (record.Id !== undefined && record.Id !== null && record.Id !== '') {
            throw new RowError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
        }
        const row: Row = {};
        for (const def of table.schema.fields.values()) row[def.name] = null;
        this.assign(table, row, record, true);
        row.Id = table.newId();
        this.audit(table, row, true);
        table.put(row);
        this.version++;
        const id = String(row.Id);
        this.undo?.push(() => {
            table.remove(id);
            this.version++;
        });
        return id;
    }

    private existing(table: Table, id: unknown): Row {
        if (id === undefined || id === null || id === '')
            throw new RowError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const text = String(id);
        if (!isValidId(text)) throw new RowError('MALFORMED_ID', `${table.name} ID: id value of incorrect type: ${text}`, ['Id']);
        if (text.slice(0, 3).toLowerCase() !== table.schema.keyPrefix.toLowerCase()) {
            throw new RowError('MALFORMED_ID', `${table.name} ID: id value of incorrect type: ${text}`, ['Id']);
        }
        const row = table.get(text);
        if (!row) {
            if (table.deleted.has(idKey(text))) throw new RowError('ENTITY_IS_DELETED', 'entity is deleted', []);
            throw new RowError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
        }
        return row;
    }

    /** Update one record by its Id. Throws RowError. */
    update(object: string, record: Record<string, unknown>): string {
        const table = this.requireTable(object);
        const id = record.Id ?? record.id;
        const current = this.existing(table, id);
        const next: Row = { ...current };
        this.assign(table, next, record, false);
        this.audit(table, next, false);
        table.put(next);
        this.version++;
        this.undo?.push(() => {
            table.put(current);
            this.version++;
        });
        return String(current.Id);
    }

    /** Upsert one record on an external Id field (or Id). Throws RowError. */
    upsert(object: string, externalIdField: string, record: Record<string, unknown>): { id: string; created: boolean } {
        const table = this.requireTable(object);
        const def = this.fieldFor(table, externalIdField);
        if (!def) {
            throw new RowError('INVALID_FIELD', `No such column '${externalIdField}' on sobject of type ${table.name}`, [externalIdField]);
        }
        if (def.name === 'Id') {
            const id = record.Id ?? record.id;
            if (id === undefined || id === null || id === '') return { id: this.insert(object, withoutId(record)), created: true };
            return { id: this.update(object, record), created: false };
        }
        const key = Object.keys(record).find((k) => k.toLowerCase() === def.name.toLowerCase());
        const value = key === undefined ? null : coerce(def, record[key]);
        if (value === null) {
            throw new RowError('MISSING_ARGUMENT', `${def.name} not specified`, [def.name]);
        }
        const matches = [...(table.lookup(def, value) ?? [])];
        if (matches.length > 1) {
            throw new RowError(
                'DUPLICATE_EXTERNAL_ID',
                `${def.name}: more than one record found for external id field: [${matches.map((r) => String(r.Id)).join(', ')}]`,
                [def.name]
            );
        }
        if (matches.length === 0) return { id: this.insert(object, withoutId(record)), created: true };
        return { id: this.update(object, { ...withoutId(record), Id: matches[0]!.Id }), created: false };
    }

    /** Delete one record. Throws RowError. */
    delete(object: string, id: string): string {
        const table = this.requireTable(object);
        const row = this.existing(table, id);
        table.remove(String(row.Id));
        table.deleted.add(idKey(String(row.Id)));
        this.version++;
        this.undo?.push(() => {
            table.put(row);
            table.deleted.delete(idKey(String(row.Id)));
            this.version++;
        });
        return String(row.Id);
    }
}

export type WriteOp = 'insert' | 'update' | 'upsert' | 'delete';
export type BatchRow = { id: string | null; success: boolean; created?: boolean; error?: RowError };

/** Rolled-back rows of an all-or-none batch carry this error, as Salesforce reports it. */
export const ROLLED_BACK = () =>
    new RowError(
        'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        'Record rolled back because not all records were valid and the request was using AllOrNone header',
        []
    );

/**
 * Apply one write to many rows, each row on its own (a failure fails that row), or all-or-none (any failure rolls
 * every row back; good rows then report ALL_OR_NONE_OPERATION_ROLLED_BACK). `rowFault` lets the double fail chosen rows.
 */
export function writeBatch(
    store: RecordStore,
    op: WriteOp,
    object: string,
    records: Record<string, unknown>[],
    options: {
        allOrNone?: boolean;
        externalIdField?: string;
        rowFault?: (record: Record<string, unknown>, index: number) => RowError | undefined;
    } = {}
): BatchRow[] {
    const results: BatchRow[] = [];
    const runAll = () => {
        records.forEach((record, index) => {
            const known = record.Id ?? record.id;
            try {
                const fault = options.rowFault?.(record, index);
                if (fault) throw fault;
                switch (op) {
                    case 'insert':
                        results.push({ id: store.insert(object, record), success: true, created: true });
                        break;
                    case 'update':
                        results.push({ id: store.update(object, record), success: true, created: false });
                        break;
                    case 'upsert': {
                        const r = store.upsert(object, options.externalIdField ?? 'Id', record);
                        results.push({ id: r.id, success: true, created: r.created });
                        break;
                    }
                    case 'delete':
                        results.push({ id: store.delete(object, String(known ?? '')), success: true });
                        break;
                }
            } catch (error) {
                if (!(error instanceof RowError)) throw error;
                results.push({
                    id: op === 'insert' || known === undefined || known === null ? null : String(known),
                    success: false,
                    error
                });
            }
        });
        if (options.allOrNone && results.some((r) => !r.success)) throw new RollBack();
    };
    try {
        store.atomic(runAll);
    } catch (error) {
        if (!(error instanceof RollBack)) throw error;
        return results.map((r) => (r.success ? { id: op === 'insert' ? null : r.id, success: false, error: ROLLED_BACK() } : r));
    }
    return results;
}

class RollBack extends Error {}

function withoutId(record: Record<string, unknown>): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) if (k.toLowerCase() !== 'id') copy[k] = v;
    return copy;
}

function* valuesOf(cells: string[][], column: number): Iterable<string> {
    for (const line of cells) yield line[column] ?? '';
}

/** The key prefix of an object: the registry's, else the one its Ids use, else a free custom prefix. */
function prefixFor(name: string, cells: string[][], header: string[]): string {
    const known = KEY_PREFIXES[name] ?? builtinObject(name)?.keyPrefix;
    if (known) return known;
    const idCol = header.findIndex((h) => h.toLowerCase() === 'id');
    const first = idCol >= 0 ? cells.find((l) => (l[idCol] ?? '') !== '')?.[idCol] : undefined;
    if (first) return first.slice(0, 3);
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) % 1000;
    return `a${String.fromCharCode(65 + (hash % 26))}${hash % 10}`;
}
