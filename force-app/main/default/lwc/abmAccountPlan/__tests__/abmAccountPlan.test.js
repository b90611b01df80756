import { createElement } from '@lwc/engine-dom';
import AbmAccountPlan from 'c/abmAccountPlan';
import getPlan from '@salesforce/apex/AbmAccountPlanController.getPlan';
import createPlan from '@salesforce/apex/AbmAccountPlanController.createPlan';
import { updateRecord } from 'lightning/uiRecordApi';
import LightningConfirm from 'lightning/confirm';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock(
    '@salesforce/label/c.ABM_SectionPlaceholder',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_SectionPlaceholder'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CriterionSections',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CriterionSections'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CriterionObjectives',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CriterionObjectives'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CriterionActions',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CriterionActions'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CriterionCommittee',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CriterionCommittee'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CompletenessValue',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CompletenessValue'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CompletenessBar',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CompletenessBar'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_Completeness',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_Completeness'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_ReviewOverdue',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ReviewOverdue'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ReviewDueIn',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ReviewDueIn'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_Saved', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_Saved'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_SaveFailed', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_SaveFailed'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_DiscardSectionConfirm',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DiscardSectionConfirm'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_StatusReverted',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_StatusReverted'),
    { virtual: true }
);
jest.mock('@salesforce/label/c.ABM_NoPlan', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoPlan'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_NoPlanReadOnly',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoPlanReadOnly'),
    { virtual: true }
);

jest.mock(
    '@salesforce/apex/AbmAccountPlanController.getPlan',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/AbmAccountPlanController.createPlan', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const PLAN = require('./data/getPlan.json');
const NO_PLAN = require('./data/getPlanNoPlan.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-account-plan', { is: AbmAccountPlan });
    Object.assign(el, { recordId: '001000000000001AAA', ...props });
    document.body.appendChild(el);
    return el;
}

const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function loaded(data = PLAN, props = {}) {
    const el = mount(props);
    getPlan.emit(data);
    await flushPromises();
    return el;
}

function toastsOf(el) {
    const toasts = [];
    el.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    return toasts;
}

async function editSection(el, field) {
    $(el, `[data-action="edit-section"][data-field="${field}"]`).click();
    await flushPromises();
    return $(el, '[data-id="section-draft"]');
}

async function type(input, value) {
    input.value = value;
    input.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
}

