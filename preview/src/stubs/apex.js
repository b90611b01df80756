// Preview stand-in for @salesforce/apex and @salesforce/apex/Class.method. Answers come from
// window.__preview.apex['Class.method'](params), which returns data, a Promise of data, or throws { body: { message } }.
const wiresByValue = new WeakMap();

function call(name, params) {
    const handler = window.__preview?.apex?.[name];
    if (!handler) {
        return Promise.reject({ body: { message: `No preview fixture for ${name}` } });
    }
    try {
        return Promise.resolve(handler(params || {}));
    } catch (error) {
        return Promise.reject(error);
    }
}

export function apexMethod(name) {
    const method = (params) => {
        window.__preview.calls.push({ name, params });
        return call(name, params).then((data) => JSON.parse(JSON.stringify(data ?? null)));
    };
    method.adapter = class {
        constructor(callback) {
            this.callback = callback;
        }
        connect() {}
        disconnect() {}
        update(config) {
            this.config = config;
            this.fetch();
        }
        fetch() {
            const config = this.config;
            return method(config).then(
                (data) => this.emit({ data, error: undefined }),
                (error) => this.emit({ data: undefined, error })
            );
        }
        emit(value) {
            wiresByValue.set(value, this);
            this.callback(value);
        }
    };
    return method;
}

export function refreshApex(value) {
    const wire = value && wiresByValue.get(value);
    return wire ? wire.fetch() : Promise.resolve();
}
