import { createElement } from '@lwc/engine-dom';
import AbmTerritoryMap from 'c/abmTerritoryMap';
import AbmTerritoryReassignModal from 'c/abmTerritoryReassignModal';
import getSummary from '@salesforce/apex/AbmTerritoryMapController.getSummary';
import getOwnerAccounts from '@salesforce/apex/AbmTerritoryMapController.getOwnerAccounts';
import getUnassignedAccounts from '@salesforce/apex/AbmTerritoryMapController.getUnassignedAccounts';
import searchAccounts from '@salesforce/apex/AbmTerritoryMapController.searchAccounts';
import { refreshApex } from '@salesforce/apex';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

jest.mock(
    '@salesforce/apex/AbmTerritoryMapController.getSummary',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/AbmTerritoryMapController.getOwnerAccounts', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/AbmTerritoryMapController.getUnassignedAccounts', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/AbmTerritoryMapController.searchAccounts', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/AbmTerritoryMapController.reassignAccount', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });
// Real label values where a test reads formatted text (plural forms, placeholders).
const LABELS = [
    'ABM_TerritoryTotals',
    'ABM_TerritoryTotalsTier2',
    'ABM_TerritoryOverCount',
    'ABM_TerritoryUnderCount',
    'ABM_TerritoryNotAeCount',
    'ABM_ProblemNotAe',
    'ABM_UnassignedTier1Count',
    'ABM_AndMore',
    'ABM_ShowingAes',
    'ABM_CountOfBand',
    'ABM_TerritoryShowingAccounts',
    'ABM_TerritoryNotShared',
    'ABM_TerritoryShowAccountsOf',
    'ABM_TerritoryPageOf',
    'ABM_TerritoryOptionCount',
    'ABM_TerritoryAwayUntil',
    'ABM_AccountsOf'
];
jest.mock(
    '@salesforce/label/c.ABM_TerritoryTotals',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryTotals') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryTotalsTier2',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryTotalsTier2') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryOverCount',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryOverCount') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryUnderCount',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryUnderCount') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryNotAeCount',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryNotAeCount') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ProblemNotAe',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_ProblemNotAe') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_UnassignedTier1Count',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_UnassignedTier1Count') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_AndMore',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_AndMore') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ShowingAes',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_ShowingAes') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CountOfBand',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_CountOfBand') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryShowingAccounts',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryShowingAccounts') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryNotShared',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryNotShared') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryShowAccountsOf',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryShowAccountsOf') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryPageOf',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryPageOf') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryOptionCount',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryOptionCount') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_AccountsOf',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_AccountsOf') }),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_TerritoryAwayUntil',
    () => ({ default: require('../../../../../test/jest-mocks/labelValue').labelValue('ABM_TerritoryAwayUntil') }),
    { virtual: true }
);

