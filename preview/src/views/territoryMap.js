// Preview view of abmTerritoryMap on an app page (territory): the generated 500 AE / 7,500 Tier 1 account territory,
// answered by src/territoryModel.mjs the way AbmTerritoryMapController answers in an org. Records first-render timings
// in window.__preview.metrics for test/bench/territory-map.ts.
import AbmTerritoryMap from 'c/abmTerritoryMap';
import { json, mount, painted, params } from '../harness.js';
import { bookOf, search, summarise } from '../territoryModel.mjs';

async function territory() {
    const canReassign = !params.has('noPermission');
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

export default { territory };
