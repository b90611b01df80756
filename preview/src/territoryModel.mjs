// The territory map's server side over plain rows, following AbmTerritoryMapController: the summary is built from one
// book per owner (what ABM_OwnerBook__c holds), never from the accounts; account lists are keyset pages by (Name, Id).
// The preview (and its generated 500 AE / 7,500 Tier 1 account territory) thus returns responses shaped exactly like
// the controller's. Also used by preview/build.mjs in Node. Pure: no DOM, no clock, no randomness.

const GAP_PREVIEW = 10;
const MAX_PAGE_SIZE = 200;

function status(count, min, max) {
    if (min !== null && min !== undefined && count < min) return 'UNDER';
    if (max !== null && max !== undefined && count > max) return 'OVER';
    return 'WITHIN';
}

const byNameThenId = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sortedMix(map) {
    return [...map.entries()]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/**
 * The owner books (AbmOwnerBookBatch's recount): per owner, Tier 1 and Tier 2 counts and the Tier 1 region and
 * industry mix ('' for blank).
 * @param {{accounts: object[]}} model the rows
 * @returns {Map<string, {tier1: number, tier2: number, regions: Map, industries: Map}>} books by owner
 */
export function books(model) {
    const result = new Map();
    for (const a of model.accounts) {
        if (a.tier !== '1' && a.tier !== '2') continue;
        let book = result.get(a.ownerId);
        if (!book) {
            book = { tier1: 0, tier2: 0, regions: new Map(), industries: new Map() };
            result.set(a.ownerId, book);
        }
        if (a.tier === '1') {
            book.tier1++;
            book.regions.set(a.region || '', (book.regions.get(a.region || '') ?? 0) + 1);
            book.industries.set(a.industry || '', (book.industries.get(a.industry || '') ?? 0) + 1);
        } else {
            book.tier2++;
        }
    }
    return result;
}

function isUnassigned(owner, settings) {
    return !owner || !owner.isActive || (Boolean(settings.lowTierOwnerUsername) && owner.username === settings.lowTierOwnerUsername);
}

/**
 * @param {{sellers: object[], users: object[], accounts: object[], settings: object}} model
 * @param {boolean} includeTier2 count Tier 2
 * @param {boolean} canReassign the running user's permission
 * @param {string|null} recountedAt when the books were last recounted (ISO datetime)
 * @returns {object} a Summary as the controller returns it
 */
export function summarise(model, includeTier2, canReassign, recountedAt = '2026-03-10T02:00:00.000Z') {
    const usersById = new Map(model.users.map((u) => [u.id, u]));
    const rows = new Map();
    const aes = [];
    for (const seller of model.sellers) {
        const user = usersById.get(seller.userId);
        if (seller.role !== 'AE' || !seller.isActive || !user?.isActive || rows.has(seller.userId)) continue;
        const row = {
            userId: seller.userId,
            sellerId: seller.id,
            name: user.name,
            isAcceptingAccounts: seller.isAcceptingAccounts,
            unavailableUntil: seller.unavailableUntil ?? null,
            regions: seller.regions,
            industries: seller.industries,
            tier1Count: 0,
            tier2Count: 0,
            capacityMin: seller.tier1CapacityMin ?? model.settings.tier1CapacityMin,
            capacityMax: seller.tier1CapacityMax ?? model.settings.tier1CapacityMax,
            tier2CapacityMin: seller.tier2CapacityMin ?? null,
            tier2CapacityMax: seller.tier2CapacityMax ?? null,
            capacityStatus: null,
            tier2CapacityStatus: null,
            regionMix: [],
            industryMix: []
        };
        rows.set(seller.userId, row);
        aes.push(row);
    }
    aes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const summary = {
        aes,
        problems: [],
        unassigned: [],
        unassignedTier1Count: 0,
        tier1Count: 0,
        tier2Count: 0,
        includeTier2,
        canReassign,
        regions: [],
        industries: [],
        recountedAt
    };
    const otherOwners = new Map();
    for (const [ownerId, book] of books(model)) {
        summary.tier1Count += book.tier1;
        summary.tier2Count += includeTier2 ? book.tier2 : 0;
        const row = rows.get(ownerId);
        if (!row) {
            if (book.tier1 > 0) otherOwners.set(ownerId, book.tier1);
            continue;
        }
        row.tier1Count = book.tier1;
        row.tier2Count = book.tier2;
        row.regionMix = sortedMix(book.regions);
        row.industryMix = sortedMix(book.industries);
    }
    const regions = new Set();
    const industries = new Set();
    for (const row of aes) {
        row.capacityStatus = status(row.tier1Count, row.capacityMin, row.capacityMax);
        row.tier2CapacityStatus = includeTier2 ? status(row.tier2Count, row.tier2CapacityMin, row.tier2CapacityMax) : null;
        [...row.regions, ...row.regionMix.map((m) => m.value)].forEach((r) => regions.add(r));
        [...row.industries, ...row.industryMix.map((m) => m.value)].forEach((i) => industries.add(i));
        if (row.capacityStatus === 'OVER') summary.problems.push(problem('OVER_CAPACITY', row.userId, row.name, row.tier1Count, true));
        else if (row.capacityStatus === 'UNDER')
            summary.problems.push(problem('UNDER_CAPACITY', row.userId, row.name, row.tier1Count, true));
    }
    const unassignedOwners = new Set();
    for (const [ownerId, count] of otherOwners) {
        const owner = usersById.get(ownerId);
        summary.problems.push(problem('OWNER_NOT_ACTIVE_AE', ownerId, owner?.name ?? null, count, owner ? owner.isActive : null));
        if (isUnassigned(owner, model.settings)) {
            unassignedOwners.add(ownerId);
            summary.unassignedTier1Count += count;
        }
    }
    summary.unassigned = accountPage(model, unassignedOwners, ['1'], GAP_PREVIEW, null, null).accounts;
    regions.delete('');
    industries.delete('');
    summary.regions = [...regions].sort();
    summary.industries = [...industries].sort();
    return summary;
}

function problem(code, userId, name, count, isUserActive) {
    return { code, userId, name, count, isUserActive };
}

function item(a, usersById) {
    return {
        id: a.id,
        name: a.name,
        tier: a.tier,
        region: a.region,
        industry: a.industry,
        ownerId: a.ownerId,
        ownerName: usersById?.get(a.ownerId)?.name ?? null,
        city: a.city,
        state: a.state,
        country: a.country,
        latitude: a.latitude,
        longitude: a.longitude,
        healthBand: a.healthBand,
        healthScore: a.healthScore,
        isLocked: a.isLocked
    };
}

function accountPage(model, ownerIds, tiers, pageSize, afterName, afterId) {
    const size = !pageSize || pageSize < 1 ? 50 : Math.min(pageSize, MAX_PAGE_SIZE);
    const after = afterId ? { name: afterName, id: afterId } : null;
    const usersById = new Map(model.users.map((u) => [u.id, u]));
    const rows = model.accounts
        .filter((a) => ownerIds.has(a.ownerId) && tiers.includes(a.tier) && (!after || byNameThenId(a, after) > 0))
        .sort(byNameThenId)
        .slice(0, size + 1);
    return { accounts: rows.slice(0, size).map((a) => item(a, usersById)), hasMore: rows.length > size, total: null };
}

/** One page of one owner's accounts, as AbmTerritoryMapController.getOwnerAccounts returns it. */
export function ownerPage(model, { ownerId, includeTier2, pageSize, afterName, afterId }) {
    if (!ownerId) return { accounts: [], hasMore: false, total: null };
    const tiers = includeTier2 ? ['1', '2'] : ['1'];
    const result = accountPage(model, new Set([ownerId]), tiers, pageSize, afterName, afterId);
    const book = books(model).get(ownerId);
    result.total = book ? book.tier1 + (includeTier2 ? book.tier2 : 0) : 0;
    return result;
}

/** One page of the unassigned Tier 1 accounts, as AbmTerritoryMapController.getUnassignedAccounts returns it. */
export function unassignedPage(model, { pageSize, afterName, afterId }) {
    const usersById = new Map(model.users.map((u) => [u.id, u]));
    const owners = new Set();
    let total = 0;
    for (const [ownerId, book] of books(model)) {
        if (book.tier1 > 0 && isUnassigned(usersById.get(ownerId), model.settings)) {
            owners.add(ownerId);
            total += book.tier1;
        }
    }
    const result = accountPage(model, owners, ['1'], pageSize, afterName, afterId);
    result.total = total;
    return result;
}

/** Accounts whose name contains the term, as AbmTerritoryMapController.searchAccounts returns them. */
export function search(model, term, includeTier2) {
    const t = String(term ?? '')
        .trim()
        .toLowerCase();
    if (t.length < 2) return [];
    const usersById = new Map(model.users.map((u) => [u.id, u]));
    return model.accounts
        .filter((a) => (a.tier === '1' || (includeTier2 && a.tier === '2')) && a.name.toLowerCase().includes(t))
        .sort(byNameThenId)
        .slice(0, 25)
        .map((a) => item(a, usersById));
}

/** Moves one account to a new owner (the reassign). */
export function reassign(model, accountId, newOwnerId) {
    const account = model.accounts.find((a) => a.id === accountId);
    if (!account) throw { body: { message: 'This account no longer exists or is not shared with you.' } };
    const previousOwnerId = account.ownerId;
    account.ownerId = newOwnerId;
    return { accountId, previousOwnerId, newOwnerId };
}
