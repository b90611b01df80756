import {
    addDays,
    averagePercent,
    bandInfo,
    daysBetween,
    formatDate,
    formatDaysAgo,
    formatLabel,
    formatList,
    formatMessage,
    formatNumber,
    pluralCategory,
    reviewState,
    sectionCompleteness
} from 'c/abmFormatUtils';

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

describe('locale formatting', () => {
    it('formats numbers in the user locale and blanks as an en dash', () => {
        expect(formatNumber(7500, 'en-US')).toBe('7,500');
        expect(formatNumber(7500, 'de-DE')).toBe('7.500');
        expect(formatNumber(0.5, 'fr-FR', { style: 'percent' })).toMatch(/^50\s%$/);
        expect(formatNumber(null, 'en-US')).toBe('–');
        expect(formatNumber(undefined, 'en-US')).toBe('–');
        expect(formatNumber('abc', 'en-US')).toBe('–');
    });

    it('formats a calendar day as written, whatever the time zone', () => {
        expect(formatDate('2026-03-01', 'en-US')).toBe('Mar 1, 2026');
        expect(formatDate('2026-03-01T23:30:00.000Z', 'en-US')).toBe('Mar 1, 2026');
        expect(formatDate('2026-03-01', 'de-DE')).toBe('01.03.2026');
        expect(formatDate('2026-03-01', 'en-GB', 'long')).toBe('1 March 2026');
        expect(formatDate('', 'en-US')).toBe('–');
        expect(formatDate('not a date', 'en-US')).toBe('–');
    });

    it('counts days between two dates', () => {
        expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
        expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
        expect(daysBetween(null, '2026-03-01')).toBeNull();
    });

    it('says days ago in the user language', () => {
        expect(formatDaysAgo(0, 'en-US')).toBe('today');
        expect(formatDaysAgo(1, 'en-US')).toBe('yesterday');
        expect(formatDaysAgo(64, 'en-US')).toBe('64 days ago');
        expect(formatDaysAgo(1200, 'en-US')).toBe('1,200 days ago');
        expect(formatDaysAgo(3, 'de-DE')).toBe('vor 3 Tagen');
        expect(formatDaysAgo(null, 'en-US')).toBe('');
    });

    it('picks the plural category of the locale', () => {
        expect(pluralCategory(1, 'en-US')).toBe('one');
        expect(pluralCategory(2, 'en-US')).toBe('other');
        expect(pluralCategory(3, 'pl-PL')).toBe('few');
        expect(pluralCategory(5, 'pl-PL')).toBe('many');
    });
});

describe('formatMessage (ICU plural syntax in labels)', () => {
    const DAYS = '{0, plural, =0 {no days} one {# day in stage} other {# days in stage}}';
    const POLISH = '{0, plural, one {# dzień} few {# dni} many {# dni} other {# dnia}}';

    it('chooses the form for the count and puts the count in the locale format for #', () => {
        expect(formatMessage(DAYS, [0], 'en-US')).toBe('no days');
        expect(formatMessage(DAYS, [1], 'en-US')).toBe('1 day in stage');
        expect(formatMessage(DAYS, [34], 'en-US')).toBe('34 days in stage');
        expect(formatMessage(DAYS, [1500], 'en-US')).toBe('1,500 days in stage');
        expect(formatMessage(POLISH, [1], 'pl-PL')).toBe('1 dzień');
        expect(formatMessage(POLISH, [3], 'pl-PL')).toBe('3 dni');
    });

    it('falls back to other when the translation lacks a form', () => {
        expect(formatMessage('{0, plural, other {# accounts}}', [1], 'en-US')).toBe('1 accounts');
        expect(formatMessage('{0, plural, one {# konto}}', [5], 'pl-PL')).toBe('');
    });

    it('formats plain placeholders with locale numbers and keeps strings as written', () => {
        expect(formatMessage('{0} of {1} minimum', [2, 3], 'en-US')).toBe('2 of 3 minimum');
        expect(formatMessage('{0} AEs · {1} accounts', [500, 7500], 'de-DE')).toBe('500 AEs · 7.500 accounts');
        expect(formatMessage('Review overdue since {0}', ['Mar 1, 2026'], 'en-US')).toBe('Review overdue since Mar 1, 2026');
        expect(formatMessage('{1}-{0}-{2}', ['a', 'b'], 'en-US')).toBe('b-a-');
    });

    it('nests other placeholders inside a plural form and leaves unknown braces alone', () => {
        expect(formatMessage('{0, plural, one {# contact with role {1}} other {# contacts with role {1}}}', [2, 'Champion'], 'en-US')).toBe(
            '2 contacts with role Champion'
        );
        expect(formatMessage('{name} stays', [], 'en-US')).toBe('{name} stays');
        expect(formatMessage('open { never closed', [], 'en-US')).toBe('open { never closed');
        expect(formatMessage(undefined, [], 'en-US')).toBe('');
    });
});

it('joins a list in the user language, skipping blanks', () => {
    expect(formatList(['1'], 'en-US')).toBe('1');
    expect(formatList(['1', '2'], 'en-US')).toBe('1 and 2');
    expect(formatList(['1', '2', '3'], 'de-DE')).toBe('1, 2 und 3');
    expect(formatList(['1', '', null, '2'], 'fr-FR')).toBe('1 et 2');
    expect(formatList([], 'en-US')).toBe('');
});

describe('the Custom Labels written in the plural syntax', () => {
    const { allLabels } = require('../../../../../test/jest-mocks/customLabels');
    const plural = [...allLabels()].filter(([, value]) => value.includes(', plural,'));

    it('exist (the scorecard and the plan use them)', () => {
        expect(plural.map(([name]) => name)).toEqual(expect.arrayContaining(['ABM_DaysInStage', 'ABM_NextStepAge', 'ABM_AccountCount']));
    });

    it.each(plural)('%s gives a whole sentence for 0, 1, 2 and 1,000', (name, value) => {
        for (const count of [0, 1, 2, 1000]) {
            const text = formatMessage(value, [count, count, count, count], 'en-US');
            expect(text).not.toMatch(/[{}#]/);
            expect(text.trim()).not.toBe('');
        }
    });

    it('pick the singular and the plural in English', () => {
        const label = (name) => allLabels().get(name);
        expect(formatMessage(label('ABM_DaysInStage'), [1], 'en-US')).toBe('1 day in stage');
        expect(formatMessage(label('ABM_DaysInStage'), [34], 'en-US')).toBe('34 days in stage');
        expect(formatMessage(label('ABM_AccountCount'), [1], 'en-US')).toBe('1 account');
        expect(formatMessage(label('ABM_AccountCount'), [1200], 'en-US')).toBe('1,200 accounts');
        expect(formatMessage(label('ABM_NextStepAge'), [0], 'en-US')).toBe('set today');
        expect(formatMessage(label('ABM_ReviewDueIn'), [0, 'Mar 10, 2026'], 'en-US')).toBe('Review due today (Mar 10, 2026)');
    });
});
