// The page's query (?view=…&region=…&noPermission…), read when a view is shown and when a component renders: by the
// views (harness.js) and by the stand-ins for @salesforce/customPermission and @salesforce/i18n (stubs.mjs). A view
// shown in the same page (main.js `window.__previewShow`) replaces it, and every reader follows, as after a page load.
let current = new URLSearchParams(globalThis.location ? location.search : '');
const listeners = [];

export function query() {
    return current;
}

/** Calls `listener(params)` now and after every change of the query. */
export function onQuery(listener) {
    listeners.push(listener);
    listener(current);
}

/** The page's address becomes ?`search` (history.replaceState: no page load) and every reader follows. */
export function setQuery(search) {
    history.replaceState(null, '', `${location.pathname}?${search}`);
    current = new URLSearchParams(location.search);
    for (const listener of listeners) listener(current);
}
