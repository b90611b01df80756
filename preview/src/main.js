// Preview entry: mounts one ABM component with fixture data outside Salesforce (real LWC engine, synthetic shadow,
// lightning-base-components, SLDS). The view comes from ?view=scorecard | scorecard-list | territory | plan.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import AbmHealthScorecard from 'c/abmHealthScorecard';
import AbmTerritoryMap from 'c/abmTerritoryMap';
import AbmAccountPlan from 'c/abmAccountPlan';
import { bookOf, search, summarise } from './territoryModel.mjs';

const params = new URLSearchParams(location.search);
const view = params.get('view') || 'scorecard';
const canReassign = !params.has('noPermission');
window.__preview = { apex: {}, calls: [], metrics: {}, toasts: [] };

async function json(name) {
    const response = await fetch(`/out/preview/fixtures/${name}`);
    if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
    return response.json();
}

function showToast(event) {
    const { title, message, variant } = event.detail;
    window.__preview.toasts.push(event.detail);
    const region = document.getElementById('toasts');
    const toast = document.createElement('div');
    toast.className = `slds-notify slds-notify_toast slds-theme_${variant === 'error' ? 'error' : 'success'}`;
    toast.setAttribute('role', 'status');
    toast.innerHTML = '<div class="slds-notify__content"><h2 class="slds-text-heading_small"></h2><p></p></div>';
    toast.querySelector('h2').textContent = title;
    toast.querySelector('p').textContent = message || '';
    region.appendChild(toast);
}

function mount(tag, ctor, props) {
    const el = createElement(tag, { is: ctor });
    Object.assign(el, props);
    el.addEventListener('lightning__showtoast', showToast);
    document.getElementById('root').appendChild(el);
    return el;
}

/** Resolves after the frame in which `selector` (inside the component) first has at least one match is painted. */
function painted(el, selector) {
    return new Promise((resolve) => {
        const check = () => {
            if (el.shadowRoot && el.shadowRoot.querySelector(selector)) {
                requestAnimationFrame(() => resolve(performance.now()));
            } else {
                requestAnimationFrame(check);
            }
        };
        check();
    });
}

async function scorecard() {
    const card = await json('getScorecard.json');
    window.__preview.apex['AbmHealthController.getScorecard'] = () => card;
    mount('c-abm-health-scorecard', AbmHealthScorecard, { recordId: card.accountId });
}

async function scorecardList() {
    const all = await json('scorecard-list.json');
    window.__preview.apex['AbmHealthController.getAccountList'] = ({ pageSize, pageNumber }) => {
        const last = Math.max(1, Math.ceil(all.rows.length / pageSize));
        const page = Math.min(Math.max(1, pageNumber), last);
        return { ...all, total: all.rows.length, pageSize, pageNumber: page, rows: all.rows.slice((page - 1) * pageSize, page * pageSize) };
    };
    mount('c-abm-health-scorecard', AbmHealthScorecard, { listScope: 'TEAM', tiers: '1', pageSize: 8 });
}

async function territory() {
    const started = performance.now();
    const summary = await json('territory-summary.json');
    const fixtureMs = performance.now() - started;
    let model;
    let dirty = false;
    const loadModel = async () => {
        model = model || (await json('territory-model.json'));
        return model;
    };
    const apex = window.__preview.apex;
    apex['AbmTerritoryMapController.getSummary'] = async ({ includeTier2 }) =>
        dirty ? summarise(await loadModel(), includeTier2, canReassign) : summary;
    apex['AbmTerritoryMapController.getAeAccounts'] = async ({ ownerId, includeTier2 }) =>
        ownerId ? bookOf(await loadModel(), ownerId, includeTier2) : [];
    apex['AbmTerritoryMapController.searchAccounts'] = async ({ term, includeTier2 }) => search(await loadModel(), term, includeTier2);
    apex['AbmTerritoryMapController.reassignAccount'] = async ({ accountId, newOwnerId }) => {
        const m = await loadModel();
        const account = m.accounts.find((a) => a.id === accountId);
        const previousOwnerId = account.ownerId;
        account.ownerId = newOwnerId;
        dirty = true;
        return { accountId, previousOwnerId, newOwnerId };
    };
    const t0 = performance.now();
    const el = mount('c-abm-territory-map', AbmTerritoryMap, { includeTier2: false, pageSize: 50 });
    const t1 = await painted(el, 'table.abm-aes tbody tr');
    Object.assign(window.__preview.metrics, {
        fixtureLoadMs: fixtureMs,
        firstRenderMs: t1 - t0,
        aeCount: summary.aes.length,
        tier1Count: summary.tier1Count,
        summaryBytes: JSON.stringify(summary).length
    });
}

async function plan() {
    const data = await json('getPlan.json');
    let current = data;
    window.__preview.apex['AbmAccountPlanController.getPlan'] = () => current;
    window.__preview.apex['AbmAccountPlanController.createPlan'] = () => current.planId;
    window.__preview.onUpdateRecord = ({ fields }) => {
        const next = { ...current, sections: current.sections.map((s) => (s.field in fields ? { ...s, value: fields[s.field] } : s)) };
        if ('Status__c' in fields) next.status = fields.Status__c;
        if ('LastReviewedDate__c' in fields) next.lastReviewedDate = fields.LastReviewedDate__c;
        if ('NextReviewDate__c' in fields) next.nextReviewDate = fields.NextReviewDate__c;
        current = next;
        return { id: fields.Id };
    };
    mount('c-abm-account-plan', AbmAccountPlan, { recordId: data.accountId });
}

const views = { scorecard, 'scorecard-list': scorecardList, territory, plan };
(views[view] || scorecard)().then(
    () => document.body.setAttribute('data-ready', 'true'),
    (error) => {
        document.body.setAttribute('data-ready', 'error');
        document.getElementById('root').textContent = `Preview failed: ${error.message}`;
    }
);
