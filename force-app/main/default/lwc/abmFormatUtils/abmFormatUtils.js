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

// ---------- locale formatting (pass the user's locale from @salesforce/i18n/locale) ----------

const numberFormats = new Map();
const dateFormats = new Map();
const pluralRules = new Map();

function cached(cache, key, make) {
    let value = cache.get(key);
    if (!value) {
        value = make();
        cache.set(key, value);
    }
    return value;
}

/**
 * A number in the user's locale ("1,234" in en-US, "1.234" in de-DE); blank as an en dash.
 * @param {number} value value
 * @param {string} locale BCP 47 locale, e.g. from @salesforce/i18n/locale (default: the browser's)
 * @param {Intl.NumberFormatOptions} options e.g. { maximumFractionDigits: 0 }
 * @returns {string} text
 */
export function formatNumber(value, locale, options) {
    if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) {
        return '–';
    }
    const key = `${locale || ''}|${JSON.stringify(options || {})}`;
    return cached(numberFormats, key, () => new Intl.NumberFormat(locale || undefined, options)).format(Number(value));
}

/**
 * A calendar day (ISO YYYY-MM-DD, or the date part of a datetime) in the user's locale. The day is read as written
 * (UTC), so 2026-03-01 never shows as Feb 28 west of Greenwich; blank as an en dash.
 * @param {string} iso date
 * @param {string} locale BCP 47 locale
 * @param {'short'|'medium'|'long'} style date style (default medium: "Mar 1, 2026")
 * @returns {string} text
 */
export function formatDate(iso, locale, style = 'medium') {
    const day = dayNumber(iso);
    if (day === null) {
        return '–';
    }
    const key = `${locale || ''}|${style}`;
    return cached(dateFormats, key, () => new Intl.DateTimeFormat(locale || undefined, { dateStyle: style, timeZone: 'UTC' })).format(
        new Date(day * DAY_MS)
    );
}

/**
 * Whole days from one ISO date to another (positive when `to` is later).
 * @param {string} from ISO date
 * @param {string} to ISO date
 * @returns {number|null} days, or null when either is blank
 */
export function daysBetween(from, to) {
    const a = dayNumber(from);
    const b = dayNumber(to);
    return a === null || b === null ? null : b - a;
}

/**
 * The CLDR plural category of a count in a locale ("one", "few", "many", "other", …).
 * @param {number} count count
 * @param {string} locale BCP 47 locale
 * @returns {string} category
 */
export function pluralCategory(count, locale) {
    return cached(pluralRules, locale || '', () => new Intl.PluralRules(locale || undefined)).select(Number(count));
}

/**
 * Formats a label written in the ICU message syntax translators know, so each language can give every plural form
 * in one Custom Label translation:
 *   "{0}"                                    the argument (numbers in the user's locale)
 *   "{0, plural, one {# day} other {# days}}" the form for the count's plural category ("=0 {…}" for exact values;
 *                                             "#" is the count in the user's locale; "other" is the fallback)
 * Plain labels without plural blocks format like formatLabel, except that numbers follow the locale.
 * @param {string} template label text
 * @param {Array<*>} args values by index
 * @param {string} locale BCP 47 locale
 * @returns {string} formatted text
 */
export function formatMessage(template, args = [], locale = undefined) {
    const text = String(template ?? '');
    let out = '';
    let i = 0;
    while (i < text.length) {
        const open = text.indexOf('{', i);
        if (open < 0) {
            out += text.slice(i);
            break;
        }
        out += text.slice(i, open);
        const close = matchingBrace(text, open);
        if (close < 0) {
            out += text.slice(open);
            break;
        }
        out += formatArgument(text.slice(open + 1, close), args, locale);
        i = close + 1;
    }
    return out;
}

function matchingBrace(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === '{') {
            depth++;
        } else if (text[i] === '}') {
            depth--;
            if (depth === 0) {
                return i;
            }
        }
    }
    return -1;
}

function formatValue(value, locale) {
    if (value === null || value === undefined) {
        return '';
    }
    return typeof value === 'number' ? formatNumber(value, locale) : String(value);
}

function formatArgument(body, args, locale) {
    const comma = body.indexOf(',');
    const index = (comma < 0 ? body : body.slice(0, comma)).trim();
    if (!/^\d+$/.test(index)) {
        return `{${body}}`;
    }
    const value = args[Number(index)];
    if (comma < 0) {
        return formatValue(value, locale);
    }
    const rest = body.slice(comma + 1);
    const comma2 = rest.indexOf(',');
    const type = (comma2 < 0 ? rest : rest.slice(0, comma2)).trim();
    if (type !== 'plural' || comma2 < 0) {
        return formatValue(value, locale);
    }
    const forms = parseForms(rest.slice(comma2 + 1));
    const count = Number(value ?? 0);
    const form = forms[`=${count}`] ?? forms[pluralCategory(count, locale)] ?? forms.other ?? '';
    return formatMessage(form.replace(/#/g, formatNumber(count, locale)), args, locale);
}

function parseForms(text) {
    const forms = {};
    let i = 0;
    while (i < text.length) {
        const open = text.indexOf('{', i);
        if (open < 0) {
            break;
        }
        const selector = text.slice(i, open).trim();
        const close = matchingBrace(text, open);
        if (close < 0 || !selector) {
            break;
        }
        forms[selector] = text.slice(open + 1, close);
        i = close + 1;
    }
    return forms;
}

/**
 * Days relative to today in the user's language ("today", "yesterday", "3 days ago", "in 2 days").
 * @param {number} daysAgo days in the past (negative: in the future)
 * @param {string} locale BCP 47 locale
 * @returns {string} text ('' when blank)
 */
export function formatDaysAgo(daysAgo, locale) {
    if (daysAgo === null || daysAgo === undefined || Number.isNaN(Number(daysAgo))) {
        return '';
    }
    return new Intl.RelativeTimeFormat(locale || undefined, { numeric: 'auto' }).format(-Number(daysAgo), 'day');
}

/**
 * A list in the user's language ("1 and 2", "1, 2 und 3"), for values shown inside a label.
 * @param {Array<*>} values the items (blanks skipped)
 * @param {string} locale BCP 47 locale
 * @returns {string} text ('' when empty)
 */
export function formatList(values, locale) {
    const items = (values || []).filter((v) => v !== null && v !== undefined && v !== '').map(String);
    return new Intl.ListFormat(locale || undefined, { style: 'long', type: 'conjunction' }).format(items);
}
