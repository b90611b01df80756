import { addDays, averagePercent, bandInfo, formatLabel, reviewState, sectionCompleteness } from 'c/abmFormatUtils';

const LABELS = { bandAtRisk: 'At risk', bandStalling: 'Stalling', bandHealthy: 'Healthy', bandUnknown: 'Not scored' };

it('formats labels with numbered arguments and blanks for missing ones', () => {
    expect(formatLabel('{0} of {1} minimum', 2, 3)).toBe('2 of 3 minimum');
    expect(formatLabel('{1}-{0}-{2}', 'a', 'b')).toBe('b-a-');
});

it('gives every band a text and an icon', () => {
    expect(bandInfo('At risk', LABELS)).toMatchObject({ label: 'At risk', icon: 'utility:error' });
    expect(bandInfo('Stalling', LABELS)).toMatchObject({ label: 'Stalling', icon: 'utility:warning' });
    expect(bandInfo('Healthy', LABELS)).toMatchObject({ label: 'Healthy', icon: 'utility:success' });
    expect(bandInfo(undefined, LABELS)).toMatchObject({ label: 'Not scored', icon: 'utility:help' });
});

it('measures section completeness against the target, capped at 100', () => {
    expect(sectionCompleteness('', 200)).toBe(0);
    expect(sectionCompleteness('   ', 200)).toBe(0);
    expect(sectionCompleteness('x'.repeat(50), 200)).toBe(25);
    expect(sectionCompleteness('x'.repeat(500), 200)).toBe(100);
    expect(sectionCompleteness('x'.repeat(100), 0)).toBe(50);
    expect(averagePercent([100, 0, 50])).toBe(50);
    expect(averagePercent([])).toBe(0);
});

it('derives the quarterly review state from the next or last review date', () => {
    expect(addDays('2026-03-10', 90)).toBe('2026-06-08');
    expect(reviewState({}, '2026-03-10')).toEqual({ state: 'never', dueDate: null, days: null });
    expect(reviewState({ nextReviewDate: '2026-03-01' }, '2026-03-10')).toEqual({ state: 'overdue', dueDate: '2026-03-01', days: 9 });
    expect(reviewState({ nextReviewDate: '2026-03-10' }, '2026-03-10')).toEqual({ state: 'due', dueDate: '2026-03-10', days: 0 });
    expect(reviewState({ lastReviewedDate: '2025-12-01' }, '2026-03-10')).toEqual({ state: 'overdue', dueDate: '2026-03-01', days: 9 });
    expect(reviewState({ lastReviewedDate: '2026-01-01' }, '2026-03-10')).toEqual({ state: 'due', dueDate: '2026-04-01', days: 22 });
});
