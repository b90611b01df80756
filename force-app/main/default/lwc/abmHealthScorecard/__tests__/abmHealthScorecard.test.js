import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecard from 'c/abmHealthScorecard';

jest.mock(
    '@salesforce/apex/AbmHealthController.getHealthSignals',
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

function mount(props) {
    const el = createElement('c-abm-health-scorecard', { is: AbmHealthScorecard });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

afterEach(() => {
    document.body.replaceChildren();
});

it('shows the record view on a record page, with the design properties and the region width', () => {
    const el = mount({ recordId: '001000000000001AAA', hideSignals: true, hideTeam: false, flexipageRegionWidth: 'SMALL' });
    const record = $(el, 'c-abm-health-scorecard-record');
    expect(record).not.toBeNull();
    expect($(el, 'c-abm-health-scorecard-list')).toBeNull();
    expect(record.recordId).toBe('001000000000001AAA');
    expect(record.hideSignals).toBe(true);
    expect(record.regionWidth).toBe('SMALL');
});

it('shows the list view on an app or home page, with the design properties and the region width', () => {
    const el = mount({ listScope: 'TEAM', tiers: '1,2', pageSize: 25, flexipageRegionWidth: 'LARGE' });
    const list = $(el, 'c-abm-health-scorecard-list');
    expect(list).not.toBeNull();
    expect($(el, 'c-abm-health-scorecard-record')).toBeNull();
    expect(list.listScope).toBe('TEAM');
    expect(list.tiers).toBe('1,2');
    expect(list.pageSize).toBe(25);
    expect(list.regionWidth).toBe('LARGE');
});
