/**
 * The flag rules of AbmHealthController.flagsFor, for the record page: the card computes flags from the account's
 * fields as Lightning Data Service delivers them, so a change to the account shows at once. Keep both in step
 * (healthRules.test.js runs the same cases as AbmHealthControllerTest).
 */
export const FLAG_STALLING = 'STALLING';
export const FLAG_DORMANT = 'DORMANT';
export const FLAG_COVERAGE_LOW = 'COVERAGE_LOW';
export const FLAG_UNASSIGNED_TIER1 = 'UNASSIGNED_TIER1';

/**
 * @param {{tier: string, daysSinceEngagement: number, contactCoverage: number, isOwnerUnassigned: boolean}} account values
 * @param {{stallingDays: number, dormantDays: number, coverageMinimum: number}} thresholds settings in force
 * @returns {string[]} flag codes in display order
 */
export function flagsFor(account, thresholds) {
    const flags = [];
    if (!account || !thresholds) {
        return flags;
    }
    const days = account.daysSinceEngagement;
    const hasDays = days !== null && days !== undefined;
    if (hasDays && days >= thresholds.dormantDays) {
        flags.push(FLAG_DORMANT);
    } else if (hasDays && days >= thresholds.stallingDays) {
        flags.push(FLAG_STALLING);
    }
    const isAbmTier = account.tier === '1' || account.tier === '2';
    if (isAbmTier && (account.contactCoverage ?? 0) < thresholds.coverageMinimum) {
        flags.push(FLAG_COVERAGE_LOW);
    }
    if (account.tier === '1' && account.isOwnerUnassigned === true) {
        flags.push(FLAG_UNASSIGNED_TIER1);
    }
    return flags;
}