beforeEach(() => {
    LightningConfirm.open = jest.fn().mockResolvedValue(true);
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('shows a spinner until the plan arrives, for the record on the page', async () => {
    const el = mount();
    expect($(el, 'lightning-spinner')).not.toBeNull();
    await flushPromises();
    expect(getPlan.getLastConfig()).toEqual({ accountId: '001000000000001AAA' });
});

it('judges each section by what it says, not by its length', async () => {
    const el = await loaded();
    const states = Object.fromEntries(
        all(el, 'li.abm-section').map((s) => [s.dataset.field, s.querySelector('[data-state]').dataset.state])
    );
    expect(states).toMatchObject({
        Overview__c: 'written',
        Challenges__c: 'written',
        SalesStrategy__c: 'written',
        CompetitorPositioning__c: 'placeholder',
        CampaignStrategy__c: 'short',
        BuyingCommittee__c: 'empty'
    });
    expect(text($(el, 'li.abm-section[data-field="CompetitorPositioning__c"] [data-state]'))).toBe('Placeholder');
});

it('measures completeness from content: sections, measurable objectives, a live action plan, the committee and the review', async () => {
    const el = await loaded();
    const criteria = all(el, 'li.abm-criterion');
    expect(criteria.map((c) => [c.dataset.key, c.dataset.met])).toEqual([
        ['sections', 'false'],
        ['objectives', 'true'],
        ['actions', 'false'],
        ['committee', 'false'],
        ['review', 'false']
    ]);
    expect(text(criteria[0])).toBe('3 of 10 sections written');
    expect(text(criteria[1])).toBe('A measurable objective with metric, target, owner and due date (1 of 2 objectives)');
    expect(text(criteria[2])).toBe('A next step with an owner on each side and a due date, none overdue (1 step overdue)');
    expect(text(criteria[3])).toBe('Every required buying role filled (2 missing)');
    // (0.3 + 1 + 0 + 0 + 0) / 5
    expect($(el, '.abm-overall').textContent).toBe('26% complete');
    const bar = $(el, '.abm-completeness lightning-progress-bar');
    expect(bar.value).toBe(26);
    expect(bar.ariaLabel).toBe('Plan completeness: 26% complete');
});

it('warns when the quarterly review is overdue, with the date in the user locale', async () => {
    const el = await loaded();
    const review = $(el, 'p.abm-review');
    expect(review.dataset.state).toBe('overdue');
    expect(text(review)).toBe('Review overdue since Feb 18, 2026 (20 days)');
    expect($(el, '.abm-last-reviewed').textContent).toBe('Nov 20, 2025');
    expect($(el, '.abm-next-review').textContent).toBe('Feb 18, 2026');
});

it('says when the review is due, in days', async () => {
    const el = await loaded({ ...PLAN, nextReviewDate: '2026-03-11' });
    expect(text($(el, 'p.abm-review'))).toBe('Review due in 1 day (Mar 11, 2026)');
});

it('edits a section in place, saves it through LDS, closes the editor and gives focus back to its pencil', async () => {
    const el = await loaded();
    const toasts = toastsOf(el);
    const draft = await editSection(el, 'History__c');
    expect(draft.value).toBe('');
    await type(draft, 'Customer since 2019 on the legacy product.');

    $(el, '[data-id="save"]').click();
    await flushPromises();

    expect(updateRecord).toHaveBeenCalledWith({
        fields: { Id: 'a01000000000001AAA', History__c: 'Customer since 2019 on the legacy product.' }
    });
    expect(refreshApex).toHaveBeenCalled();
    expect($(el, '[data-id="section-draft"]')).toBeNull();
    expect(toasts[0]).toMatchObject({ variant: 'success', title: 'Saved' });
});

it('never loses text: a failed save keeps the editor open with the draft and says why', async () => {
    updateRecord.mockRejectedValueOnce({ body: { output: { errors: [{ message: 'Insufficient access rights on cross-reference id' }] } } });
    const el = await loaded();
    const toasts = toastsOf(el);
    const draft = await editSection(el, 'History__c');
    await type(draft, 'Three paragraphs the AE typed for twenty minutes.');

    $(el, '[data-id="save"]').click();
    await flushPromises();

    const stillOpen = $(el, '[data-id="section-draft"]');
    expect(stillOpen).not.toBeNull();
    expect(stillOpen.value).toBe('Three paragraphs the AE typed for twenty minutes.');
    expect($(el, '.abm-section-error').textContent).toBe('Insufficient access rights on cross-reference id');
    expect(toasts[0]).toMatchObject({
        variant: 'error',
        title: 'Could not save',
        message: 'Insufficient access rights on cross-reference id'
    });
    expect(refreshApex).not.toHaveBeenCalled();
    await expect(el).toBeAccessible();
});

it('asks before leaving a section with unsaved changes, and stays when the user says no', async () => {
    const el = await loaded();
    const draft = await editSection(el, 'History__c');
    await type(draft, 'Unsaved words');
    LightningConfirm.open.mockResolvedValueOnce(false);

    $(el, '[data-action="edit-section"][data-field="Timeline__c"]').click();
    await flushPromises();

    expect(LightningConfirm.open).toHaveBeenCalledWith(
        expect.objectContaining({
            message: 'You have unsaved changes to History. Discard them and edit another section?',
            theme: 'warning'
        })
    );
    const editor = $(el, '[data-id="section-draft"]');
    expect(editor.closest('li').dataset.field).toBe('History__c');
    expect(editor.value).toBe('Unsaved words');
});

it('switches section after the user agrees to discard, and does not ask when nothing changed', async () => {
    const el = await loaded();
    const draft = await editSection(el, 'History__c');
    await type(draft, 'Unsaved words');

    $(el, '[data-action="edit-section"][data-field="Timeline__c"]').click();
    await flushPromises();
    expect($(el, '[data-id="section-draft"]').closest('li').dataset.field).toBe('Timeline__c');
    expect(LightningConfirm.open).toHaveBeenCalledTimes(1);

    $(el, '[data-action="edit-section"][data-field="Overview__c"]').click();
    await flushPromises();
    expect($(el, '[data-id="section-draft"]').closest('li').dataset.field).toBe('Overview__c');
    expect(LightningConfirm.open).toHaveBeenCalledTimes(1);
});

it('cancels an edit without saving', async () => {
    const el = await loaded();
    await editSection(el, 'History__c');
    $(el, '[data-id="cancel"]').click();
    await flushPromises();
    expect($(el, '[data-id="section-draft"]')).toBeNull();
    expect(updateRecord).not.toHaveBeenCalled();
});

it('changes the status through LDS with the values in the user language', async () => {
    const el = await loaded();
    const status = $(el, '[data-id="status"]');
    expect(status.options.map((o) => o.value)).toEqual(['Draft', 'Active', 'Under Review', 'Archived']);
    status.dispatchEvent(new CustomEvent('change', { detail: { value: 'Under Review' } }));
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: 'a01000000000001AAA', Status__c: 'Under Review' } });
});

it('puts the saved status back when a status change is rejected', async () => {
    updateRecord.mockRejectedValueOnce({ body: { message: 'Only one plan per account can be Active.' } });
    const el = await loaded({ ...PLAN, status: 'Draft' });
    const toasts = toastsOf(el);
    const status = $(el, '[data-id="status"]');

    status.dispatchEvent(new CustomEvent('change', { detail: { value: 'Active' } }));
    await flushPromises();

    expect($(el, '[data-id="status"]').value).toBe('Draft');
    expect(toasts[0]).toMatchObject({ variant: 'error', title: 'Status not changed', message: 'Only one plan per account can be Active.' });
});

