// Preview entry: mounts one ABM component with fixture data outside Salesforce (real LWC engine, synthetic shadow,
// lightning-base-components, SLDS). ?view=<name> picks the view; each component's views live in views/<component>.js
// (add yours there and list it in preview/views.json). ?region=SMALL renders it in a narrow region.
// `window.__previewShow(search)` shows another view (its query string) in the same page, as a page load would show it:
// the browser tests use it instead of a page load per view (test/preview/harness.ts).
import '@lwc/synthetic-shadow';
import healthScorecard from './views/healthScorecard.js';
import accountPlan from './views/accountPlan.js';
import territoryMap from './views/territoryMap.js';
import { query, setQuery } from './query.js';

const VIEWS = { ...healthScorecard, ...accountPlan, ...territoryMap };

// What a page load starts from, noted before any view runs: the window's own properties and the body as served.
const GLOBALS = new Set(Object.getOwnPropertyNames(window));
const BODY = document.body.innerHTML;
const BODY_ATTRIBUTES = [...document.body.attributes].map((a) => [a.name, a.value]);

async function show() {
    window.__preview = { apex: {}, calls: [], metrics: {}, toasts: [] };
    const view = query().get('view') || 'scorecard';
    const run = VIEWS[view] || (() => Promise.reject(new Error(`unknown view "${view}"; views: ${Object.keys(VIEWS).join(', ')}`)));
    try {
        await run();
        document.body.setAttribute('data-ready', 'true');
    } catch (error) {
        document.body.setAttribute('data-ready', 'error');
        document.getElementById('root').textContent = `Preview failed: ${error.message}`;
    }
    return document.body.getAttribute('data-ready');
}

/**
 * Takes the page back to what a page load starts from: the component removed (its disconnectedCallback and wires'
 * disconnect run), the body as served (the region, the toasts and anything else added to the page gone), the globals
 * added since the bundle loaded deleted (window.__preview, the views' stand-in state, included), no focus, the Tab
 * order starting at the top, scrolled to the top.
 */
function reset() {
    const root = document.getElementById('root');
    for (const child of [...root.childNodes]) root.removeChild(child);
    document.body.innerHTML = BODY;
    for (const { name } of [...document.body.attributes]) document.body.removeAttribute(name);
    for (const [name, value] of BODY_ATTRIBUTES) document.body.setAttribute(name, value);
    for (const name of Object.getOwnPropertyNames(window)) {
        if (!GLOBALS.has(name) && Object.getOwnPropertyDescriptor(window, name)?.configurable) delete window[name];
    }
    // A focused, then removed element at the top of the body: the next Tab starts at the top, as on a new page.
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.blur();
    start.remove();
    window.scrollTo(0, 0);
}

/** Shows the view of `search` (a query string: view=plan&region=SMALL) in this page; resolves to 'true' or 'error'. */
window.__previewShow = (search) => {
    reset();
    setQuery(search);
    return show();
};
GLOBALS.add('__previewShow');

show();
