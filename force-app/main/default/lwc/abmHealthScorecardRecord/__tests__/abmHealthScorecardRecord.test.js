import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardRecord from 'c/abmHealthScorecardRecord';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import { refreshApex } from '@salesforce/apex';
import getHealthSignals from '@salesforce/apex/AbmHealthController.getHealthSignals';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock('@salesforce/label/c.ABM_BandAtRisk', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_BandAtRisk'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_BandHealthy',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_BandHealthy'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_BandUnknown',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_BandUnknown'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_ScoreOf100', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_ScoreOf100'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_DaysVsThreshold',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DaysVsThreshold'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_CoverageOfMinimum',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_CoverageOfMinimum'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_DriverValue',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DriverValue'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_DriverCoverage',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DriverCoverage'),
    { virtual: true }
);
jest.mock(
    '@salesforce/label/c.ABM_DriverCommittee',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DriverCommittee'),
    { virtual: true }
);
jest.mock('@salesforce/label/c.ABM_Percent', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_Percent'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_DaysInStage',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_DaysInStage'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_Owner', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_Owner'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_TeamSdr', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TeamSdr'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_NoFlags', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoFlags'), {
    virtual: true
});

jest.mock(
    '@salesforce/apex/AbmHealthController.getHealthSignals',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const RECORD = require('./data/getRecord.json');
const SIGNALS = require('./data/getHealthSignals.json');
const OBJECT_INFO = require('./data/getObjectInfo.json');
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-health-scorecard-record', { is: AbmHealthScorecardRecord });
    Object.assign(el, { recordId: '001000000000001AAA' }, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);
const all = (el, selector) => Array.from(el.shadowRoot.querySelectorAll(selector));
const text = (node) => node.textContent.replace(/\s+/g, ' ').trim();

/** The record with some fields replaced, as LDS delivers it after a change. */
function withFields(changes) {
    const record = JSON.parse(JSON.stringify(RECORD));
    for (const [name, value] of Object.entries(changes)) {
        record.fields[name] = { value, displayValue: value === null ? null : String(value) };
    }
    return record;
}

async function loaded(props = {}, record = RECORD) {
    const el = mount(props);
    getRecord.emit(record);
    getHealthSignals.emit(SIGNALS);
    getObjectInfo.emit(OBJECT_INFO);
    await flushPromises();
    return el;
}

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('reads the account through LDS and the signals through Apex, and shows a spinner until both arrive', async () => {
    const el = mount();
    expect($(el, 'lightning-spinner')).not.toBeNull();
    getRecord.emit(RECORD);
    await flushPromises();
    expect($(el, 'lightning-spinner')).not.toBeNull();
    getHealthSignals.emit(SIGNALS);
    await flushPromises();
    expect($(el, 'lightning-spinner')).toBeNull();
    expect(getRecord.getLastConfig().recordId).toBe('001000000000001AAA');
    expect(getRecord.getLastConfig().fields).toEqual([{ objectApiName: 'Account', fieldApiName: 'Name' }]);
    expect(getRecord.getLastConfig().optionalFields.map((f) => f.fieldApiName)).toEqual(
        expect.arrayContaining(['ABM_HealthScore__c', 'ABM_DaysSinceEngagement__c', 'Owner.Name', 'ABM_Sdr__r.Name', 'SystemModstamp'])
    );
    expect(getHealthSignals.getLastConfig()).toEqual({ accountId: '001000000000001AAA' });
});

it('shows band, score, trend, flags with their actions, drivers, engagement, stage, next step, team and signals', async () => {
    const el = await loaded();
    expect(text($(el, '[data-id="band"]'))).toBe('At risk');
    expect($(el, '[data-id="score"]').textContent).toBe('48');
    expect($(el, '.slds-assistive-text').textContent).toBe('Health score 48 out of 100');
    expect($(el, 'c-abm-health-scorecard-trend').points).toHaveLength(12);
    const flags = all(el, 'c-abm-health-scorecard-flag');
    expect(flags.map((f) => f.code)).toEqual(['DORMANT', 'COVERAGE_LOW']);
    expect(flags[1].missingRoles.map((r) => r.value)).toEqual(['Economic Buyer', 'Evaluator']);
    expect(flags[0].accountName).toBe('Northwind Logistics');
    expect(flags[0].today).toBe('2026-03-10');
    const drivers = all(el, 'li.abm-driver');
    expect(drivers.map((d) => d.dataset.key)).toEqual(['fit', 'intent', 'engagement', 'recency', 'coverage', 'committee']);
    expect(text(drivers[3].querySelector('.abm-driver-value'))).toBe('64 days (stalling at 21)');
    expect(text(drivers[4].querySelector('.abm-driver-value'))).toBe('2 of 3 minimum');
    expect(drivers[4].querySelector('lightning-progress-bar').ariaLabel).toBe('Contact coverage: 2 of 3 minimum');
    expect(drivers[5].querySelector('lightning-progress-bar').ariaLabel).toBe('Buying committee: 50%');
    expect(text($(el, '.abm-last-engagement'))).toBe('Jan 5, 2026 · 64 days ago');
    expect($(el, '.abm-stage').textContent).toBe('SQL Account · 34 days in stage');
    const nextStep = $(el, 'c-abm-health-scorecard-next-step');
    expect(nextStep.value).toBe('Exec briefing with the CFO on 12 March');
    expect(nextStep.updatedDate).toBe('2026-02-27');
    expect(nextStep.canEdit).toBe(true);
    expect(all(el, 'li.abm-team-member').map(text)).toEqual(['Owner: Ana Lopez', 'SDR: Ben Okafor']);
    expect(all(el, 'li.abm-signal').map((s) => text(s.querySelector('.abm-signal-date')))).toEqual(['Mar 1, 2026', 'Feb 20, 2026']);
    await expect(el).toBeAccessible();
});

it('re-renders when LDS delivers a change: a logged call clears the flags and the band follows', async () => {
    const el = await loaded();
    expect(all(el, 'c-abm-health-scorecard-flag')).toHaveLength(2);

    getRecord.emit(
        withFields({
            ABM_DaysSinceEngagement__c: 0,
            ABM_LastEngagementDate__c: '2026-03-10',
            ABM_ContactCoverage__c: 3,
            ABM_HealthBand__c: 'Healthy',
            ABM_HealthScore__c: 71,
            SystemModstamp: '2026-03-10T09:00:00.000Z'
        })
    );
    await flushPromises();

    expect(all(el, 'c-abm-health-scorecard-flag')).toHaveLength(0);
    expect($(el, '.abm-no-flags').textContent).toBe('No flags');
    expect(text($(el, '[data-id="band"]'))).toBe('Healthy');
    expect($(el, '[data-id="score"]').textContent).toBe('71');
    expect(text($(el, '.abm-last-engagement'))).toBe('Mar 10, 2026 · today');
    // The account changed, so signals and missing roles are read again.
    expect(refreshApex).toHaveBeenCalledTimes(1);
});

it('does not re-read the signals when LDS re-delivers an unchanged record', async () => {
    await loaded();
    getRecord.emit(RECORD);
    await flushPromises();
    expect(refreshApex).not.toHaveBeenCalled();
});

it('registers with the RefreshView API: a refresh re-reads the record and the signals', async () => {
    const el = await loaded();
    const [component, handler] = registerRefreshHandler.mock.calls[0];

    const result = await handler.call(component);

    expect(result).toBe(true);
    expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: '001000000000001AAA' }]);
    expect(refreshApex).toHaveBeenCalled();
    el.remove();
    expect(unregisterRefreshHandler).toHaveBeenCalled();
});

