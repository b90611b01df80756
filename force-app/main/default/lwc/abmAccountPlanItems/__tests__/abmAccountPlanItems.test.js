import { createElement } from '@lwc/engine-dom';
import AbmAccountPlanItems from 'c/abmAccountPlanItems';
import { createRecord, updateRecord, deleteRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock(
    '@salesforce/label/c.ABM_MetricTarget',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_MetricTarget'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_NotSet', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NotSet'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_Overdue', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_Overdue'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_ObjectivesTitle',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ObjectivesTitle'),
    { virtual: true }
);
jest.mock('@salesforce/label/c.ABM_EditItem', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_EditItem'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_NoneOption', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoneOption'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_SaveFailed', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_SaveFailed'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_DiscardItemConfirm',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DiscardItemConfirm'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_DeleteConfirm',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DeleteConfirm'),
    { virtual: true }
);
jest.mock('@salesforce/label/c.ABM_NoActions', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoActions'), {
    virtual: true
});

const PLAN = require('../../abmAccountPlan/__tests__/data/getPlan.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

const OBJECTIVE_INFO = {
    apiName: 'ABM_PlanObjective__c',
    fields: {
        Name: { label: 'Objective' },
        Metric__c: { label: 'Metric' },
        Target__c: { label: 'Target' },
        AccountableUser__c: { label: 'Owner' },
        DueDate__c: { label: 'Due Date' },
        Status__c: { label: 'Status' }
    }
};

function mount(kind, props = {}) {
    const el = createElement('c-abm-account-plan-items', { is: AbmAccountPlanItems });
    Object.assign(
        el,
        {
            kind,
            items: kind === 'objective' ? PLAN.objectives : PLAN.actions,
            planId: PLAN.planId,
            today: PLAN.today,
            team: PLAN.team,
            contacts: PLAN.contacts,
            statusOptions: PLAN.statusOptions[kind],
            canEdit: true,
            canDelete: true
        },
        props
    );
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();
const field = (el, key) => $(el, `[data-form-field][data-key="${key}"]`);

async function set(el, key, value) {
    const input = field(el, key);
    input.value = value;
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
    await flushPromises();
}

beforeEach(() => {
    LightningConfirm.open = jest.fn().mockResolvedValue(true);
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('lists objectives with metric and target, owner, due date in the user locale and status label', async () => {
    const el = mount('objective');
    getObjectInfo.emit(OBJECTIVE_INFO);
    await flushPromises();
    const items = all(el, 'li.abm-item');
    expect(items).toHaveLength(2);
    expect(text(items[0].querySelector('.abm-item__measure'))).toBe('Trucks live on the platform → 150 trucks');
    expect(items[0].querySelector('.abm-item__owner').textContent).toBe('Ana Lopez');
    expect(text(items[0].querySelector('.abm-item__due'))).toBe('Jun 30, 2026');
    expect(items[0].querySelector('.abm-item__status').textContent).toBe('On Track');
    expect(items[1].querySelector('.abm-item__owner').textContent).toBe('Not set');
    // Due Feb 28, not started: overdue.
    expect(items[1].className).toContain('abm-item_overdue');
    expect(text(items[1].querySelector('.abm-item__due'))).toBe('Feb 28, 2026 · Overdue');
    expect(el.shadowRoot.querySelector('h2').textContent).toBe('Measurable objectives');
    await expect(el).toBeAccessible();
});

it('lists the mutual action plan with the owner on each side and marks open steps past due', async () => {
    const el = mount('action');
    await flushPromises();
    const items = all(el, 'li.abm-item');
    expect(items[0].querySelector('.abm-item__contact').textContent).toBe('Chloe Martin');
    expect(items[0].className).toContain('abm-item_overdue');
    expect(items[1].className).not.toContain('abm-item_overdue');
    expect(items[0].querySelector('[data-action="edit"]').alternativeText).toBe('Edit Security review with IT');
});

it('adds an objective as a child record of the plan and tells the plan to reload', async () => {
    createRecord.mockResolvedValueOnce({ id: 'a04000000000009AAA' });
    const el = mount('objective');
    const changes = jest.fn();
    el.addEventListener('change', changes);
    $(el, '[data-id="new-item"]').click();
    await flushPromises();
    expect(field(el, 'status').value).toBe('Not Started');
    expect(field(el, 'ownerId').options.map((o) => o.label)).toEqual(['--None--', 'Ana Lopez', 'Ben Okafor']);

    await set(el, 'name', 'Expand to the German depots');
    await set(el, 'metric', 'Depots live');
    await set(el, 'target', '4 depots');
    await set(el, 'ownerId', '005000000000002AAA');
    await set(el, 'dueDate', '2026-12-15');
    $(el, '[data-id="save-item"]').click();
    await flushPromises();

    expect(createRecord).toHaveBeenCalledWith({
        apiName: 'ABM_PlanObjective__c',
        fields: {
            Name: 'Expand to the German depots',
            Metric__c: 'Depots live',
            Target__c: '4 depots',
            AccountableUser__c: '005000000000002AAA',
            DueDate__c: '2026-12-15',
            Status__c: 'Not Started',
            AccountPlan__c: 'a01000000000001AAA'
        }
    });
    expect($(el, '[data-form-field]')).toBeNull();
    expect(changes).toHaveBeenCalledTimes(1);
});

it('does not save while a field is invalid', async () => {
    const el = mount('objective');
    $(el, '[data-id="new-item"]').click();
    await flushPromises();
    field(el, 'name').reportValidity = () => false;

    $(el, '[data-id="save-item"]').click();
    await flushPromises();

    expect(createRecord).not.toHaveBeenCalled();
    expect($(el, '[data-form-field]')).not.toBeNull();
});

it('keeps the form and everything typed when a save is rejected', async () => {
    updateRecord.mockRejectedValueOnce({
        body: { output: { fieldErrors: { DueDate__c: [{ message: 'Due date must be in the future.' }] } } }
    });
    const el = mount('action');
    const toasts = [];
    el.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    $(el, '[data-action="edit"][data-id="a05000000000002AAA"]').click();
    await flushPromises();
    expect(field(el, 'name').value).toBe('Pilot scope signed');
    await set(el, 'dueDate', '2020-01-01');
    await set(el, 'contactId', '003000000000003AAA');

    $(el, '[data-id="save-item"]').click();
    await flushPromises();

    expect(updateRecord).toHaveBeenCalledWith({
        fields: {
            Id: 'a05000000000002AAA',
            Name: 'Pilot scope signed',
            AccountableUser__c: '005000000000001AAA',
            CustomerContact__c: '003000000000003AAA',
            DueDate__c: '2020-01-01',
            Status__c: 'Not Started'
        }
    });
    expect(field(el, 'dueDate').value).toBe('2020-01-01');
    expect(field(el, 'contactId').value).toBe('003000000000003AAA');
    expect($(el, '.abm-items__error').textContent).toBe('Due date must be in the future.');
    expect(toasts[0]).toMatchObject({ variant: 'error', title: 'Could not save' });
    expect(el.isDirty).toBe(true);
});

it('asks before opening another item over unsaved changes', async () => {
    const el = mount('action');
    $(el, '[data-action="edit"][data-id="a05000000000001AAA"]').click();
    await flushPromises();
    await set(el, 'name', 'Security review with IT and legal');
    LightningConfirm.open.mockResolvedValueOnce(false);

    $(el, '[data-action="edit"][data-id="a05000000000002AAA"]').click();
    await flushPromises();

    expect(LightningConfirm.open).toHaveBeenCalledWith(
        expect.objectContaining({ message: 'You have unsaved changes to "Security review with IT". Discard them?' })
    );
    expect(field(el, 'name').value).toBe('Security review with IT and legal');

    $(el, '[data-action="edit"][data-id="a05000000000002AAA"]').click();
    await flushPromises();
    expect(field(el, 'name').value).toBe('Pilot scope signed');
});

it('deletes after confirmation only', async () => {
    const el = mount('objective');
    const changes = jest.fn();
    el.addEventListener('change', changes);
    LightningConfirm.open.mockResolvedValueOnce(false);
    $(el, '[data-action="delete"][data-id="a04000000000002AAA"]').click();
    await flushPromises();
    expect(deleteRecord).not.toHaveBeenCalled();

    $(el, '[data-action="delete"][data-id="a04000000000002AAA"]').click();
    await flushPromises();
    expect(LightningConfirm.open).toHaveBeenLastCalledWith(
        expect.objectContaining({ message: 'Delete "Executive sponsor named"? This cannot be undone.' })
    );
    expect(deleteRecord).toHaveBeenCalledWith('a04000000000002AAA');
    expect(changes).toHaveBeenCalledTimes(1);
});

it('is read only without edit access', () => {
    const el = mount('objective', { canEdit: false, canDelete: false });
    expect($(el, '[data-id="new-item"]')).toBeNull();
    expect($(el, '[data-action="edit"]')).toBeNull();
    expect($(el, '[data-action="delete"]')).toBeNull();
});

it('says what to add when there is nothing yet', () => {
    const el = mount('action', { items: [] });
    expect($(el, '.abm-items__empty').textContent).toBe('No steps yet. Agree the next steps with the customer and add them here.');
});
