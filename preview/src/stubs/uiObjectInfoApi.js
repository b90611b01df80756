// Preview stand-in for lightning/uiObjectInfoApi: getObjectInfo answers from window.__preview.objectInfo[apiName] (or
// window.__preview.objectInfos[apiName]), else a default that lets the user create and edit (the preview user is a seller
// with edit rights); getPicklistValues from window.__preview.picklists['Object.Field'] (set by the view).
function adapter(read) {
    return class {
        constructor(callback) {
            this.callback = callback;
        }
        connect() {}
        disconnect() {}
        update(config) {
            Promise.resolve().then(() => {
                const data = read(config || {});
                if (data === undefined) return;
                this.callback(data ? { data, error: undefined } : { data: undefined, error: { body: { message: 'not in the preview' } } });
            });
        }
    };
}

const nameOf = (value) => (typeof value === 'string' ? value : `${value.objectApiName}.${value.fieldApiName}`);

export const getObjectInfo = adapter(({ objectApiName }) => {
    const apiName = typeof objectApiName === 'string' ? objectApiName : objectApiName?.objectApiName;
    if (!apiName) return undefined;
    return (
        window.__preview.objectInfo?.[apiName] ??
        window.__preview.objectInfos?.[apiName] ?? { apiName, createable: true, updateable: true, deletable: true, fields: {} }
    );
});

export const getPicklistValues = adapter(({ recordTypeId, fieldApiName }) =>
    recordTypeId && fieldApiName ? window.__preview.picklists?.[nameOf(fieldApiName)] : null
);
