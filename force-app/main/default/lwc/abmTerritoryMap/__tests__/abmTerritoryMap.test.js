import { createElement } from '@lwc/engine-dom';
import AbmTerritoryMap from 'c/abmTerritoryMap';
import getSummary from '@salesforce/apex/AbmTerritoryMapController.getSummary';
import getAeAccounts from '@salesforce/apex/AbmTerritoryMapController.getAeAccounts';
import searchAccounts from '@salesforce/apex/AbmTerritoryMapController.searchAccounts';
import reassignAccount from '@salesforce/apex/AbmTerritoryMapController.reassignAccount';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

jest.mock(
    '@salesforce/apex/AbmTerritoryMapController.getSummary',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock(
    '@salesforce/apex/AbmTerritoryMapController.getAeAccounts',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/AbmTerritoryMapController.searchAccounts', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/AbmTerritoryMapController.reassignAccount', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const SUMMARY = require('./data/getSummary.json');
const AE_ACCOUNTS = require('./data/getAeAccounts.json');
const SEARCH = require('./data/searchAccounts.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-territory-map', { is: AbmTerritoryMap });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const $ = (el, selector) => el.shadowRoot.querySelector(selector);

async function loaded(props) {
    const el = mount(props);
    getSummary.emit(SUMMARY);
    await flushPromises();
    return el;
}

function change(element, value) {
    element.value = value;
    element.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

beforeEach(() => {
    jest.useRealTimers();
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('shows a spinner until the summary arrives', () => {
    const el = mount();
    expect($(el, 'lightning-spinner')).not.toBeNull();
});

it('asks for the summary once with the Tier 2 design property', async () => {
    mount({ includeTier2: true });
    await flushPromises();
    expect(getSummary.getLastConfig()).toEqual({ includeTier2: true });
});

it('renders every AE with count against the band, status badge with text and icon, and the mixes', async () => {
    const el = await loaded({ includeTier2: true });
    const rows = all(el, 'table.abm-aes tbody tr');
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.dataset.status)).toEqual(['OVER', 'UNDER', 'WITHIN', 'WITHIN', 'WITHIN']);
    const badge = rows[0].querySelector('lightning-badge');
    expect(badge.label).toBe('c.ABM_CapacityOver');
    expect(badge.iconName).toBe('utility:arrowup');
    expect(rows[0].textContent).toContain('EMEA 16 · APAC 2');
    expect(rows[0].textContent).toContain('Technology 18');
    expect(all(el, 'li.abm-problem').map((p) => p.dataset.code)).toEqual(['OVER_CAPACITY', 'UNDER_CAPACITY', 'OWNER_NOT_ACTIVE_AE']);
    expect(all(el, 'li.abm-gap')).toHaveLength(4);
});

it('filters by region, industry, AE name and tier', async () => {
    const el = await loaded({ includeTier2: true });
    change($(el, '[data-id="region"]'), 'LATAM');
    await flushPromises();
    expect(all(el, '.abm-ae-name').map((n) => n.textContent)).toEqual(['Eli Cohen']);
    change($(el, '[data-id="region"]'), '');
    change($(el, '[data-id="industry"]'), 'Finance');
    await flushPromises();
    expect(all(el, '.abm-ae-name').map((n) => n.textContent)).toEqual(['Ben Okafor', 'Dana Smith']);
    change($(el, '[data-id="industry"]'), '');
    const aeSearch = $(el, '[data-id="ae-search"]');
    aeSearch.value = 'chen';
    aeSearch.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect(all(el, '.abm-ae-name').map((n) => n.textContent)).toEqual(['Chen Wei']);
    expect(all(el, '.abm-tier2-count')).toHaveLength(1);
    change($(el, '[data-id="tier"]'), '1');
    await flushPromises();
    expect(all(el, '.abm-tier2-count')).toHaveLength(0);
    expect(all(el, '.abm-tier1-count')).toHaveLength(1);
    aeSearch.value = 'nobody';
    aeSearch.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect($(el, 'c-abm-empty-state')).not.toBeNull();
});

it('pages the AE rows with Show more', async () => {
    const el = await loaded({ pageSize: 2 });
    expect(all(el, 'table.abm-aes tbody tr')).toHaveLength(2);
    $(el, '[data-id="show-more"]').click();
    await flushPromises();
    expect(all(el, 'table.abm-aes tbody tr')).toHaveLength(4);
    $(el, '[data-id="show-more"]').click();
    await flushPromises();
    expect(all(el, 'table.abm-aes tbody tr')).toHaveLength(5);
    expect($(el, '[data-id="show-more"]')).toBeNull();
});

it('loads an AE book lazily and shows it on a map and in a table', async () => {
    const el = await loaded();
    expect(getAeAccounts.getLastConfig().ownerId).toBeUndefined();
    all(el, 'lightning-button.abm-show-accounts')[0].click();
    await flushPromises();
    expect(getAeAccounts.getLastConfig()).toEqual({ ownerId: SUMMARY.aes[0].userId, includeTier2: false });
    expect($(el, 'section.abm-detail lightning-spinner')).not.toBeNull();
    getAeAccounts.emit(AE_ACCOUNTS);
    await flushPromises();
    const map = $(el, 'lightning-map');
    expect(map.mapMarkers).toHaveLength(3);
    expect(map.mapMarkers[0].location).toEqual({ Latitude: 51.5072, Longitude: -0.1276 });
    expect(map.mapMarkers[2].location).toEqual({ City: 'Paris', State: null, Country: 'France' });
    expect(all(el, 'tr.abm-ae-account')).toHaveLength(3);
    $(el, '[data-id="close-detail"]').click();
    await flushPromises();
    expect($(el, 'section.abm-detail')).toBeNull();
});

it('shows an empty state for an AE without accounts and an error panel when the detail fails', async () => {
    const el = await loaded({ hideMap: true });
    all(el, 'lightning-button.abm-show-accounts')[1].click();
    await flushPromises();
    getAeAccounts.emit([]);
    await flushPromises();
    expect($(el, 'section.abm-detail c-abm-empty-state')).not.toBeNull();
    getAeAccounts.error({ message: 'detail failed' });
    await flushPromises();
    expect($(el, 'section.abm-detail c-abm-error-panel')).not.toBeNull();
});

it('searches accounts after the user stops typing and lists owners', async () => {
    jest.useFakeTimers();
    searchAccounts.mockResolvedValue(SEARCH);
    const el = mount();
    getSummary.emit(SUMMARY);
    await Promise.resolve();
    const input = $(el, '[data-id="account-search"]');
    input.value = 'a';
    input.dispatchEvent(new CustomEvent('change'));
    jest.runAllTimers();
    expect(searchAccounts).not.toHaveBeenCalled();
    input.value = 'acme';
    input.dispatchEvent(new CustomEvent('change'));
    jest.runAllTimers();
    jest.useRealTimers();
    await flushPromises();
    expect(searchAccounts).toHaveBeenCalledWith({ term: 'acme', includeTier2: false });
    expect(all(el, 'tr.abm-search-row')).toHaveLength(1);
    expect($(el, '.abm-search-owner').textContent).toBe('Ben Okafor');
});

it('reassigns an account: picks an AE, saves, toasts and refreshes', async () => {
    reassignAccount.mockResolvedValue({ accountId: SUMMARY.unassigned[0].id, newOwnerId: SUMMARY.aes[2].userId });
    const el = await loaded();
    const toasts = [];
    el.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    all(el, 'li.abm-gap lightning-button.abm-reassign')[0].click();
    await flushPromises();
    expect($(el, 'section.abm-reassign-panel')).not.toBeNull();
    expect($(el, '[data-id="save"]').disabled).toBe(true);
    change($(el, '[data-id="new-owner"]'), SUMMARY.aes[2].userId);
    const reason = $(el, '[data-id="reason"]');
    reason.value = 'Balance EMEA';
    reason.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
    expect($(el, '[data-id="save"]').disabled).toBe(false);
    $(el, '[data-id="save"]').click();
    await flushPromises();
    expect(reassignAccount).toHaveBeenCalledWith({
        accountId: SUMMARY.unassigned[0].id,
        newOwnerId: SUMMARY.aes[2].userId,
        reason: 'Balance EMEA'
    });
    expect(toasts).toEqual([{ title: 'c.ABM_ReassignSuccessTitle', message: 'c.ABM_ReassignSuccess', variant: 'success' }]);
    expect($(el, 'section.abm-reassign-panel')).toBeNull();
});

it('keeps the panel open and toasts the reduced error when the save is rejected', async () => {
    reassignAccount.mockRejectedValue({ body: { message: 'Tier 1 accounts must be owned by an active AE.' } });
    const el = await loaded();
    const toasts = [];
    el.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    all(el, 'li.abm-gap lightning-button.abm-reassign')[0].click();
    await flushPromises();
    change($(el, '[data-id="new-owner"]'), SUMMARY.aes[1].userId);
    await flushPromises();
    $(el, '[data-id="save"]').click();
    await flushPromises();
    expect(toasts[0].variant).toBe('error');
    expect(toasts[0].message).toBe('Tier 1 accounts must be owned by an active AE.');
    expect($(el, '.abm-reassign-error').textContent).toBe('Tier 1 accounts must be owned by an active AE.');
    $(el, '[data-id="cancel"]').click();
    await flushPromises();
    expect($(el, 'section.abm-reassign-panel')).toBeNull();
});

it('offers no reassign action when the server says the user lacks the permission', async () => {
    const el = mount();
    getSummary.emit({ ...SUMMARY, canReassign: false });
    await flushPromises();
    expect(all(el, 'lightning-button.abm-reassign')).toHaveLength(0);
});

it('shows the empty state when there are no AEs', async () => {
    const el = mount();
    getSummary.emit({ ...SUMMARY, aes: [], problems: [], unassigned: [], unassignedTier1Count: 0 });
    await flushPromises();
    expect($(el, 'c-abm-empty-state')).not.toBeNull();
    expect($(el, 'table')).toBeNull();
});

it('shows the error panel when the summary fails', async () => {
    const el = mount();
    getSummary.error({ message: 'no access' });
    await flushPromises();
    expect($(el, 'c-abm-error-panel')).not.toBeNull();
});

it('is accessible with data', async () => {
    const el = await loaded({ includeTier2: true });
    await expect(el).toBeAccessible();
});

it('is accessible with an error', async () => {
    const el = mount();
    getSummary.error();
    await flushPromises();
    await expect(el).toBeAccessible();
});
