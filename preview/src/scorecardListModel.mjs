// What AbmHealthController.getAccountList answers, for the preview: filter by flag, sort (RISK puts stalling and dormant
// accounts first, then the lowest score, then the longest without engagement), count every filter, and page with a
// cursor. The server pages by keyset; here the cursor is simply the index of the next row.
const FLAG_FILTERS = ['STALLING', 'DORMANT', 'COVERAGE_LOW', 'UNASSIGNED_TIER1'];

function compareNullable(a, b, nullsFirst) {
    if (a === b) return 0;
    if (a === null || a === undefined) return nullsFirst ? -1 : 1;
    if (b === null || b === undefined) return nullsFirst ? 1 : -1;
    return a < b ? -1 : 1;
}

function sorter(sortBy, descending) {
    const sign = descending ? -1 : 1;
    switch (sortBy) {
        case 'NAME':
            return (a, b) => sign * a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId);
        case 'SCORE':
            return (a, b) => sign * compareNullable(a.healthScore, b.healthScore, !descending) || a.accountId.localeCompare(b.accountId);
        case 'DAYS':
            return (a, b) =>
                sign * compareNullable(a.daysSinceEngagement, b.daysSinceEngagement, !descending) || a.accountId.localeCompare(b.accountId);
        case 'NEXT_STEP_AGE':
            // Oldest next step first when descending; accounts without one are the oldest.
            return (a, b) =>
                -sign * compareNullable(a.nextStepUpdatedDate, b.nextStepUpdatedDate, descending) || a.accountId.localeCompare(b.accountId);
        default:
            return (a, b) =>
                Number(b.isStalling) - Number(a.isStalling) ||
                compareNullable(a.healthScore, b.healthScore, true) ||
                -compareNullable(a.daysSinceEngagement, b.daysSinceEngagement, true) ||
                a.accountId.localeCompare(b.accountId);
    }
}

export function listPage(all, { pageSize, filter = 'ALL', sortBy = 'RISK', sortDirection = 'ASC', cursor = null }) {
    const rows = all.rows;
    const counts = { ALL: rows.length, FLAGGED: rows.filter((r) => r.flags.length > 0).length };
    for (const flag of FLAG_FILTERS) counts[flag] = rows.filter((r) => r.flags.includes(flag)).length;
    const matching = rows.filter((r) => filter === 'ALL' || (filter === 'FLAGGED' ? r.flags.length > 0 : r.flags.includes(filter)));
    const sorted = [...matching].sort(sorter(sortBy, sortDirection === 'DESC'));
    const start = cursor ? Number(cursor) : 0;
    const page = sorted.slice(start, start + pageSize);
    const hasMore = start + pageSize < sorted.length;
    return {
        ...all,
        rows: page,
        total: matching.length,
        counts,
        pageSize,
        filter,
        sortBy,
        sortDirection,
        hasMore,
        nextCursor: hasMore ? String(start + pageSize) : null
    };
}
