import { createElement } from '@lwc/engine-dom';
import AbmAccountPlan from 'c/abmAccountPlan';
import getPlan from '@salesforce/apex/AbmAccountPlanController.getPlan';
import createPlan from '@salesforce/apex/AbmAccountPlanController.createPlan';
import { updateRecord } from 'lightning/uiRecordApi';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

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

it('renders every template section with its completeness meter', async () => {
    const el = await loaded();
    const sections = all(el, 'li.abm-section');
    expect(sections.map((s) => s.dataset.field)).toEqual(PLAN.sections.map((s) => s.field));
    const bars = sections.map((s) => s.querySelector('lightning-progress-bar').value);
    expect(bars[0]).toBe(100);
    expect(bars[3]).toBe(31);
    expect(bars[1]).toBe(0);
    expect(sections[1].querySelector('.abm-section-empty')).not.toBeNull();
    // (100 + 31 + 22 + 7 × 0) / 10
    expect($(el, 'div.slds-var-m-vertical_small lightning-progress-bar').value).toBe(15);
});

it('counts a section complete at the design property characters', async () => {
    const el = await loaded(PLAN, { completeCharacters: 50 });
    expect(all(el, 'li.abm-section lightning-progress-bar')[3].value).toBe(100);
});

it('warns when the quarterly review is overdue', async () => {
    const el = await loaded();
    const review = $(el, 'p.abm-review');
    expect(review.dataset.state).toBe('overdue');
    expect(review.classList.contains('abm-review_warning')).toBe(true);
    expect(review.querySelector('lightning-icon').iconName).toBe('utility:warning');
});

it('shows the review as due when the next review is ahead', async () => {
    const el = await loaded({ ...PLAN, nextReviewDate: '2026-04-01' });
    expect($(el, 'p.abm-review').dataset.state).toBe('due');
});

it('shows the buying committee with roles and gaps', async () => {
    const el = await loaded();
    expect(all(el, 'tr.abm-member')).toHaveLength(4);
    expect(all(el, 'li.abm-gap').map((g) => g.dataset.code)).toEqual(['MISSING_ROLE', 'MISSING_ROLE', 'FEW_ENGAGED']);
    expect(all(el, 'tr.abm-member')[3].textContent).toContain('c.ABM_LeftCompany');
});

it('edits a section inline and saves it through LDS', async () => {
    const el = await loaded();
    const toasts = toastsOf(el);
    all(el, 'lightning-button-icon.abm-edit')[1].click();
    await flushPromises();
    const draft = $(el, 'lightning-textarea.abm-draft');
    expect(draft.value).toBe('');
    draft.value = 'Priya (COO) champions; IT evaluates.';
    draft.dispatchEvent(new CustomEvent('change'));
    $(el, '[data-id="save"]').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: PLAN.planId, BuyingCommittee__c: 'Priya (COO) champions; IT evaluates.' } });
    expect(refreshApex).toHaveBeenCalled();
    expect(toasts[0].variant).toBe('success');
    expect($(el, 'lightning-textarea.abm-draft')).toBeNull();
});

it('cancels an edit without saving', async () => {
    const el = await loaded();
    all(el, 'lightning-button-icon.abm-edit')[0].click();
    await flushPromises();
    $(el, '[data-id="cancel"]').click();
    await flushPromises();
    expect(updateRecord).not.toHaveBeenCalled();
    expect($(el, 'lightning-textarea.abm-draft')).toBeNull();
});

it('changes the status and marks the plan reviewed today with the next review a quarter out', async () => {
    const el = await loaded();
    const status = $(el, '[data-id="status"]');
    status.dispatchEvent(new CustomEvent('change', { detail: { value: 'Under Review' } }));
    await flushPromises();
    expect(updateRecord).toHaveBeenLastCalledWith({ fields: { Id: PLAN.planId, Status__c: 'Under Review' } });
    $(el, '[data-id="mark-reviewed"]').click();
    await flushPromises();
    expect(updateRecord).toHaveBeenLastCalledWith({
        fields: { Id: PLAN.planId, LastReviewedDate__c: '2026-03-10', NextReviewDate__c: '2026-06-08' }
    });
});

it('toasts the reduced error when a save fails', async () => {
    updateRecord.mockRejectedValueOnce({
        body: { output: { errors: [{ message: 'The next review date must be on or after the last reviewed date.' }] } }
    });
    const el = await loaded();
    const toasts = toastsOf(el);
    $(el, '[data-id="mark-reviewed"]').click();
    await flushPromises();
    expect(toasts).toEqual([
        { title: 'c.ABM_SaveFailed', message: 'The next review date must be on or after the last reviewed date.', variant: 'error' }
    ]);
});

it('is read only without edit access', async () => {
    const el = await loaded({ ...PLAN, canEdit: false });
    expect($(el, '[data-id="status"]')).toBeNull();
    expect($(el, '.abm-status').textContent).toBe('c.ABM_PlanStatusActive');
    expect(all(el, 'lightning-button-icon.abm-edit')).toHaveLength(0);
    expect($(el, '[data-id="mark-reviewed"]')).toBeNull();
});

it('offers to create the plan when the account has none, then refreshes', async () => {
    createPlan.mockResolvedValue('a01000000000009AAA');
    const el = await loaded(NO_PLAN);
    const toasts = toastsOf(el);
    expect($(el, 'c-abm-empty-state')).not.toBeNull();
    expect(all(el, 'li.abm-section')).toHaveLength(0);
    expect(all(el, 'tr.abm-member')).toHaveLength(4);
    $(el, '[data-id="create"]').click();
    await flushPromises();
    expect(createPlan).toHaveBeenCalledWith({ accountId: '001000000000001AAA' });
    expect(refreshApex).toHaveBeenCalled();
    expect(toasts[0].title).toBe('c.ABM_PlanCreated');
});

it('shows no create button to users who cannot create plans', async () => {
    const el = await loaded({ ...NO_PLAN, canCreate: false });
    expect($(el, '[data-id="create"]')).toBeNull();
    expect($(el, 'c-abm-empty-state').message).toBe('c.ABM_NoPlanReadOnly');
});

it('hides the committee when the design property says so', async () => {
    const el = await loaded(PLAN, { hideCommittee: true });
    expect($(el, 'section.abm-committee')).toBeNull();
});

it('shows the error panel when the plan fails to load', async () => {
    const el = mount();
    getPlan.error({ message: 'no access' });
    await flushPromises();
    expect($(el, 'c-abm-error-panel')).not.toBeNull();
    expect($(el, 'section.abm-committee')).toBeNull();
});

it('is accessible with data', async () => {
    const el = await loaded();
    await expect(el).toBeAccessible();
});

it('is accessible with an error', async () => {
    const el = mount();
    getPlan.error();
    await flushPromises();
    await expect(el).toBeAccessible();
});
