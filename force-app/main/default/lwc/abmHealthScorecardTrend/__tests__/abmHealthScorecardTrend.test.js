import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardTrend from 'c/abmHealthScorecardTrend';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock('@salesforce/label/c.ABM_TrendDown', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TrendDown'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_TrendUp', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TrendUp'), {
    virtual: true
});
jest.mock('@salesforce/label/c.ABM_TrendFlat', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TrendFlat'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_TrendSummary',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_TrendSummary'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_NoTrend', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoTrend'), {
    virtual: true
});

const TREND = require('../../abmHealthScorecardRecord/__tests__/data/getHealthSignals.json').trend;

function mount(points) {
    const el = createElement('c-abm-health-scorecard-trend', { is: AbmHealthScorecardTrend });
    el.points = points;
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

afterEach(() => {
    document.body.replaceChildren();
});

it('draws one point per scored week and says the change in words', async () => {
    const el = mount(TREND);
    const points = $(el, 'polyline').getAttribute('points').split(' ');
    expect(points).toHaveLength(12);
    // 0-100 maps top to bottom: 66 is higher on the chart (smaller y) than 48.
    const y = (p) => Number(p.split(',')[1]);
    expect(y(points[0])).toBeLessThan(y(points[11]));
    expect($(el, '[data-id="trend-change"]').textContent.trim()).toBe('Down 18 points in 12 weeks');
    expect($(el, 'svg').getAttribute('aria-label')).toBe('Health score from 66 (week of Dec 15, 2025) to 48 (week of Mar 2, 2026)');
    await expect(el).toBeAccessible();
});

it('skips weeks without a score and uses singular forms', () => {
    const el = mount([
        { weekStartDate: '2026-02-23', healthScore: 40 },
        { weekStartDate: '2026-03-02', healthScore: null }
    ]);
    expect($(el, 'polyline')).toBeNull();
    expect($(el, '[data-id="trend-empty"]').textContent).toBe('No trend yet: the weekly snapshot starts the history.');

    el.points = [
        { weekStartDate: '2026-02-23', healthScore: 40 },
        { weekStartDate: '2026-03-02', healthScore: 41 }
    ];
    return Promise.resolve().then(() => {
        expect($(el, '[data-id="trend-change"]').textContent.trim()).toBe('Up 1 point in 2 weeks');
    });
});

it('says no change when the score held', () => {
    const el = mount([
        { weekStartDate: '2026-02-23', healthScore: 55 },
        { weekStartDate: '2026-03-02', healthScore: 55 }
    ]);
    expect($(el, '[data-id="trend-change"]').textContent.trim()).toBe('No change in 2 weeks');
});
