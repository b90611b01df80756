// Preview entry: mounts one ABM component with fixture data outside Salesforce (real LWC engine, synthetic shadow,
// lightning-base-components, SLDS). ?view=<name> picks the view; each component's views live in views/<component>.js
// (add yours there and list it in preview/views.json). ?region=SMALL renders it in a narrow region.
import '@lwc/synthetic-shadow';
import healthScorecard from './views/healthScorecard.js';
import accountPlan from './views/accountPlan.js';
import territoryMap from './views/territoryMap.js';

const VIEWS = { ...healthScorecard, ...accountPlan, ...territoryMap };
const view = new URLSearchParams(location.search).get('view') || 'scorecard';
window.__preview = { apex: {}, calls: [], metrics: {}, toasts: [] };

const run = VIEWS[view] || (() => Promise.reject(new Error(`unknown view "${view}"; views: ${Object.keys(VIEWS).join(', ')}`)));
run().then(
    () => document.body.setAttribute('data-ready', 'true'),
    (error) => {
        document.body.setAttribute('data-ready', 'error');
        document.getElementById('root').textContent = `Preview failed: ${error.message}`;
    }
);
