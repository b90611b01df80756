// Preview views of abmHealthScorecard: a record page (scorecard) and the list mode for a team (scorecard-list).
// The account's fields come through the LDS stand-in (getRecord re-emits after updateRecord, as LDS does); Apex only
// answers signals and the list. ?failSave: the first save is refused like a validation rule, to show that the draft
// survives.
import AbmHealthScorecard from 'c/abmHealthScorecard';
import { json, mount, query } from '../harness.js';
import { listPage } from '../scorecardListModel.mjs';

function refuseFirstSave() {
    if (query().has('failSave') && !window.__preview.refused) {
        window.__preview.refused = true;
        throw { body: { output: { errors: [{ message: 'The account team is locked during the quarterly review.' }] } } };
    }
}

async function scorecard() {
    const record = await json('getRecord.json');
    const signals = await json('getHealthSignals.json');
    window.__preview.records = { [record.id]: record };
    window.__preview.objectInfos = { Account: await json('getObjectInfo.json') };
    window.__preview.apex['AbmHealthController.getHealthSignals'] = () => signals;
    window.__preview.onUpdateRecord = () => refuseFirstSave();
    mount('c-abm-health-scorecard', AbmHealthScorecard, { recordId: record.id });
}

async function scorecardList() {
    const all = await json('scorecard-list.json');
    window.__preview.objectInfos = { Account: { apiName: 'Account', fields: { ABM_NextStep__c: { updateable: true } } } };
    window.__preview.apex['AbmHealthController.getAccountList'] = (config) => listPage(all, config);
    window.__preview.onUpdateRecord = ({ fields }) => {
        refuseFirstSave();
        const row = all.rows.find((r) => r.accountId === fields.Id);
        if (row && 'ABM_NextStep__c' in fields) {
            row.nextStep = fields.ABM_NextStep__c;
            row.nextStepUpdatedDate = all.today;
        }
        return { id: fields.Id };
    };
    mount('c-abm-health-scorecard', AbmHealthScorecard, { listScope: 'TEAM', tiers: '1', pageSize: 8 });
}

export default { scorecard, 'scorecard-list': scorecardList };
