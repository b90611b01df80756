import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardFlag from 'c/abmHealthScorecardFlag';
import { getNavigateCalledWith } from 'lightning/navigation';

// A seller: no ABM_ReassignAccounts, so neither the territory map tab nor its controller (ABM_Seller grants neither).
jest.mock('@salesforce/customPermission/ABM_ReassignAccounts', () => ({ default: false }), { virtual: true });
jest.mock(
    '@salesforce/label/c.ABM_HintAssignOwner',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_HintAssignOwner'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ActionLogCall',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ActionLogCall'),
    { virtual: true }
);

const ACCOUNT = { accountId: '001000000000001AAA', accountName: 'Northwind Logistics', today: '2026-03-10', thresholds: {} };

function mount(props) {
    const el = createElement('c-abm-health-scorecard-flag', { is: AbmHealthScorecardFlag });
    Object.assign(el, ACCOUNT, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('shows a seller the unassigned Tier 1 flag with whom to ask, not an action into a page they cannot open', async () => {
    const el = mount({ code: 'UNASSIGNED_TIER1' });
    expect($(el, '.abm-badge__text')).not.toBeNull();
    expect($(el, '[data-id="flag-action"]')).toBeNull();
    expect($(el, '[data-id="flag-hint"]').textContent).toBe('Ask ABM operations to assign an owner.');
    expect(getNavigateCalledWith()).toBeUndefined();
    await expect(el).toBeAccessible();
});

it('keeps the actions a seller can take', () => {
    const el = mount({ code: 'STALLING' });
    expect($(el, '[data-id="flag-action"]').label).toBe('Log a call');
    expect($(el, '[data-id="flag-hint"]')).toBeNull();
});
