/**
 * Pure rules of the territory map (no platform imports): capacity status and room, sorting and filtering AE rows, and
 * ranking candidate owners for a reassignment. The component and the reassign modal share them; Jest tests them as
 * tables.
 */

export const STATUS_UNDER = 'UNDER';
export const STATUS_WITHIN = 'WITHIN';
export const STATUS_OVER = 'OVER';
/** Capacity filter: over or under the band (the AEs the problems box counts). */
export const STATUS_OUTSIDE = 'OUTSIDE';

const STATUS_ORDER = { OVER: 0, UNDER: 1, WITHIN: 2 };

/**
 * Where a count sits against a band (same rule as AbmTerritoryMapController.status).
 * @param {number} count accounts held
 * @param {number} min band minimum (blank: none)
 * @param {number} max band maximum (blank: none)
 * @returns {'UNDER'|'WITHIN'|'OVER'} status
 */
export function capacityStatus(count, min, max) {
    if (isSet(min) && count < min) {
        return STATUS_UNDER;
    }
    if (isSet(max) && count > max) {
        return STATUS_OVER;
    }
    return STATUS_WITHIN;
}

/**
 * How many more accounts fit before the band maximum (Infinity without a maximum; negative when over).
 * @param {number} count accounts held
 * @param {number} max band maximum
 * @returns {number} room
 */
export function roomLeft(count, max) {
    return isSet(max) ? Number(max) - Number(count || 0) : Infinity;
}

/**
 * Whether an AE row passes the filters.
 * @param {object} ae AE row of the summary
 * @param {{status?: string, region?: string, industry?: string, accepting?: string, term?: string}} filters
 *   status: UNDER | WITHIN | OVER | OUTSIDE; region/industry: an API value the AE covers or holds;
 *   accepting: 'yes' | 'no'; term: part of the name (any case)
 * @returns {boolean} matches
 */
export function matchesFilters(ae, filters) {
    const { status, region, industry, accepting, term } = filters || {};
    if (status === STATUS_OUTSIDE ? ae.capacityStatus === STATUS_WITHIN : status && ae.capacityStatus !== status) {
        return false;
    }
    if (region && !covers(ae.regions, ae.regionMix, region)) {
        return false;
    }
    if (industry && !covers(ae.industries, ae.industryMix, industry)) {
        return false;
    }
    if (accepting === 'yes' && ae.isAcceptingAccounts !== true) {
        return false;
    }
    if (accepting === 'no' && ae.isAcceptingAccounts === true) {
        return false;
    }
    const needle = String(term || '')
        .trim()
        .toLowerCase();
    return (
        !needle ||
        String(ae.name || '')
            .toLowerCase()
            .includes(needle)
    );
}

function covers(assigned, mix, value) {
    return (assigned || []).includes(value) || (mix || []).some((m) => m.value === value);
}

/**
 * Sort keys of the AE table. Each returns a value compared with `compareValues`; ties break by name.
 * `labelOf(field, value)` turns a picklist API value into its label, so text sorts as the user reads it.
 */
export const SORT_KEYS = {
    name: (ae) => ae.name || '',
    tier1: (ae) => ae.tier1Count || 0,
    capacity: (ae) => [STATUS_ORDER[ae.capacityStatus] ?? 3, distanceFromBand(ae.tier1Count, ae.capacityMin, ae.capacityMax)],
    tier2: (ae) => ae.tier2Count || 0,
    region: (ae, labelOf) => (ae.regionMix && ae.regionMix.length ? labelOf('region', ae.regionMix[0].value) : ''),
    industry: (ae, labelOf) => (ae.industryMix && ae.industryMix.length ? labelOf('industry', ae.industryMix[0].value) : ''),
    accepting: (ae) => (ae.isAcceptingAccounts ? 1 : 0)
};

/** Accounts outside the band (0 within): over and under AEs sort by how far they are off. */
function distanceFromBand(count, min, max) {
    const n = Number(count || 0);
    if (isSet(max) && n > max) {
        return -(n - max);
    }
    if (isSet(min) && n < min) {
        return -(min - n);
    }
    return 0;
}

/**
 * Compares two sort values: numbers numerically, strings in the user's collation, arrays element by element.
 * @param {*} a value
 * @param {*} b value
 * @param {Intl.Collator} collator the user's collation
 * @returns {number} <0, 0, >0
 */
