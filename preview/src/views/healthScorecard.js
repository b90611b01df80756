// Preview views of abmHealthScorecard: a record page (scorecard) and the list mode for a team (scorecard-list).
import AbmHealthScorecard from 'c/abmHealthScorecard';
import { json, mount } from '../harness.js';

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

export default { scorecard, 'scorecard-list': scorecardList };
