import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardFlag from 'c/abmHealthScorecardFlag';
import { getNavigateCalledWith } from 'lightning/navigation';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock(
    '@salesforce/label/c.ABM_FlagStalling',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FlagStalling'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_FlagDormant',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FlagDormant'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_FlagCoverageLow',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FlagCoverageLow'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FlagUnassignedTier1',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FlagUnassignedTier1'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionLogCall',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionLogCall'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionNewTask',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionNewTask'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionAddContact',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionAddContact'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionAddRole',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionAddRole'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionForAccount',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionForAccount'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CallSubject',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CallSubject'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_ReengageSubject',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ReengageSubject'),
    { virtual: true }
);

// The user holds ABM_ReassignAccounts (ops); abmHealthScorecardFlag.noPermission.test.js covers a seller without it.
jest.mock('@salesforce/customPermission/ABM_ReassignAccounts', () => ({ default: true }), { virtual: true });
jest.mock(
    '@salesforce/label/c.ABM_HintAddContact',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_HintAddContact'),
    { virtual: true }
);

const THRESHOLDS = { stallingDays: 21, dormantDays: 60, coverageMinimum: 3 };
const ACCOUNT = { accountId: '001000000000001AAA', accountName: 'Northwind Logistics', today: '2026-03-10', thresholds: THRESHOLDS };

function mount(props) {
    const el = createElement('c-abm-health-scorecard-flag', { is: AbmHealthScorecardFlag });
    Object.assign(el, ACCOUNT, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

beforeEach(() => {
    // The platform encodes defaults as a string; the stub returns undefined, so give it a readable encoding.
    encodeDefaultFieldValues.mockImplementation((values) => `encoded:${JSON.stringify(values)}`);
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('logs a call on a stalling account: the new-task form with the account, subject, completed status and today', async () => {
    const el = mount({ code: 'STALLING' });
    expect($(el, '.abm-badge__text').textContent).toBe('Stalling: no engagement for 21+ days');
    const button = $(el, '[data-id="flag-action"]');
    expect(button.label).toBe('Log a call');
    expect(button.ariaLabel).toBe('Log a call: Northwind Logistics');

    button.click();

    expect(encodeDefaultFieldValues).toHaveBeenCalledWith({
        WhatId: '001000000000001AAA',
        Subject: 'Call',
        Status: 'Completed',
        ActivityDate: '2026-03-10'
    });
    const { pageReference } = getNavigateCalledWith();
    expect(pageReference.type).toBe('standard__objectPage');
    expect(pageReference.attributes).toEqual({ objectApiName: 'Task', actionName: 'new' });
    expect(pageReference.state.navigationLocation).toBe('RELATED_LIST');
    expect(pageReference.state.defaultFieldValues).toContain('"Subject":"Call"');
});

it('opens a re-engagement task on a dormant account', () => {
    const el = mount({ code: 'DORMANT' });
    expect($(el, '.abm-badge__text').textContent).toBe('Dormant: no engagement for 60+ days');
    expect($(el, '[data-id="flag-action"]').label).toBe('New task');

    $(el, '[data-id="flag-action"]').click();

    expect(encodeDefaultFieldValues).toHaveBeenCalledWith({
        WhatId: '001000000000001AAA',
        Subject: 'Re-engage Northwind Logistics',
        ActivityDate: '2026-03-10'
    });
    expect(getNavigateCalledWith().pageReference.attributes.objectApiName).toBe('Task');
});

it('adds a contact with the first missing buying role when coverage is low', async () => {
    const el = mount({
        code: 'COVERAGE_LOW',
        missingRoles: [
            { value: 'Economic Buyer', label: 'Wirtschaftlicher Käufer' },
            { value: 'Evaluator', label: 'Evaluator' }
        ]
    });
    expect($(el, '.abm-badge__text').textContent).toBe('Coverage below minimum (3)');
    getObjectInfo.emit({ apiName: 'Contact', createable: true, fields: {} });
    await Promise.resolve();
    expect($(el, '[data-id="flag-action"]').label).toBe('Add Wirtschaftlicher Käufer');

    $(el, '[data-id="flag-action"]').click();

    expect(encodeDefaultFieldValues).toHaveBeenCalledWith({ AccountId: '001000000000001AAA', ABM_BuyingRole__c: 'Economic Buyer' });
    expect(getNavigateCalledWith().pageReference.attributes).toEqual({ objectApiName: 'Contact', actionName: 'new' });
});

it('adds a plain contact when every role is held but too few are engaged', async () => {
    const el = mount({ code: 'COVERAGE_LOW', missingRoles: [] });
    getObjectInfo.emit({ apiName: 'Contact', createable: true, fields: {} });
    await Promise.resolve();
    expect($(el, '[data-id="flag-action"]').label).toBe('Add contact');

    $(el, '[data-id="flag-action"]').click();

    expect(encodeDefaultFieldValues).toHaveBeenCalledWith({ AccountId: '001000000000001AAA' });
});

it('offers no contact action to users who cannot create contacts, but still shows the flag and says whom to ask', async () => {
    const el = mount({ code: 'COVERAGE_LOW', missingRoles: [] });
    // Until the describe answers, neither the action nor the hint (no flicker for users who can).
    expect($(el, '[data-id="flag-action"]')).toBeNull();
    expect($(el, '[data-id="flag-hint"]')).toBeNull();
    getObjectInfo.emit({ apiName: 'Contact', createable: false, fields: {} });
    await Promise.resolve();
    expect($(el, '.abm-badge__text')).not.toBeNull();
    expect($(el, '[data-id="flag-action"]')).toBeNull();
    expect($(el, '[data-id="flag-hint"]').textContent).toBe('Ask your Salesforce admin to add the missing contacts.');
    await expect(el).toBeAccessible();
});

it('sends an unassigned Tier 1 account to the territory map when the user may reassign accounts', () => {
    const el = mount({ code: 'UNASSIGNED_TIER1' });
    expect($(el, '.abm-badge__text').textContent).toBe('Unassigned Tier 1');
    expect($(el, '[data-id="flag-hint"]')).toBeNull();

    $(el, '[data-id="flag-action"]').click();

    expect(getNavigateCalledWith().pageReference).toEqual({ type: 'standard__navItemPage', attributes: { apiName: 'ABM_TerritoryMap' } });
});

it('shows the flag without an action when there is no account to act on, and is accessible', async () => {
    const el = mount({ code: 'STALLING', accountId: undefined });
    expect($(el, '[data-id="flag-action"]')).toBeNull();
    expect($(el, '[data-id="flag-hint"]')).toBeNull();
    expect($(el, '.abm-badge__text').textContent).toContain('Stalling');
    await expect(el).toBeAccessible();
});
