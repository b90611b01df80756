// Preview stand-in for lightning/refresh (RefreshView API): handlers are kept in window.__preview.refreshHandlers so the
// page (or a test) can refresh the view as a standard action would.
let lastId = 0;

export const RefreshEventName = 'lightning__refresh';
export class RefreshEvent extends CustomEvent {
    constructor() {
        super(RefreshEventName, { bubbles: true, composed: true, cancelable: true });
    }
}

export function registerRefreshHandler(element, handler) {
    const id = ++lastId;
    window.__preview.refreshHandlers = window.__preview.refreshHandlers || new Map();
    window.__preview.refreshHandlers.set(id, handler.bind(element));
    // What the record page does after a standard action saved (a new contact, a logged call): run every provider.
    window.__preview.refreshView = () => Promise.all([...window.__preview.refreshHandlers.values()].map((h) => h()));
    return id;
}

export function unregisterRefreshHandler(id) {
    window.__preview.refreshHandlers?.delete(id);
}

export const registerRefreshContainer = registerRefreshHandler;
export const unregisterRefreshContainer = unregisterRefreshHandler;