export function compareValues(a, b, collator) {
    if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.min(a.length, b.length); i++) {
            const c = compareValues(a[i], b[i], collator);
            if (c !== 0) {
                return c;
            }
        }
        return a.length - b.length;
    }
    if (typeof a === 'number' && typeof b === 'number') {
        return a - b;
    }
    return collator.compare(String(a ?? ''), String(b ?? ''));
}

/**
 * AE rows sorted by a column (stable; ties by name, then user Id).
 * @param {object[]} aes AE rows
 * @param {string} by a key of SORT_KEYS
 * @param {'asc'|'desc'} direction direction
 * @param {{locale?: string, labelOf?: function}} options the user's locale and picklist labels
 * @returns {object[]} a new sorted array
 */
export function sortAes(aes, by, direction, options = {}) {
    const key = SORT_KEYS[by] || SORT_KEYS.name;
    const labelOf = options.labelOf || ((field, value) => value);
    const collator = collatorFor(options.locale);
    const sign = direction === 'desc' ? -1 : 1;
    return aes
        .map((ae) => ({ ae, value: key(ae, labelOf) }))
        .sort(
            (x, y) =>
                sign * compareValues(x.value, y.value, collator) ||
                collator.compare(x.ae.name || '', y.ae.name || '') ||
                String(x.ae.userId).localeCompare(String(y.ae.userId))
        )
        .map((x) => x.ae);
}

/**
 * Candidate owners for one account, best first, with why. A candidate is eligible when they accept accounts, are not
 * away (unavailableUntil after today) and have room in the band for the account's tier. Among eligible candidates,
 * those covering the account's region come first, then those knowing its industry, then those under their band
 * minimum, then the most room, then the name.
 * @param {{tier: string, region: string, industry: string, ownerId: string}} account the account to move
 * @param {object[]} aes AE rows of the summary
 * @param {string} today ISO date (YYYY-MM-DD)
 * @returns {{ae: object, eligible: boolean, regionMatch: boolean, industryMatch: boolean, count: number, min: number,
 *   max: number, room: number, status: string, isAway: boolean}[]} every AE except the current owner
 */
export function rankOwners(account, aes, today) {
    const tier2 = account.tier === '2';
    return (aes || [])
        .filter((ae) => ae.userId !== account.ownerId)
        .map((ae) => {
            const count = Number((tier2 ? ae.tier2Count : ae.tier1Count) || 0);
            const min = tier2 ? ae.tier2CapacityMin : ae.capacityMin;
            const max = tier2 ? ae.tier2CapacityMax : ae.capacityMax;
            const room = roomLeft(count, max);
            const isAway = Boolean(ae.unavailableUntil) && Boolean(today) && ae.unavailableUntil > today;
            const regionMatch = Boolean(account.region) && covers(ae.regions, [], account.region);
            const industryMatch = Boolean(account.industry) && covers(ae.industries, [], account.industry);
            return {
                ae,
                count,
                min,
                max,
                room,
                status: capacityStatus(count, min, max),
                isAway,
                regionMatch,
                industryMatch,
                eligible: ae.isAcceptingAccounts === true && !isAway && room >= 1
            };
        })
        .sort(
            (a, b) =>
                Number(b.eligible) - Number(a.eligible) ||
                Number(b.regionMatch) - Number(a.regionMatch) ||
                Number(b.industryMatch) - Number(a.industryMatch) ||
                Number(b.status === STATUS_UNDER) - Number(a.status === STATUS_UNDER) ||
                (b.room === a.room ? 0 : b.room > a.room ? 1 : -1) ||
                String(a.ae.name || '').localeCompare(String(b.ae.name || ''))
        );
}

/**
 * The owner to suggest: the best eligible candidate that covers the account's region or knows its industry (an
 * eligible candidate with no fit at all is listed but not suggested).
 * @param {object[]} ranked rankOwners(...)
 * @returns {object|null} the candidate, or null
 */
export function suggestOwner(ranked) {
    return (ranked || []).find((c) => c.eligible && (c.regionMatch || c.industryMatch)) || null;
}

const collators = new Map();

function collatorFor(locale) {
    const key = locale || '';
    if (!collators.has(key)) {
        collators.set(key, new Intl.Collator(locale || undefined, { sensitivity: 'base', numeric: true }));
    }
    return collators.get(key);
}

function isSet(value) {
    return value !== null && value !== undefined && value !== '' && !Number.isNaN(Number(value));
}