const SUMMARY = require('./data/getSummary.json');
const SEARCH = require('./data/searchAccounts.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));
// eslint-disable-next-line @lwc/lwc/no-async-operation
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

function mount(props = {}) {
    const el = createElement('c-abm-territory-map', { is: AbmTerritoryMap });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const names = (el) => all(el, '.abm-ae-name').map((n) => n.textContent);
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function loaded(props = { includeTier2: true }, summary = SUMMARY) {
    const el = mount(props);
    getSummary.emit(summary);
    await flushPromises();
    return el;
}

function change(element, value) {
    element.value = value;
    element.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

/** A page of accounts as getOwnerAccounts / getUnassignedAccounts return it. */
function page(count, { from = 1, hasMore = false, total = null, ownerId = '005000000000002AAA' } = {}) {
    const accounts = [];
    for (let i = from; i < from + count; i++) {
        accounts.push({
            id: `001${String(i).padStart(12, '0')}AAA`,
            name: `Account ${String(i).padStart(4, '0')}`,
            tier: '1',
            region: 'EMEA',
            industry: 'Technology',
            ownerId,
            ownerName: 'Ben Okafor',
            city: 'London',
            country: 'United Kingdom',
            latitude: 51.5,
            longitude: -0.12,
            healthBand: 'Healthy',
            healthScore: 70,
            isLocked: i === from
        });
    }
    return { accounts, hasMore, total };
}

beforeEach(() => {
    jest.useRealTimers();
});

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
    jest.restoreAllMocks();
});

describe('states', () => {
    it('shows a spinner until the summary arrives, then asks once with the Tier 2 property', async () => {
        const el = mount({ includeTier2: true });
        expect($(el, 'lightning-spinner')).not.toBeNull();
        await flushPromises();
        expect(getSummary.getLastConfig()).toEqual({ includeTier2: true });
    });

    it('shows the error panel when the summary fails, and is accessible', async () => {
        const el = mount();
        getSummary.error({ message: 'Insufficient access' });
        await flushPromises();
        expect($(el, 'c-abm-error-panel')).not.toBeNull();
        expect($(el, 'table.abm-aes')).toBeNull();
        await expect(el).toBeAccessible();
    });

    it('shows the empty state without AEs', async () => {
        const el = await loaded({}, { ...SUMMARY, aes: [], problems: [], unassigned: [], unassignedTier1Count: 0 });
        expect($(el, 'c-abm-empty-state')).not.toBeNull();
        expect($(el, 'table.abm-aes')).toBeNull();
    });

    it('tells the admin to run the recount when the books were never recounted', async () => {
        const el = await loaded({}, { ...SUMMARY, recountedAt: null });
        expect($(el, '.abm-not-recounted')).not.toBeNull();
        expect($(el, '.abm-recounted')).toBeNull();
    });
});

describe('summary and triage', () => {
    it('shows totals with plural forms and the locale, every AE against the band, capacity with text and icon', async () => {
        const el = await loaded();
        expect($(el, '.abm-totals').textContent).toBe('5 AEs · 330 Tier 1 accounts · 60 Tier 2 accounts');
        expect($(el, '.abm-recounted')).not.toBeNull();
        const rows = all(el, 'table.abm-aes tbody tr');
        expect(rows).toHaveLength(5);
        expect(names(el)).toEqual(['Ana Lopez', 'Ben Okafor', 'Chen Wei', 'Dana Smith', 'Eli Cohen']);
        expect(text(rows[0].querySelector('.abm-tier1-count'))).toBe('18 (band 10–15)');
        const badge = rows[0].querySelector('.abm-capacity');
        expect(badge.className).toContain('abm-capacity_over');
        expect(text(badge)).toBe('c.ABM_CapacityOver');
        expect(badge.querySelector('lightning-icon').iconName).toBe('utility:arrowup');
        expect(text(rows[0].querySelector('.abm-region-mix'))).toBe('EMEA 16 · APAC 2');
        expect(text(rows[4].querySelector('.abm-accepting'))).toContain('Away until');
        expect(text(rows[3].querySelector('.abm-accepting'))).toBe('c.ABM_TerritoryNotAccepting');
        await expect(el).toBeAccessible();
    });

    it('uses one plural form for one and another for several', async () => {
        const el = await loaded();
        expect($(el, '[data-id="show-over"]').label).toBe('1 AE is over capacity');
        expect($(el, '[data-id="show-under"]').label).toBe('2 AEs are under capacity');
        expect(text($(el, '.abm-other-owners-count'))).toBe('2 owners who are not active AEs hold 271 Tier 1 accounts');
        expect(text($(el, '.abm-gap-count'))).toBe('251 unassigned Tier 1 accounts');
    });

    it('turns "N AEs are under capacity" into the capacity filter and moves focus to the result count', async () => {
        const el = await loaded();
        $(el, '[data-id="show-under"]').click();
        await nextFrame();
        await flushPromises();
        expect(names(el)).toEqual(['Chen Wei', 'Dana Smith']);
        expect($(el, '[data-id="status"]').value).toBe('UNDER');
        expect($(el, '.abm-showing').textContent).toBe('Showing 1–2 of 2 AEs');
        expect(el.shadowRoot.activeElement).toBe($(el, '[data-id="results"]'));
        $(el, '[data-id="show-over"]').click();
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez']);
    });

    it('filters by capacity status with counts in the options, including over-or-under', async () => {
        const el = await loaded();
        const status = $(el, '[data-id="status"]');
        expect(status.options.map((o) => o.label)).toEqual([
            'c.ABM_AllValues (5)',
            'c.ABM_CapacityOver (1)',
            'c.ABM_CapacityUnder (2)',
            'c.ABM_TerritoryCapacityOutside (3)',
            'c.ABM_CapacityWithin (2)'
        ]);
        change(status, 'OUTSIDE');
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez', 'Chen Wei', 'Dana Smith']);
        change(status, 'WITHIN');
        await flushPromises();
        expect(names(el)).toEqual(['Ben Okafor', 'Eli Cohen']);
    });

    it('filters by region (assigned or held), industry, accepting and name, and clears them all', async () => {
        const el = await loaded();
        change($(el, '[data-id="region"]'), 'APAC');
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez', 'Chen Wei']);
        change($(el, '[data-id="industry"]'), 'Finance');
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez', 'Chen Wei']);
        change($(el, '[data-id="ae-search"]'), 'chen');
        await flushPromises();
        expect(names(el)).toEqual(['Chen Wei']);
        $(el, '[data-id="clear-filters"]').click();
        await flushPromises();
        expect(names(el)).toHaveLength(5);
        change($(el, '[data-id="accepting"]'), 'no');
        await flushPromises();
        expect(names(el)).toEqual(['Dana Smith']);
        change($(el, '[data-id="ae-search"]'), 'nobody');
        await flushPromises();
        expect($(el, 'table.abm-aes')).toBeNull();
        expect($(el, 'c-abm-empty-state').message).toBe('c.ABM_NoMatchingAes');
    });

    it('sorts by any column from its header, toggling the direction and announcing it with aria-sort', async () => {
        const el = await loaded();
        const header = (key) => $(el, `button.abm-sort[data-key="${key}"]`);
        const th = (key) => header(key).parentElement;
        header('tier1').click();
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez', 'Eli Cohen', 'Ben Okafor', 'Dana Smith', 'Chen Wei']);
        expect(th('tier1').getAttribute('aria-sort')).toBe('descending');
        expect(th('name').getAttribute('aria-sort')).toBe('none');
        header('tier1').click();
        await flushPromises();
        expect(names(el)[0]).toBe('Chen Wei');
        expect(th('tier1').getAttribute('aria-sort')).toBe('ascending');
        header('capacity').click();
        await flushPromises();
        expect(names(el)).toEqual(['Ana Lopez', 'Chen Wei', 'Dana Smith', 'Ben Okafor', 'Eli Cohen']);
        header('accepting').click();
        await flushPromises();
        expect(names(el)[0]).toBe('Dana Smith');
        header('tier2').click();
        await flushPromises();
        expect(names(el)[0]).toBe('Ben Okafor');
        header('industry').click();
        await flushPromises();
        expect(names(el)).toEqual(['Chen Wei', 'Eli Cohen', 'Ana Lopez', 'Ben Okafor', 'Dana Smith']);
    });

    it('shows and sorts regions and industries by their picklist labels (getPicklistValues)', async () => {
        const el = await loaded();
        getObjectInfo.emit({ defaultRecordTypeId: '012000000000000AAA' });
        await flushPromises();
        expect(getPicklistValues.getLastConfig().recordTypeId).toBe('012000000000000AAA');
        getPicklistValues.emit({
            values: [
                { value: 'EMEA', label: 'Europa, Naher Osten, Afrika' },
                { value: 'APAC', label: 'Asien-Pazifik' },
                { value: 'LATAM', label: 'Lateinamerika' }
            ]
        });
        await flushPromises();
        const row = all(el, 'table.abm-aes tbody tr')[0];
        expect(text(row.querySelector('.abm-region-mix'))).toBe('Europa, Naher Osten, Afrika 16 · Asien-Pazifik 2');
        expect($(el, '[data-id="region"]').options.map((o) => o.label)).toContain('Lateinamerika');
        $(el, 'button.abm-sort[data-key="region"]').click();
        await flushPromises();
        expect(names(el)[0]).toBe('Chen Wei');
    });

    it('pages the AE table with a range notice', async () => {
        const el = await loaded({ includeTier2: true, pageSize: 2 });
        expect(names(el)).toEqual(['Ana Lopez', 'Ben Okafor']);
        expect($(el, '.abm-showing').textContent).toBe('Showing 1–2 of 5 AEs');
        expect($(el, '.abm-page-text').textContent).toBe('Page 1 of 3');
        expect($(el, '[data-id="previous"]').disabled).toBe(true);
        $(el, '[data-id="next"]').click();
        await flushPromises();
        expect(names(el)).toEqual(['Chen Wei', 'Dana Smith']);
        $(el, '[data-id="next"]').click();
        await flushPromises();
        expect(names(el)).toEqual(['Eli Cohen']);
        expect($(el, '[data-id="next"]').disabled).toBe(true);
        $(el, '[data-id="previous"]').click();
        await flushPromises();
        expect($(el, '.abm-showing').textContent).toBe('Showing 3–4 of 5 AEs');
    });

    it('lists owners who are not active AEs, most accounts first, each with a named Show accounts button', async () => {
        const el = await loaded();
        const owners = all(el, 'li.abm-other-owner');
        expect(owners.map((o) => text(o.querySelector('.abm-problem-text')))).toEqual([
            'Former Rep holds 251 Tier 1 accounts but is not an active AE',
            'Ops Admin holds 20 Tier 1 accounts but is not an active AE'
        ]);
        expect(owners[0].querySelector('lightning-button').ariaLabel).toBe('Show accounts of Former Rep');
    });

    it('shows only Tier 1 columns and asks for Tier 1 accounts when the tier filter says so', async () => {
        const el = await loaded();
        expect($(el, 'button.abm-sort[data-key="tier2"]')).not.toBeNull();
        change($(el, '[data-id="tier"]'), '1');
        await flushPromises();
        expect($(el, 'button.abm-sort[data-key="tier2"]')).toBeNull();
        getOwnerAccounts.mockResolvedValue(page(3));
        all(el, 'lightning-button.abm-show-accounts')[2].click();
        await flushPromises();
        expect(getOwnerAccounts.mock.calls[0][0].includeTier2).toBe(false);
    });
});

describe('detail: an owner and the gap, a page at a time', () => {
    it('opens an owner, moves focus to the heading, pages by keyset with a "50 of 120" notice', async () => {
        const el = await loaded();
        getOwnerAccounts.mockResolvedValueOnce(page(50, { hasMore: true, total: 120 }));
        const button = all(el, 'table.abm-aes lightning-button.abm-show-accounts')[1];
        expect(button.ariaLabel).toBe('Show accounts of Ben Okafor');
        button.click();
        await flushPromises();
        await nextFrame();
        expect(getOwnerAccounts).toHaveBeenCalledWith({
            ownerId: '005000000000002AAA',
            includeTier2: true,
            pageSize: 50,
            afterName: null,
            afterId: null
        });
        expect($(el, '[data-id="detail-heading"]').textContent).toBe('Accounts of Ben Okafor');
        expect(el.shadowRoot.activeElement).toBe($(el, '[data-id="detail-heading"]'));
        expect(all(el, 'tr.abm-detail-account')).toHaveLength(50);
        expect($(el, '.abm-detail-showing').textContent).toBe('Showing 1–50 of 120 accounts');
        expect($(el, 'lightning-map').mapMarkers).toHaveLength(50);
        expect(all(el, 'tr.abm-detail-account lightning-icon.abm-locked')).toHaveLength(1);
        expect(all(el, 'table.abm-aes tbody tr')[1].className).toContain('slds-is-selected');

        getOwnerAccounts.mockResolvedValueOnce(page(50, { from: 51, hasMore: true, total: 120 }));
        $(el, '[data-id="detail-next"]').click();
        await flushPromises();
        expect(getOwnerAccounts.mock.calls[1][0]).toMatchObject({ afterName: 'Account 0050', afterId: '001000000000050AAA' });
        expect($(el, '.abm-detail-showing').textContent).toBe('Showing 51–100 of 120 accounts');

        getOwnerAccounts.mockResolvedValueOnce(page(50, { hasMore: true, total: 120 }));
        $(el, '[data-id="detail-previous"]').click();
        await flushPromises();
        expect(getOwnerAccounts.mock.calls[2][0]).toMatchObject({ afterName: null, afterId: null });
        expect($(el, '.abm-detail-showing').textContent).toBe('Showing 1–50 of 120 accounts');
        await expect(el).toBeAccessible();
    }, 30_000);

    it('says how many accounts are not shared with the user when the last page ends before the book', async () => {
        const el = await loaded();
        getOwnerAccounts.mockResolvedValueOnce(page(3, { hasMore: false, total: 5 }));
        all(el, 'lightning-button.abm-show-accounts')[0].click();
        await flushPromises();
        expect($(el, '.abm-detail-showing').textContent).toBe('Showing 1–3 of 5 accounts 2 more accounts are not shared with you.');
    });

    it('turns "and 246 more" into the paged list of every unassigned Tier 1 account', async () => {
        const el = await loaded();
        expect(all(el, 'li.abm-gap')).toHaveLength(5);
        const more = $(el, '[data-id="more-gaps"]');
        expect(more.label).toBe('and 246 more');
        getUnassignedAccounts.mockResolvedValueOnce(page(50, { hasMore: true, total: 251, ownerId: '005000000000901AAA' }));
        more.click();
        await flushPromises();
        expect(getUnassignedAccounts).toHaveBeenCalledWith({ pageSize: 50, afterName: null, afterId: null });
        expect($(el, '[data-id="detail-heading"]').textContent).toBe('c.ABM_TerritoryUnassignedTitle');
        expect($(el, '.abm-detail-showing').textContent).toBe('Showing 1–50 of 251 accounts');
        getUnassignedAccounts.mockResolvedValueOnce(page(1, { from: 51, hasMore: false, total: 251 }));
        $(el, '[data-id="detail-next"]').click();
        await flushPromises();
        expect(getUnassignedAccounts.mock.calls[1][0]).toEqual({ pageSize: 50, afterName: 'Account 0050', afterId: '001000000000050AAA' });
    });

    it('shows the error panel when a page fails, and closes with Escape returning focus to the opener', async () => {
        const el = await loaded();
        getOwnerAccounts.mockRejectedValueOnce({ body: { message: 'Insufficient access' } });
        const opener = all(el, 'table.abm-aes lightning-button.abm-show-accounts')[0];
        opener.click();
        await flushPromises();
        expect($(el, 'section.abm-detail c-abm-error-panel')).not.toBeNull();
        const focus = jest.spyOn(all(el, 'table.abm-aes lightning-button.abm-show-accounts')[0], 'focus');
        $(el, 'section.abm-detail').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
        await flushPromises();
        await nextFrame();
        expect($(el, 'section.abm-detail')).toBeNull();
        expect(focus).toHaveBeenCalled();
    });

    it('closes with the close button and shows the empty state for an owner without accounts', async () => {
        const el = await loaded();
        getOwnerAccounts.mockResolvedValueOnce(page(0, { total: 0 }));
        all(el, 'lightning-button.abm-show-accounts')[0].click();
        await flushPromises();
        expect($(el, 'section.abm-detail c-abm-empty-state').message).toBe('c.ABM_NoAccountsForAe');
        $(el, '[data-id="close-detail"]').click();
        await flushPromises();
        expect($(el, 'section.abm-detail')).toBeNull();
    });
});

describe('narrow region', () => {
    it('stacks the AEs as a list with a sort selector instead of a wide table', async () => {
        const el = await loaded({ includeTier2: true, flexipageRegionWidth: 'SMALL' });
        expect($(el, 'table.abm-aes')).toBeNull();
        expect(all(el, 'li.abm-ae')).toHaveLength(5);
        expect($(el, '.abm-territory_narrow')).not.toBeNull();
        change($(el, '[data-id="sort-by"]'), 'tier1');
        change($(el, '[data-id="sort-direction"]'), 'desc');
        await flushPromises();
        expect(names(el)[0]).toBe('Ana Lopez');
        getOwnerAccounts.mockResolvedValueOnce(page(2));
        all(el, 'lightning-button.abm-show-accounts')[2].click();
        await flushPromises();
        expect($(el, 'table.abm-detail-accounts')).toBeNull();
        expect(all(el, 'li.abm-detail-account')).toHaveLength(2);
        await expect(el).toBeAccessible();
    });
});

describe('search and reassign', () => {
    it('searches accounts after a pause, not on every keystroke', async () => {
        searchAccounts.mockResolvedValue(SEARCH);
        const el = await loaded();
        jest.useFakeTimers();
        const input = $(el, '[data-id="account-search"]');
        input.value = 'A';
        input.dispatchEvent(new CustomEvent('change'));
        input.value = 'Acme';
        input.dispatchEvent(new CustomEvent('change'));
        jest.advanceTimersByTime(300);
        expect(searchAccounts).toHaveBeenCalledTimes(1);
        expect(searchAccounts).toHaveBeenCalledWith({ term: 'Acme', includeTier2: true });
        jest.useRealTimers();
        await flushPromises();
        expect($(el, '.abm-search-owner').textContent).toBe('Ben Okafor');
    });

    it('opens the reassign modal with the account and the AEs, then toasts, refreshes and returns focus', async () => {
        const el = await loaded();
        const open = jest
            .spyOn(AbmTerritoryReassignModal, 'open')
            .mockResolvedValue({ accountId: '001000000000101AAA', newOwnerId: '005000000000002AAA', ownerName: 'Ben Okafor' });
        const toasts = [];
        el.addEventListener(ShowToastEventName, (event) => toasts.push(event.detail));
        const button = all(el, 'li.abm-gap lightning-button.abm-reassign')[0];
        expect(button.ariaLabel).toBe('c.ABM_ReassignTitle');
        const focus = jest.spyOn(button, 'focus');
        button.click();
        await flushPromises();
        await nextFrame();
        const props = open.mock.calls[0][0];
        expect(props.account.id).toBe('001000000000101AAA');
        expect(props.aes).toHaveLength(5);
        expect(props.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(toasts).toHaveLength(1);
        expect(toasts[0].variant).toBe('success');
        expect(refreshApex).toHaveBeenCalled();
        expect(focus).toHaveBeenCalled();
    });

    it('changes nothing when the modal is cancelled', async () => {
        const el = await loaded();
        jest.spyOn(AbmTerritoryReassignModal, 'open').mockResolvedValue(undefined);
        const toasts = [];
        el.addEventListener(ShowToastEventName, (event) => toasts.push(event.detail));
        all(el, 'li.abm-gap lightning-button.abm-reassign')[0].click();
        await flushPromises();
        expect(toasts).toHaveLength(0);
        expect(refreshApex).not.toHaveBeenCalled();
    });

    it('offers no reassign action when the server says the user lacks the permission', async () => {
        const el = await loaded({ includeTier2: true }, { ...SUMMARY, canReassign: false });
        expect(all(el, 'lightning-button.abm-reassign')).toHaveLength(0);
        expect(all(el, 'li.abm-gap')).toHaveLength(5);
    });
});

it('reads the real values of the labels it asserts on', () => {
    const { labelValue } = require('../../../../../test/jest-mocks/labelValue');
    for (const name of LABELS) {
        expect(labelValue(name)).not.toBe('');
    }
});
