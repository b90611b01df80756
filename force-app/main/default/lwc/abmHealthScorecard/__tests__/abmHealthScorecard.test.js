import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecard from 'c/abmHealthScorecard';
import getScorecard from '@salesforce/apex/AbmHealthController.getScorecard';
import getAccountList from '@salesforce/apex/AbmHealthController.getAccountList';

jest.mock(
    '@salesforce/apex/AbmHealthController.getScorecard',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
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

const SCORECARD = require('./data/getScorecard.json');
const LIST = require('./data/getAccountList.json');
const LIST_EMPTY = require('./data/getAccountListEmpty.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-health-scorecard', { is: AbmHealthScorecard });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

describe('record mode', () => {
    it('shows a spinner until the scorecard arrives', () => {
        const el = mount({ recordId: '001000000000001AAA' });
        expect(el.shadowRoot.querySelector('lightning-spinner')).not.toBeNull();
        expect(el.shadowRoot.querySelector('c-abm-error-panel')).toBeNull();
    });

    it('asks for the record on the page and never for the list', async () => {
        mount({ recordId: '001000000000001AAA' });
        await flushPromises();
        expect(getScorecard.getLastConfig()).toEqual({ accountId: '001000000000001AAA' });
        expect(getAccountList.getLastConfig().scope).toBeUndefined();
    });

    it('renders band with text and icon, score, drivers, flags, team and signals', async () => {
        const el = mount({ recordId: '001000000000001AAA' });
        getScorecard.emit(SCORECARD);
        await flushPromises();

        const band = el.shadowRoot.querySelector('lightning-badge[data-id="band"]');
        expect(band.label).toBe('c.ABM_BandAtRisk');
        expect(band.iconName).toBe('utility:error');
        expect(el.shadowRoot.querySelector('[data-id="score"]').textContent).toBe('48');
        const drivers = all(el, 'li.abm-driver');
        expect(drivers.map((d) => d.dataset.key)).toEqual(['fit', 'intent', 'engagement', 'recency', 'coverage', 'committee']);
        expect(drivers[4].querySelector('lightning-progress-bar').value).toBe(67);
        expect(drivers.filter((d) => d.querySelector('.abm-driver-warning')).map((d) => d.dataset.key)).toEqual(['recency', 'coverage']);
        expect(drivers[0].querySelector('lightning-progress-bar').value).toBe(82);
        expect(all(el, 'lightning-badge.abm-flag').map((f) => f.dataset.code)).toEqual(['DORMANT', 'COVERAGE_LOW']);
        expect(all(el, 'li.abm-team-member').map((m) => m.textContent)).toEqual(['c.ABM_Owner: Ana Lopez', 'SDR: Ben Okafor']);
        expect(all(el, 'li.abm-signal')).toHaveLength(2);
        expect(el.shadowRoot.querySelector('.abm-next-step').textContent).toContain('Exec briefing');
        expect(el.shadowRoot.querySelector('.abm-stage').textContent).toContain('SQL Account');
        expect(el.shadowRoot.querySelector('[aria-live="polite"]')).not.toBeNull();
    });

    it('says so when there are no flags and no signals', async () => {
        const el = mount({ recordId: '001000000000001AAA' });
        getScorecard.emit({ ...SCORECARD, flags: [], signals: [], healthBand: 'Healthy' });
        await flushPromises();
        expect(el.shadowRoot.querySelector('.abm-no-flags')).not.toBeNull();
        expect(el.shadowRoot.querySelector('.abm-no-signals')).not.toBeNull();
        expect(el.shadowRoot.querySelector('lightning-badge[data-id="band"]').iconName).toBe('utility:success');
    });

    it('hides signals and team when the design properties say so', async () => {
        const el = mount({ recordId: '001000000000001AAA', hideSignals: true, hideTeam: true });
        getScorecard.emit(SCORECARD);
        await flushPromises();
        expect(all(el, 'li.abm-signal')).toHaveLength(0);
        expect(el.shadowRoot.querySelector('.abm-team')).toBeNull();
    });

    it('shows the error panel with the reduced message when the load fails', async () => {
        const el = mount({ recordId: '001000000000001AAA' });
        getScorecard.error({ message: 'You do not have access' });
        await flushPromises();
        const panel = el.shadowRoot.querySelector('c-abm-error-panel');
        expect(panel).not.toBeNull();
        expect(el.shadowRoot.querySelector('lightning-spinner')).toBeNull();
    });

    it('is accessible with data', async () => {
        const el = mount({ recordId: '001000000000001AAA' });
        getScorecard.emit(SCORECARD);
        await flushPromises();
        await expect(el).toBeAccessible();
    });

    it('is accessible with an error', async () => {
        const el = mount({ recordId: '001000000000001AAA' });
        getScorecard.error();
        await flushPromises();
        await expect(el).toBeAccessible();
    });
});

describe('list mode', () => {
    it('asks for my Tier 1 accounts, first page', async () => {
        mount({ listScope: 'MINE', tiers: '1', pageSize: 10 });
        await flushPromises();
        expect(getAccountList.getLastConfig()).toEqual({ scope: 'MINE', tiers: ['1'], pageSize: 10, pageNumber: 1 });
        expect(getScorecard.getLastConfig().accountId).toBeUndefined();
    });

    it('renders one row per account, stalling rows marked, page text', async () => {
        const el = mount({});
        getAccountList.emit(LIST);
        await flushPromises();
        const rows = all(el, 'tbody tr');
        expect(rows).toHaveLength(10);
        expect(rows.filter((r) => r.classList.contains('abm-row_stalling'))).toHaveLength(4);
        expect(rows[0].querySelector('a').getAttribute('href')).toBe('/lightning/r/Account/001000000000001AAA/view');
        expect(rows[0].querySelector('lightning-badge[data-code="STALLING"]')).not.toBeNull();
        expect(el.shadowRoot.querySelector('.abm-page-text').textContent).toBe('c.ABM_PageOf');
        expect(el.shadowRoot.querySelector('[data-id="previous"]').disabled).toBe(true);
        expect(el.shadowRoot.querySelector('[data-id="next"]').disabled).toBe(false);
    });

    it('asks for the next page when Next is clicked and the previous one after', async () => {
        const el = mount({});
        getAccountList.emit(LIST);
        await flushPromises();
        el.shadowRoot.querySelector('[data-id="next"]').click();
        await flushPromises();
        expect(getAccountList.getLastConfig().pageNumber).toBe(2);
        getAccountList.emit({ ...LIST, pageNumber: 2 });
        await flushPromises();
        el.shadowRoot.querySelector('[data-id="previous"]').click();
        await flushPromises();
        expect(getAccountList.getLastConfig().pageNumber).toBe(1);
    });

    it('shows an owner column for the team scope', async () => {
        const el = mount({ listScope: 'TEAM', tiers: '1,2' });
        await flushPromises();
        expect(getAccountList.getLastConfig().tiers).toEqual(['1', '2']);
        getAccountList.emit({ ...LIST, scope: 'TEAM' });
        await flushPromises();
        expect(all(el, 'thead th')).toHaveLength(6);
    });

    it('shows the empty state when nothing is owned', async () => {
        const el = mount({});
        getAccountList.emit(LIST_EMPTY);
        await flushPromises();
        expect(el.shadowRoot.querySelector('c-abm-empty-state')).not.toBeNull();
        expect(el.shadowRoot.querySelector('table')).toBeNull();
    });

    it('shows the error panel when the list fails', async () => {
        const el = mount({});
        getAccountList.error({ message: 'boom' });
        await flushPromises();
        expect(el.shadowRoot.querySelector('c-abm-error-panel')).not.toBeNull();
    });

    it('is accessible with data', async () => {
        const el = mount({});
        getAccountList.emit(LIST);
        await flushPromises();
        await expect(el).toBeAccessible();
    });
});