it('stacks the columns in a narrow region and keeps three columns otherwise', async () => {
    const wide = await loaded({ regionWidth: 'MEDIUM' });
    expect($(wide, '.abm-scorecard > div').className).toContain('slds-medium-size_1-of-3');
    document.body.replaceChildren();
    const narrow = await loaded({ regionWidth: 'SMALL' });
    const columns = all(narrow, '.abm-scorecard > div');
    expect(columns[0].className).toBe('slds-col slds-size_1-of-1');
    expect($(narrow, '.abm-scorecard').className).toContain('abm-scorecard_narrow');
});

it('hides the signals and the team on request, and the next-step pencil without field access', async () => {
    const el = mount({ hideSignals: true, hideTeam: true });
    getRecord.emit(RECORD);
    getHealthSignals.emit(SIGNALS);
    getObjectInfo.emit({ ...OBJECT_INFO, fields: { ABM_NextStep__c: { updateable: false } } });
    await flushPromises();
    expect(all(el, 'li.abm-signal')).toHaveLength(0);
    expect(all(el, 'li.abm-team-member')).toHaveLength(0);
    expect($(el, 'c-abm-health-scorecard-next-step').canEdit).toBe(false);
});

it('shows an unscored account without flags as Not scored', async () => {
    const el = await loaded(
        {},
        withFields({
            ABM_HealthBand__c: null,
            ABM_HealthScore__c: null,
            ABM_Tier__c: '3',
            ABM_DaysSinceEngagement__c: 2,
            ABM_Stage__c: null
        })
    );
    expect(text($(el, '[data-id="band"]'))).toBe('Not scored');
    expect($(el, '[data-id="score"]').textContent).toBe('–');
    expect($(el, '.abm-stage').textContent).toBe('–');
    expect(all(el, 'c-abm-health-scorecard-flag')).toHaveLength(0);
});

it('shows the error panel when the record cannot be read', async () => {
    const el = mount();
    getRecord.error({ body: { message: 'The requested resource does not exist' } });
    getHealthSignals.emit(SIGNALS);
    await flushPromises();
    const panel = $(el, 'c-abm-error-panel');
    expect(panel).not.toBeNull();
    expect(panel.errors).toHaveLength(1);
    await expect(el).toBeAccessible();
});

it('shows the error panel when the signals cannot be read', async () => {
    const el = mount();
    getRecord.emit(RECORD);
    getHealthSignals.error({ message: 'You do not have access to the ABM data this component shows.' });
    await flushPromises();
    expect($(el, 'c-abm-error-panel')).not.toBeNull();
    expect(all(el, 'li.abm-driver')).toHaveLength(0);
});
