import { createElement } from '@lwc/engine-dom';
import AbmTerritoryReassignModal from 'c/abmTerritoryReassignModal';
import reassignAccount from '@salesforce/apex/AbmTerritoryMapController.reassignAccount';

jest.mock('@salesforce/apex/AbmTerritoryMapController.reassignAccount', () => ({ default: jest.fn() }), { virtual: true });
jest.mock(
    '@salesforce/label/c.ABM_TerritorySuggested',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritorySuggested') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryCovers',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryCovers') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryKnows',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryKnows') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CountOfBand',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_CountOfBand') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryRoomFor',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryRoomFor') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryAcceptingYes',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryAcceptingYes') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryOwnersShown',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryOwnersShown') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritorySelectedOwner',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritorySelectedOwner') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryAwayUntil',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryAwayUntil') }),
    { virtual: true }
);

const { aes: AES } = require('../../abmTerritoryMap/__tests__/data/getSummary.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

const ACCOUNT = {
    id: '001000000000101AAA',
    name: 'Atlas Foods 101',
    tier: '1',
    region: 'EMEA',
    industry: 'Technology',
    ownerId: '005000000000901AAA',
    ownerName: 'Former Rep',
    isLocked: true
};

function mount(props = {}) {
    const el = createElement('c-abm-territory-reassign-modal', { is: AbmTerritoryReassignModal });
    Object.assign(
        el,
        { label: 'Reassign Atlas Foods 101', account: ACCOUNT, aes: AES, regionLabels: {}, industryLabels: {}, today: '2026-03-10' },
        props
    );
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const rowNames = (el) => all(el, '.abm-candidate-name').map((n) => n.textContent);
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('lists every AE but the current owner, best fit first, and preselects the suggestion with its reasons', async () => {
    const el = mount();
    await flushPromises();
    // Ana is over capacity, Dana takes no accounts, Eli is away: Ben (EMEA, Technology, room) is the best fit.
    expect(rowNames(el)).toEqual(['Ben Okafor', 'Chen Wei', 'Dana Smith', 'Ana Lopez', 'Eli Cohen']);
    expect(text($(el, '.abm-suggestion-text'))).toBe(
        'Suggested: Ben Okafor: Covers EMEA · Knows Technology · 12 (band 10–15), room for 3 more · Accepting'
    );
    const radios = all(el, 'input[type="radio"]');
    expect(radios[0].checked).toBe(true);
    expect(radios.filter((r) => r.checked)).toHaveLength(1);
    expect($(el, '.abm-suggested')).not.toBeNull();
    expect(text($(el, '.abm-selected'))).toBe('New owner: Ben Okafor');
    const eli = all(el, 'tr.abm-candidate').find((r) => r.dataset.id === '005000000000005AAA');
    expect(text(eli)).toContain('Away until');
    expect(eli.className).toContain('abm-candidate_ineligible');
    expect($(el, '.abm-locked')).not.toBeNull();
    expect($(el, '.abm-current-owner').textContent).toBe('Former Rep');
    await expect(el).toBeAccessible();
});

it('shows picklist labels for the account region and industry', async () => {
    const el = mount({ regionLabels: { EMEA: 'Europa' }, industryLabels: { Technology: 'Technologie' } });
    await flushPromises();
    expect($(el, '.abm-account-region').textContent).toBe('Europa');
    expect(text($(el, '.abm-suggestion-text'))).toContain('Covers Europa · Knows Technologie');
});

it('finds any AE by name and says how many are listed', async () => {
    const el = mount();
    await flushPromises();
    expect(text($(el, '.abm-shown'))).toBe('5 of 5 AEs listed, best fit first. Search to find others.');
    const search = $(el, '[data-id="owner-search"]');
    search.value = 'dana';
    search.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect(rowNames(el)).toEqual(['Dana Smith']);
    expect(text($(el, '.abm-shown'))).toBe('1 of 1 AE listed, best fit first. Search to find others.');
});

it('says so when nobody fits, and keeps Save disabled until an owner is chosen', async () => {
    const el = mount({ account: { ...ACCOUNT, region: 'LATAM', industry: 'Energy' } });
    await flushPromises();
    expect(text($(el, '.abm-suggestion-text'))).toBe('c.ABM_TerritoryNoSuggestion');
    expect($(el, '[data-id="save"]').disabled).toBe(true);
    const chen = all(el, 'input[type="radio"]').find((r) => r.value === '005000000000003AAA');
    chen.checked = true;
    chen.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect($(el, '[data-id="save"]').disabled).toBe(false);
});

it('saves the chosen owner with the reason and closes with the result', async () => {
    reassignAccount.mockResolvedValue({ accountId: ACCOUNT.id, previousOwnerId: ACCOUNT.ownerId, newOwnerId: '005000000000003AAA' });
    const el = mount();
    const closed = [];
    el.addEventListener('close', (event) => closed.push(event.detail));
    await flushPromises();
    const chen = all(el, 'input[type="radio"]').find((r) => r.value === '005000000000003AAA');
    chen.checked = true;
    chen.dispatchEvent(new CustomEvent('change'));
    const reason = $(el, '[data-id="reason"]');
    reason.value = 'Chen takes APAC finance';
    reason.dispatchEvent(new CustomEvent('change'));
    $(el, '[data-id="save"]').click();
    await flushPromises();
    expect(reassignAccount).toHaveBeenCalledWith({
        accountId: ACCOUNT.id,
        newOwnerId: '005000000000003AAA',
        reason: 'Chen takes APAC finance'
    });
    expect(closed).toEqual([
        { accountId: ACCOUNT.id, previousOwnerId: ACCOUNT.ownerId, newOwnerId: '005000000000003AAA', ownerName: 'Chen Wei' }
    ]);
    expect(el.disableClose).toBe(false);
});

it('stays open with the rule message when the save is rejected, so nothing typed is lost', async () => {
    reassignAccount.mockRejectedValue({ body: { message: 'Tier 1 accounts must be owned by an active AE.' } });
    const el = mount();
    const closed = [];
    el.addEventListener('close', (event) => closed.push(event.detail));
    await flushPromises();
    const reason = $(el, '[data-id="reason"]');
    reason.value = 'Balance EMEA';
    reason.dispatchEvent(new CustomEvent('change'));
    $(el, '[data-id="save"]').click();
    await flushPromises();
    expect(closed).toEqual([]);
    const error = $(el, '[data-id="error"]');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('c.ABM_ReassignFailed: Tier 1 accounts must be owned by an active AE.');
    expect($(el, '[data-id="reason"]').value).toBe('Balance EMEA');
    expect($(el, '[data-id="save"]').disabled).toBe(false);
    expect(el.disableClose).toBe(false);
    await expect(el).toBeAccessible();
});

it('closes without a result on Cancel', async () => {
    const el = mount();
    const closed = [];
    el.addEventListener('close', (event) => closed.push(event.detail));
    await flushPromises();
    $(el, '[data-id="cancel"]').click();
    expect(closed).toEqual([null]);
    expect(reassignAccount).not.toHaveBeenCalled();
});
