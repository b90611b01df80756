// Preview stand-in for lightning/uiObjectInfoApi: getObjectInfo and getPicklistValues answered from
// window.__preview.objectInfo[objectApiName] and window.__preview.picklists['Object.Field'] (set by the view).
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
                this.callback(data ? { data, error: undefined } : { data: undefined, error: { body: { message: 'not in the preview' } } });
            });
        }
    };
}

const nameOf = (value) => (typeof value === 'string' ? value : `${value.objectApiName}.${value.fieldApiName}`);

export const getObjectInfo = adapter(({ objectApiName }) =>
    objectApiName ? window.__preview.objectInfo?.[typeof objectApiName === 'string' ? objectApiName : objectApiName.objectApiName] : null
);

export const getPicklistValues = adapter(({ recordTypeId, fieldApiName }) =>
    recordTypeId && fieldApiName ? window.__preview.picklists?.[nameOf(fieldApiName)] : null
);
