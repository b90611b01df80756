/**
 * Pure formatting and rule helpers shared by the ABM components (no platform imports, so they run anywhere).
 */

/** Characters of text that make a plan section complete (the design default; a component may override it). */
export const SECTION_COMPLETE_CHARS = 200;
/** Days between quarterly plan reviews. */
export const REVIEW_INTERVAL_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Replaces {0}, {1}… in a label with the arguments.
 * @param {string} template label text
 * @param {...*} args values
 * @returns {string} formatted text
 */
export function formatLabel(template, ...args) {
    return String(template ?? '').replace(/\{(\d+)\}/g, (match, index) => {
        const value = args[Number(index)];
        return value === undefined || value === null ? '' : String(value);
    });
}

/**
 * Band presentation: text, icon and a CSS class (colour is never the only signal).
 * @param {string} band ABM_HealthBand__c value
 * @param {object} labels the component's labels (bandAtRisk, bandStalling, bandHealthy, bandUnknown)
 * @returns {{label: string, icon: string, cssClass: string, rank: number}} presentation
 */
export function bandInfo(band, labels) {
    switch (band) {
        case 'At risk':
            return { label: labels.bandAtRisk, icon: 'utility:error', cssClass: 'abm-band abm-band_at-risk', rank: 0 };
        case 'Stalling':
            return { label: labels.bandStalling, icon: 'utility:warning', cssClass: 'abm-band abm-band_stalling', rank: 1 };
        case 'Healthy':
            return { label: labels.bandHealthy, icon: 'utility:success', cssClass: 'abm-band abm-band_healthy', rank: 2 };
        default:
            return { label: labels.bandUnknown, icon: 'utility:help', cssClass: 'abm-band abm-band_unknown', rank: 3 };
    }
}

/**
 * Completeness of one plan section, 0-100: the share of `target` characters written (trimmed), capped at 100.
 * @param {string} text the section text
 * @param {number} target characters for a complete section
 * @returns {number} percent
 */
export function sectionCompleteness(text, target = SECTION_COMPLETE_CHARS) {
    const length = String(text ?? '').trim().length;
    const goal = Number(target) > 0 ? Number(target) : SECTION_COMPLETE_CHARS;
    return Math.min(100, Math.round((length / goal) * 100));
}

/**
 * Average completeness of several sections (0 when there are none).
 * @param {number[]} values section percents
 * @returns {number} percent
 */
export function averagePercent(values) {
    return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : 0;
}

/**
 * Parses an ISO date (YYYY-MM-DD) as a UTC day number.
 * @param {string} iso date
 * @returns {number|null} days since the epoch, or null
 */
export function dayNumber(iso) {
    if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) {
        return null;
    }
    const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
    return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/**
 * Adds days to an ISO date.
 * @param {string} iso date
 * @param {number} days days to add
 * @returns {string} ISO date
 */
export function addDays(iso, days) {
    const n = dayNumber(iso);
    return n === null ? null : new Date((n + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The quarterly review state of a plan. The review is due on the next review date, or, without one, the interval after
 * the last review; overdue when that day is before today; "never" when neither date is set.
 * @param {{lastReviewedDate: string, nextReviewDate: string}} plan dates (ISO)
 * @param {string} today ISO date (from the server, so the rule does not depend on the browser clock)
 * @param {number} interval days between reviews
 * @returns {{state: 'never'|'overdue'|'due', dueDate: string|null, days: number|null}} review state
 */
export function reviewState(plan, today, interval = REVIEW_INTERVAL_DAYS) {
    const due = plan?.nextReviewDate || (plan?.lastReviewedDate ? addDays(plan.lastReviewedDate, interval) : null);
    if (!due) {
        return { state: 'never', dueDate: null, days: null };
    }
    const days = dayNumber(due) - dayNumber(today);
    return { state: days < 0 ? 'overdue' : 'due', dueDate: due, days: Math.abs(days) };
}

/**
 * A number for display (blank as an en dash).
 * @param {number} value value
 * @returns {string} text
 */
export function displayNumber(value) {
    return value === null || value === undefined || value === '' ? '–' : String(value);
}
