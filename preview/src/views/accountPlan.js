// Preview view of abmAccountPlan on an Account record page (plan): sections, objectives and steps are saved through the
// LDS stand-ins and the view is answered again by getPlan, as refreshApex does in an org. ?failSave: the first save is
// refused like a validation rule, to show that the draft survives. window.__preview.saveContact(role, name) plays the
// standard new-contact form opened by "Add <role>": the contact joins the committee and the page refreshes its view.
import AbmAccountPlan from 'c/abmAccountPlan';
import { json, mount, query } from '../harness.js';

function refuseFirstSave() {
    if (query().has('failSave') && !window.__preview.refused) {
        window.__preview.refused = true;
        throw { body: { output: { errors: [{ message: 'The plan is locked during the quarterly review.' }] } } };
    }
}

async function plan() {
    const data = await json('getPlan.json');
    window.__preview.objectInfos = {
        ABM_PlanObjective__c: await json('objectInfo-ABM_PlanObjective__c.json'),
        ABM_PlanAction__c: await json('objectInfo-ABM_PlanAction__c.json')
    };
    let current = data;
    let created = 0;
    const person = (list, value) => (list.find((p) => p.value === value) || {}).label || null;
    const itemOf = (kind, id, f) => {
        const common = {
            id,
            name: f.Name,
            ownerId: f.AccountableUser__c,
            ownerName: person(current.team, f.AccountableUser__c),
            dueDate: f.DueDate__c,
            status: f.Status__c
        };
        return kind === 'objective'
            ? { ...common, metric: f.Metric__c, target: f.Target__c }
            : { ...common, contactId: f.CustomerContact__c, contactName: person(current.contacts, f.CustomerContact__c) };
    };
    window.__preview.apex['AbmAccountPlanController.getPlan'] = () => current;
    window.__preview.apex['AbmAccountPlanController.createPlan'] = () => current.planId;
    window.__preview.onUpdateRecord = ({ fields }) => {
        refuseFirstSave();
        const { Id, ...values } = fields;
        if (Id === current.planId) {
            const next = { ...current, sections: current.sections.map((s) => (s.field in values ? { ...s, value: values[s.field] } : s)) };
            if ('Status__c' in values) next.status = values.Status__c;
            if ('LastReviewedDate__c' in values) next.lastReviewedDate = values.LastReviewedDate__c;
            if ('NextReviewDate__c' in values) next.nextReviewDate = values.NextReviewDate__c;
            current = next;
        } else {
            current = {
                ...current,
                objectives: current.objectives.map((o) => (o.id === Id ? itemOf('objective', Id, values) : o)),
                actions: current.actions.map((a) => (a.id === Id ? itemOf('action', Id, values) : a))
            };
        }
        return { id: Id };
    };
    window.__preview.onCreateRecord = ({ apiName, fields }) => {
        refuseFirstSave();
        const kind = apiName === 'ABM_PlanObjective__c' ? 'objective' : 'action';
        const id = `a0${kind === 'objective' ? 4 : 5}0000000000${String(900 + ++created)}AAA`;
        const item = itemOf(kind, id, fields);
        current =
            kind === 'objective'
                ? { ...current, objectives: [...current.objectives, item] }
                : { ...current, actions: [...current.actions, item] };
        return { id };
    };
    window.__preview.onDeleteRecord = (id) => {
        current = {
            ...current,
            objectives: current.objectives.filter((o) => o.id !== id),
            actions: current.actions.filter((a) => a.id !== id)
        };
    };
    window.__preview.saveContact = (role, name) => {
        const roleLabel = (current.committee.gaps.find((g) => g.role === role) || {}).roleLabel || role;
        const id = `003000000000${String(900 + ++created)}AAA`;
        const member = { id, name, title: null, role, isEngaged: false, hasLeft: false, roleLabel };
        current = {
            ...current,
            committee: {
                ...current.committee,
                members: [...current.committee.members, member],
                contactCount: current.committee.contactCount + 1,
                gaps: current.committee.gaps.filter((g) => !(g.code === 'MISSING_ROLE' && g.role === role))
            }
        };
        return window.__preview.refreshView();
    };
    mount('c-abm-account-plan', AbmAccountPlan, { recordId: data.accountId });
}

export default { plan };
