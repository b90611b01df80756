// Preview view of abmAccountPlan on an Account record page (plan).
import AbmAccountPlan from 'c/abmAccountPlan';
import { json, mount } from '../harness.js';

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

export default { plan };
