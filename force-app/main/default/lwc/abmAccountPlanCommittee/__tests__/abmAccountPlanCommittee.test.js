import { createElement } from '@lwc/engine-dom';
import AbmAccountPlanCommittee from 'c/abmAccountPlanCommittee';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { getNavigateCalledWith } from 'lightning/navigation';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock(
    '@salesforce/label/c.ABM_LeftCompany',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_LeftCompany'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_EngagedOfMinimum',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_EngagedOfMinimum'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_GapMissingRole',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_GapMissingRole'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_GapFewEngaged',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_GapFewEngaged'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionAddRole',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionAddRole'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionAddContact',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionAddContact'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionForAccount',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionForAccount'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_NoCommitteeGaps',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoCommitteeGaps'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_NoCommittee',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoCommittee'),
    {
        virtual: true
    }
);

const PLAN = require('../../abmAccountPlan/__tests__/data/getPlan.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-account-plan-committee', { is: AbmAccountPlanCommittee });
    Object.assign(el, { committee: PLAN.committee, accountId: PLAN.accountId, accountName: PLAN.accountName }, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

beforeEach(() => {
    encodeDefaultFieldValues.mockImplementation((values) => JSON.stringify(values));
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('lists the members as links to their contacts, with role and engagement', async () => {
    const el = mount();
    const rows = all(el, 'tr.abm-member');
    expect(rows).toHaveLength(4);
    expect(rows[0].querySelector('a').getAttribute('href')).toBe('/lightning/r/Contact/003000000000001AAA/view');
    expect(text(rows[3])).toContain('Left the company');
    expect($(el, '.abm-engaged').textContent).toBe('2 engaged (minimum 3)');
    await expect(el).toBeAccessible();
});

it('offers "add contact for this role" on each gap, opening the new-contact form with the account and the role', async () => {
    const el = mount();
    getObjectInfo.emit({ apiName: 'Contact', createable: true, fields: {} });
    await flushPromises();
    const gaps = all(el, 'li.abm-gap');
    expect(gaps.map((g) => text(g.querySelector('.abm-gap__text')))).toEqual([
        'No Decision Maker',
        'No Economic Buyer',
        'Only 2 engaged contacts (minimum 3)'
    ]);
    const buttons = all(el, '[data-id="add-contact"]');
    expect(buttons.map((b) => b.label)).toEqual(['Add Decision Maker', 'Add Economic Buyer', 'Add contact']);
    expect(buttons[0].ariaLabel).toBe('Add Decision Maker: Northwind Logistics');

    buttons[1].click();
    expect(encodeDefaultFieldValues).toHaveBeenLastCalledWith({ AccountId: '001000000000001AAA', ABM_BuyingRole__c: 'Economic Buyer' });
    const { pageReference } = getNavigateCalledWith();
    expect(pageReference.attributes).toEqual({ objectApiName: 'Contact', actionName: 'new' });
    expect(pageReference.state.navigationLocation).toBe('RELATED_LIST');

    buttons[2].click();
    expect(encodeDefaultFieldValues).toHaveBeenLastCalledWith({ AccountId: '001000000000001AAA' });
});

it('offers no add action to users who cannot create contacts', async () => {
    const el = mount();
    getObjectInfo.emit({ apiName: 'Contact', createable: false, fields: {} });
    await flushPromises();
    expect(all(el, '[data-id="add-contact"]')).toHaveLength(0);
    expect(all(el, 'li.abm-gap')).toHaveLength(3);
});

it('stacks members as cards in a narrow region, and says when there are no gaps or members', () => {
    const el = mount({ regionWidth: 'SMALL' });
    expect($(el, 'table')).toBeNull();
    expect(all(el, 'ul.abm-members_cards li')).toHaveLength(4);
    document.body.replaceChildren();
    const empty = mount({ committee: { members: [], gaps: [], engagedCount: 0, coverageMinimum: 3 } });
    expect($(empty, '.abm-no-gaps').textContent).toBe('No gaps: every required role is filled.');
    expect($(empty, '.abm-no-members').textContent).toBe('No contacts with a buying role yet.');
});