it('marks the plan reviewed today with the next review a quarter out', async () => {
    const el = await loaded();
    $(el, '[data-id="mark-reviewed"]').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({
        fields: { Id: 'a01000000000001AAA', LastReviewedDate__c: '2026-03-10', NextReviewDate__c: '2026-06-08' }
    });
});

it('passes objectives, the mutual action plan, the team, the contacts and the access to the child lists', async () => {
    const el = await loaded();
    const [objectives, actions] = all(el, 'c-abm-account-plan-items');
    expect(objectives.kind).toBe('objective');
    expect(objectives.items).toHaveLength(2);
    expect(objectives.planId).toBe('a01000000000001AAA');
    expect(objectives.canEdit).toBe(true);
    expect(objectives.statusOptions.map((o) => o.value)).toContain('On Track');
    expect(actions.kind).toBe('action');
    expect(actions.contacts).toEqual(PLAN.contacts);
    expect(actions.team).toEqual(PLAN.team);

    actions.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect(refreshApex).toHaveBeenCalled();
});

it('re-reads the plan when the record page refreshes (a contact saved from "Add <role>"), keeping an open draft', async () => {
    const el = await loaded();
    expect(registerRefreshHandler).toHaveBeenCalledTimes(1);
    const [component, handler] = registerRefreshHandler.mock.calls[0];
    const draft = await editSection(el, 'Timeline__c');
    await type(draft, 'Half-written timeline');

    // The standard new-contact form saved a Decision Maker: the page refreshes, the gap closes.
    const refreshed = await handler.call(component);
    expect(refreshed).toBe(true);
    expect(refreshApex).toHaveBeenCalledTimes(1);
    expect(refreshApex.mock.calls[0][0].data).toEqual(PLAN);
    const withDecisionMaker = {
        ...PLAN,
        committee: { ...PLAN.committee, gaps: PLAN.committee.gaps.filter((g) => g.role !== 'Decision Maker') }
    };
    getPlan.emit(withDecisionMaker);
    await flushPromises();
    expect($(el, 'c-abm-account-plan-committee').committee.gaps.map((g) => g.role)).toEqual(['Economic Buyer', null]);
    expect($(el, '[data-id="section-draft"]').value).toBe('Half-written timeline');

    el.remove();
    expect(unregisterRefreshHandler).toHaveBeenCalledWith(registerRefreshHandler.mock.results[0].value);
});

it('offers Edit only to users with edit access to this plan', async () => {
    const readOnly = {
        ...PLAN,
        access: {
            canCreate: false,
            canEdit: false,
            canEditObjectives: false,
            canEditActions: false,
            canDeleteObjectives: false,
            canDeleteActions: false
        }
    };
    const el = await loaded(readOnly);
    expect(all(el, '[data-action="edit-section"]')).toHaveLength(0);
    expect($(el, '[data-id="status"]')).toBeNull();
    expect($(el, '.abm-status').textContent).toBe('Active');
    expect($(el, '[data-id="mark-reviewed"]')).toBeNull();
    expect(all(el, 'c-abm-account-plan-items').every((c) => c.canEdit === false)).toBe(true);
});

it('stacks the header in a narrow region', async () => {
    const el = await loaded(PLAN, { flexipageRegionWidth: 'SMALL' });
    expect($(el, '.abm-plan-header > div').className).toBe('slds-col slds-size_1-of-1');
    expect($(el, 'c-abm-account-plan-items').regionWidth).toBe('SMALL');
});

it('offers to create the plan when the account has none, then refreshes', async () => {
    createPlan.mockResolvedValue('a01000000000009AAA');
    const el = await loaded(NO_PLAN);
    expect($(el, 'c-abm-empty-state').message).toBe('This account has no plan yet.');
    $(el, '[data-id="create"]').click();
    await flushPromises();
    expect(createPlan).toHaveBeenCalledWith({ accountId: '001000000000001AAA' });
    expect(refreshApex).toHaveBeenCalled();
});

it('shows no create button to users who cannot create plans', async () => {
    const el = await loaded({ ...NO_PLAN, access: { ...NO_PLAN.access, canCreate: false } });
    expect($(el, '[data-id="create"]')).toBeNull();
    expect($(el, 'c-abm-empty-state').message).toBe('This account has no plan yet. Its owner can create one.');
});

it('hides the committee when the design property says so', async () => {
    const el = await loaded(PLAN, { hideCommittee: true });
    expect($(el, 'c-abm-account-plan-committee')).toBeNull();
});

it('shows the error panel when the plan fails to load', async () => {
    const el = mount();
    getPlan.error({ message: 'You do not have access to the ABM data this component shows.' });
    await flushPromises();
    expect($(el, 'c-abm-error-panel')).not.toBeNull();
    await expect(el).toBeAccessible();
});

it('is accessible with data', async () => {
    const el = await loaded();
    await expect(el).toBeAccessible();
});
