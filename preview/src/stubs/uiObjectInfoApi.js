// Preview stand-in for lightning/uiObjectInfoApi: getObjectInfo answers from window.__preview.objectInfos[apiName], or a
// default that lets the user create and edit (the preview user is a seller with edit rights).
export class getObjectInfo {
    constructor(callback) {
        this.callback = callback;
    }
    connect() {}
    disconnect() {}
    update(config) {
        const apiName = config?.objectApiName?.objectApiName ?? config?.objectApiName;
        if (!apiName) return;
        const info = window.__preview.objectInfos?.[apiName] ?? {
            apiName,
            createable: true,
            updateable: true,
            deletable: true,
            fields: {}
        };
        this.callback({ data: info, error: undefined });
    }
}
