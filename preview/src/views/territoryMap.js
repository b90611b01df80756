// Preview view of abmTerritoryMap on an app page (territory), with Tier 2 counted as on ABM_Territory_Map: the
// generated 500 AE / 7,500 Tier 1 account territory, answered by src/territoryModel.mjs the way
// AbmTerritoryMapController answers in an org. ?noPermission: a user without ABM_ReassignAccounts. Records
// first-render timings in window.__preview.metrics for test/bench/territory-map.ts.
import AbmTerritoryMap from 'c/abmTerritoryMap';
import { json, mount, painted, query } from '../harness.js';
import { ownerPage, reassign, search, summarise, unassignedPage } from '../territoryModel.mjs';

const REGIONS = ['North America', 'EMEA', 'APAC', 'LATAM'];
const INDUSTRIES = ['Energy', 'Finance', 'Healthcare', 'Logistics', 'Manufacturing', 'Media', 'Retail', 'Technology'];

function picklist(values) {
    return { values: values.map((value) => ({ value, label: value, attributes: null, validFor: [] })) };
}

async function territory() {
    const canReassign = !query().has('noPermission');
    const started = performance.now();
    const summary = await json('territory-summary.json');
    const fixtureMs = performance.now() - started;
    let model;
    let dirty = false;
    const loadModel = async () => {
        model = model || (await json('territory-model.json'));
        return model;
    };
    window.__preview.objectInfo = { Account: { apiName: 'Account', defaultRecordTypeId: '012000000000000AAA' } };
    window.__preview.picklists = { 'Account.ABM_Region__c': picklist(REGIONS), 'Account.Industry': picklist(INDUSTRIES) };
    const apex = window.__preview.apex;
    apex['AbmTerritoryMapController.getSummary'] = async ({ includeTier2 }) =>
        dirty ? summarise(await loadModel(), includeTier2, canReassign) : { ...summary, canReassign };
    apex['AbmTerritoryMapController.getOwnerAccounts'] = async (request) => ownerPage(await loadModel(), request);
    apex['AbmTerritoryMapController.getUnassignedAccounts'] = async (request) => unassignedPage(await loadModel(), request);
    apex['AbmTerritoryMapController.searchAccounts'] = async ({ term, includeTier2 }) => search(await loadModel(), term, includeTier2);
    apex['AbmTerritoryMapController.reassignAccount'] = async ({ accountId, newOwnerId }) => {
        const result = reassign(await loadModel(), accountId, newOwnerId);
        dirty = true;
        return result;
    };
    const t0 = performance.now();
    const el = mount('c-abm-territory-map', AbmTerritoryMap, { includeTier2: true, pageSize: 50 });
    const t1 = await painted(el, '.abm-ae-name');
    Object.assign(window.__preview.metrics, {
        fixtureLoadMs: fixtureMs,
        firstRenderMs: t1 - t0,
        aeCount: summary.aes.length,
        tier1Count: summary.tier1Count,
        summaryBytes: JSON.stringify(summary).length
    });
}

export default { territory };
