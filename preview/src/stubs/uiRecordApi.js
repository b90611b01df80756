// Preview stand-in for lightning/uiRecordApi: writes are recorded in window.__preview.calls and applied by the page.
export function updateRecord(recordInput) {
    window.__preview.calls.push({ name: 'updateRecord', params: recordInput });
    return Promise.resolve(window.__preview.onUpdateRecord ? window.__preview.onUpdateRecord(recordInput) : {});
}

export function notifyRecordUpdateAvailable() {
    return Promise.resolve();
}

export class getRecord {
    constructor(callback) {
        this.callback = callback;
    }
    connect() {}
    disconnect() {}
    update() {
        this.callback({ data: undefined, error: { body: { message: 'getRecord is not used by the ABM components' } } });
    }
}
