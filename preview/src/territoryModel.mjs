// The territory map summary computed the way AbmTerritoryMapController.getSummary computes it, over plain rows, so the
// preview (and its generated 500 AE / 7,500 account fixture) returns responses shaped exactly like the controller's.
// Also used by preview/fixtures/generate.mjs in Node. Pure: no DOM, no clock, no randomness.

const NO_VALUE = '(none)';
const GAP_LIST_LIMIT = 50;

function status(count, min, max) {
    if (min !== null && min !== undefined && count < min) return 'UNDER';
    if (max !== null && max !== undefined && count > max) return 'OVER';
    return 'WITHIN';
}

function sortedMix(map) {
    return [...map.entries()]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * @param {{sellers: object[], users: object[], accounts: object[], settings: object}} model
 * @param {boolean} includeTier2 count Tier 2
 * @param {boolean} canReassign the running user's permission
 * @returns {object} a Summary as the controller returns it
 */
export function summarise(model, includeTier2, canReassign) {
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
            industryMix: [],
            _regions: new Map(),
            _industries: new Map()
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
        industries: []
    };
    const otherOwners = new Map();
    const accounts = model.accounts
        .filter((a) => a.tier === '1' || (includeTier2 && a.tier === '2'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const account of accounts) {
        const isTier1 = account.tier === '1';
        if (isTier1) summary.tier1Count++;
        else summary.tier2Count++;
        const owner = usersById.get(account.ownerId);
        const unassigned = !owner?.isActive || owner?.username === model.settings.lowTierOwnerUsername;
        if (isTier1 && unassigned) {
            summary.unassignedTier1Count++;
            if (summary.unassigned.length < GAP_LIST_LIMIT) {
                summary.unassigned.push({
                    id: account.id,
                    name: account.name,
                    tier: account.tier,
                    region: account.region,
                    industry: account.industry,
                    ownerId: account.ownerId
                });
            }
        }
        const row = rows.get(account.ownerId);
        if (!row) {
            if (isTier1) otherOwners.set(account.ownerId, (otherOwners.get(account.ownerId) ?? 0) + 1);
            continue;
        }
        if (isTier1) {
            row.tier1Count++;
            const region = account.region || NO_VALUE;
            const industry = account.industry || NO_VALUE;
            row._regions.set(region, (row._regions.get(region) ?? 0) + 1);
            row._industries.set(industry, (row._industries.get(industry) ?? 0) + 1);
        } else {
            row.tier2Count++;
        }
    }
    const regions = new Set();
    const industries = new Set();
    for (const row of aes) {
        row.capacityStatus = status(row.tier1Count, row.capacityMin, row.capacityMax);
        row.tier2CapacityStatus = includeTier2 ? status(row.tier2Count, row.tier2CapacityMin, row.tier2CapacityMax) : null;
        row.regionMix = sortedMix(row._regions);
        row.industryMix = sortedMix(row._industries);
        [...row._regions.keys(), ...row.regions].forEach((r) => regions.add(r));
        [...row._industries.keys(), ...row.industries].forEach((i) => industries.add(i));
        delete row._regions;
        delete row._industries;
        if (row.capacityStatus === 'OVER') summary.problems.push(problem('OVER_CAPACITY', row.userId, row.name, row.tier1Count, true));
        else if (row.capacityStatus === 'UNDER')
            summary.problems.push(problem('UNDER_CAPACITY', row.userId, row.name, row.tier1Count, true));
    }
    for (const [ownerId, count] of otherOwners) {
        const owner = usersById.get(ownerId);
        summary.problems.push(problem('OWNER_NOT_ACTIVE_AE', ownerId, owner?.name ?? null, count, owner ? owner.isActive : null));
    }
    regions.delete(NO_VALUE);
    industries.delete(NO_VALUE);
    summary.regions = [...regions].sort();
    summary.industries = [...industries].sort();
    return summary;
}

function problem(code, userId, name, count, isUserActive) {
    return { code, userId, name, count, isUserActive };
}

/** One AE's accounts as AbmTerritoryMapController.getAeAccounts returns them. */
export function bookOf(model, ownerId, includeTier2) {
    return model.accounts
        .filter((a) => a.ownerId === ownerId && (a.tier === '1' || (includeTier2 && a.tier === '2')))
        .sort((a, b) => (a.tier < b.tier ? -1 : a.tier > b.tier ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, 500)
        .map((a) => ({
            id: a.id,
            name: a.name,
            tier: a.tier,
            region: a.region,
            industry: a.industry,
            ownerId,
            ownerName: null,
            city: a.city,
            state: a.state,
            country: a.country,
            latitude: a.latitude,
            longitude: a.longitude,
            healthBand: a.healthBand,
            healthScore: a.healthScore,
            isLocked: a.isLocked
        }));
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
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .slice(0, 25)
        .map((a) => ({
            id: a.id,
            name: a.name,
            tier: a.tier,
            region: a.region,
            industry: a.industry,
            ownerId: a.ownerId,
            ownerName: usersById.get(a.ownerId)?.name ?? null,
            isLocked: a.isLocked
        }));
}
