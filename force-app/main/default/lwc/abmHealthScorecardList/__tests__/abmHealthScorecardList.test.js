import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardList from 'c/abmHealthScorecardList';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { refreshApex } from '@salesforce/apex';
import getAccountList from '@salesforce/apex/AbmHealthController.getAccountList';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock(
    '@salesforce/label/c.ABM_ScorecardListTitleTeam',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ScorecardListTitleTeam'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_ScorecardListTitleMine',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ScorecardListTitleMine'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterAllAccounts',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterAllAccounts'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterAnyFlag',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterAnyFlag'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterStalling',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterStalling'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterDormant',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterDormant'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterCoverageLow',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterCoverageLow'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_FilterUnassigned',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_FilterUnassigned'),
    { virtual: true }
);
jest.mock('@salesforce/label/c.ABM_BandAtRisk', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_BandAtRisk'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_TierAndStage',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TierAndStage'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_NoFlags', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoFlags'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_PageOf', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_PageOf'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_AccountCount',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_AccountCount'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_NoAccountsInList',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoAccountsInList'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_NoAccountsWithFlag',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoAccountsWithFlag'),
    { virtual: true }
);

jest.mock(
    '@salesforce/apex/AbmHealthController.getAccountList',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const PAGE = require('./data/getAccountList.json');
const EMPTY = require('./data/getAccountListEmpty.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-health-scorecard-list', { is: AbmHealthScorecardList });
    Object.assign(el, { listScope: 'TEAM', tiers: '1', pageSize: 5 }, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

async function loaded(props = {}, page = PAGE) {
    const el = mount(props);
    getAccountList.emit(page);
    getObjectInfo.emit({ apiName: 'Account', fields: { ABM_NextStep__c: { updateable: true } } });
    await flushPromises();
    return el;
}

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('asks the server for the first page, riskiest first, with every filter counted', async () => {
    const el = mount();
    expect($(el, 'lightning-spinner')).not.toBeNull();
    await flushPromises();
    expect(getAccountList.getLastConfig()).toEqual({
        scope: 'TEAM',
        tiers: ['1'],
        pageSize: 5,
        filter: 'ALL',
        sortBy: 'RISK',
        sortDirection: 'ASC',
        cursor: null
    });
    getAccountList.emit(PAGE);
    await flushPromises();
    expect($(el, 'lightning-card').title).toBe("My team's Tier 1 accounts by risk");
    expect($(el, '[data-id="filter"]').options.map((o) => o.label)).toEqual([
        'All accounts (12)',
        'Any flag (9)',
        'Stalling (4)',
        'Dormant (3)',
        'Coverage below minimum (5)',
        'Unassigned Tier 1 (0)'
    ]);
});

it('shows each row with band, score, days, next step and one action per flag, and the owner for a team', async () => {
    const el = await loaded();
    const rows = all(el, 'tbody tr');
    expect(rows).toHaveLength(5);
    expect(text(rows[0].querySelector('[data-id="band"]'))).toBe('At risk');
    expect(rows[0].querySelector('[data-id="score"]').textContent).toBe('31');
    expect(rows[0].querySelector('.abm-subtitle').textContent).toBe('Tier 1 · SQL Account');
    expect(rows[0].className).toContain('abm-row_stalling');
    const nextStep = rows[0].querySelector('c-abm-health-scorecard-next-step');
    expect(nextStep.value).toBe('Exec briefing with the CFO');
    expect(nextStep.updatedDate).toBe('2026-01-20');
    expect(nextStep.today).toBe('2026-03-10');
    const flags = Array.from(rows[0].querySelectorAll('c-abm-health-scorecard-flag'));
    expect(flags.map((f) => f.code)).toEqual(['DORMANT', 'COVERAGE_LOW']);
    expect(flags[1].missingRoles).toEqual([{ value: 'Economic Buyer', label: 'Economic Buyer' }]);
    expect(rows[4].querySelector('.abm-flags-cell').textContent.trim()).toBe('No flags');
    expect(rows[0].querySelector('.abm-owner').textContent).toBe('Ana Lopez');
    expect(all(el, 'col')).toHaveLength(6);
    expect($(el, '.abm-page-text').textContent).toBe('Page 1 of 3 · 12 accounts');
    await expect(el).toBeAccessible();
});

it('has no owner column for my own accounts', async () => {
    const el = await loaded({ listScope: 'MINE' });
    expect($(el, '.abm-owner')).toBeNull();
    expect(all(el, 'col')).toHaveLength(5);
    expect($(el, 'lightning-card').title).toBe('My Tier 1 accounts by risk');
});

it('names several tiers as a list in the user language', async () => {
    const el = await loaded({ listScope: 'MINE', tiers: '1,2' });
    expect($(el, 'lightning-card').title).toBe('My Tier 1 and 2 accounts by risk');
});

it('filters by flag on the server and starts again at page 1', async () => {
    const el = await loaded();
    $(el, '[data-id="next"]').click();
    await flushPromises();
    expect(getAccountList.getLastConfig().cursor).toBe(PAGE.nextCursor);

    $(el, '[data-id="filter"]').dispatchEvent(new CustomEvent('change', { detail: { value: 'STALLING' } }));
    await flushPromises();

    expect(getAccountList.getLastConfig()).toMatchObject({ filter: 'STALLING', cursor: null });
});

it('sorts by a column header: first in its natural direction, then the other way; aria-sort follows', async () => {
    const el = await loaded();
    const headerOf = (sort) => $(el, `button[data-sort="${sort}"]`);
    expect(headerOf('RISK').parentElement.getAttribute('aria-sort')).toBe('ascending');
    expect(headerOf('NAME').parentElement.getAttribute('aria-sort')).toBe('none');

    headerOf('DAYS').click();
    await flushPromises();
    expect(getAccountList.getLastConfig()).toMatchObject({ sortBy: 'DAYS', sortDirection: 'DESC', cursor: null });
    expect(headerOf('DAYS').parentElement.getAttribute('aria-sort')).toBe('descending');

    headerOf('DAYS').click();
    await flushPromises();
    expect(getAccountList.getLastConfig()).toMatchObject({ sortBy: 'DAYS', sortDirection: 'ASC' });

    headerOf('NEXT_STEP_AGE').click();
    await flushPromises();
    expect(getAccountList.getLastConfig()).toMatchObject({ sortBy: 'NEXT_STEP_AGE', sortDirection: 'DESC' });
});

it('pages forward with the server cursor and back with the cursors already seen', async () => {
    const el = await loaded();
    expect($(el, '[data-id="previous"]').disabled).toBe(true);

    $(el, '[data-id="next"]').click();
    await flushPromises();
    getAccountList.emit({ ...PAGE, hasMore: true, nextCursor: 'page-3' });
    await flushPromises();
    expect($(el, '.abm-page-text').textContent).toBe('Page 2 of 3 · 12 accounts');

    $(el, '[data-id="next"]').click();
    await flushPromises();
    expect(getAccountList.getLastConfig().cursor).toBe('page-3');
    getAccountList.emit({ ...PAGE, hasMore: false, nextCursor: null });
    await flushPromises();
    expect($(el, '[data-id="next"]').disabled).toBe(true);

    $(el, '[data-id="previous"]').click();
    await flushPromises();
    expect(getAccountList.getLastConfig().cursor).toBe(PAGE.nextCursor);
    $(el, '[data-id="previous"]').click();
    await flushPromises();
    expect(getAccountList.getLastConfig().cursor).toBeNull();
});

it('re-reads the page after a next step is saved in a row', async () => {
    const el = await loaded();
    $(el, 'c-abm-health-scorecard-next-step').dispatchEvent(new CustomEvent('nextstepchange', { detail: { value: 'x' } }));
    await flushPromises();
    expect(refreshApex).toHaveBeenCalledTimes(1);
});

it('re-reads the page when the view refreshes (a call logged or a contact saved from a flag action)', async () => {
    const el = await loaded();
    const [component, handler] = registerRefreshHandler.mock.calls[0];
    expect(await handler.call(component)).toBe(true);
    expect(refreshApex).toHaveBeenCalledTimes(1);
    expect(refreshApex.mock.calls[0][0].data).toEqual(PAGE);
    el.remove();
    expect(unregisterRefreshHandler).toHaveBeenCalledWith(registerRefreshHandler.mock.results[0].value);
});

it('stacks rows as cards with a sort picker in a narrow region', async () => {
    const el = await loaded({ regionWidth: 'SMALL' });
    expect($(el, 'table')).toBeNull();
    const cards = all(el, 'li.abm-card');
    expect(cards).toHaveLength(5);
    expect(cards[2].querySelector('.abm-card__name').textContent).toBe('Fabrikam Retail Group International Holdings');
    expect(cards[2].querySelectorAll('c-abm-health-scorecard-flag')).toHaveLength(2);

    $(el, '[data-id="sort"]').dispatchEvent(new CustomEvent('change', { detail: { value: 'SCORE' } }));
    await flushPromises();
    expect(getAccountList.getLastConfig()).toMatchObject({ sortBy: 'SCORE', sortDirection: 'ASC' });
    await expect(el).toBeAccessible();
});

it('says so when nobody owns accounts in the tiers, and when a flag filter matches none', async () => {
    const el = await loaded({ listScope: 'MINE' }, EMPTY);
    expect($(el, 'c-abm-empty-state').message).toBe(
        'No accounts to show. Accounts you (or your team) own in the chosen tiers appear here.'
    );
    expect($(el, '[data-id="filter"]')).toBeNull();

    document.body.replaceChildren();
    const filtered = await loaded();
    $(filtered, '[data-id="filter"]').dispatchEvent(new CustomEvent('change', { detail: { value: 'UNASSIGNED_TIER1' } }));
    await flushPromises();
    getAccountList.emit({ ...EMPTY, counts: PAGE.counts, filter: 'UNASSIGNED_TIER1' });
    await flushPromises();
    expect($(filtered, 'c-abm-empty-state').message).toBe('No accounts with this flag. Choose All accounts to see the rest.');
    expect($(filtered, '[data-id="filter"]')).not.toBeNull();
});

it('shows the error panel when the list cannot be read', async () => {
    const el = mount();
    getAccountList.error({ message: 'You do not have access to the ABM data this component shows.' });
    await flushPromises();
    expect($(el, 'c-abm-error-panel')).not.toBeNull();
    await expect(el).toBeAccessible();
});
