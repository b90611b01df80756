import { LightningElement, api, wire } from 'lwc';
import getScorecard from '@salesforce/apex/AbmHealthController.getScorecard';
import getAccountList from '@salesforce/apex/AbmHealthController.getAccountList';
import { bandInfo, displayNumber, formatLabel } from 'c/abmFormatUtils';
import TITLE from '@salesforce/label/c.ABM_ScorecardTitle';
import LIST_TITLE_MINE from '@salesforce/label/c.ABM_ScorecardListTitleMine';
import LIST_TITLE_TEAM from '@salesforce/label/c.ABM_ScorecardListTitleTeam';
import LOADING from '@salesforce/label/c.ABM_LoadingScores';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import BAND_AT_RISK from '@salesforce/label/c.ABM_BandAtRisk';
import BAND_STALLING from '@salesforce/label/c.ABM_BandStalling';
import BAND_HEALTHY from '@salesforce/label/c.ABM_BandHealthy';
import BAND_UNKNOWN from '@salesforce/label/c.ABM_BandUnknown';
import HEALTH_SCORE from '@salesforce/label/c.ABM_HealthScore';
import BELOW_TARGET from '@salesforce/label/c.ABM_BelowTarget';
import DRIVERS from '@salesforce/label/c.ABM_Drivers';
import DRIVER_FIT from '@salesforce/label/c.ABM_DriverFit';
import DRIVER_INTENT from '@salesforce/label/c.ABM_DriverIntent';
import DRIVER_ENGAGEMENT from '@salesforce/label/c.ABM_DriverEngagement';
import DRIVER_RECENCY from '@salesforce/label/c.ABM_DriverRecency';
import DRIVER_COVERAGE from '@salesforce/label/c.ABM_DriverCoverage';
import DRIVER_COMMITTEE from '@salesforce/label/c.ABM_DriverCommittee';
import COVERAGE_OF_MINIMUM from '@salesforce/label/c.ABM_CoverageOfMinimum';
import DAYS_VS_THRESHOLD from '@salesforce/label/c.ABM_DaysVsThreshold';
import PERCENT from '@salesforce/label/c.ABM_Percent';
import LAST_ENGAGEMENT from '@salesforce/label/c.ABM_LastEngagement';
import DAYS_AGO from '@salesforce/label/c.ABM_DaysAgo';
import NO_ENGAGEMENT from '@salesforce/label/c.ABM_NoEngagement';
import SIGNALS from '@salesforce/label/c.ABM_IntentSignals';
import NO_SIGNALS from '@salesforce/label/c.ABM_NoSignals';
import STAGE from '@salesforce/label/c.ABM_Stage';
import DAYS_IN_STAGE from '@salesforce/label/c.ABM_DaysInStage';
import NEXT_STEP from '@salesforce/label/c.ABM_NextStep';
import NO_NEXT_STEP from '@salesforce/label/c.ABM_NoNextStep';
import TEAM from '@salesforce/label/c.ABM_AccountTeam';
import FLAGS from '@salesforce/label/c.ABM_Flags';
import NO_FLAGS from '@salesforce/label/c.ABM_NoFlags';
import FLAG_STALLING from '@salesforce/label/c.ABM_FlagStalling';
import FLAG_DORMANT from '@salesforce/label/c.ABM_FlagDormant';
import FLAG_COVERAGE_LOW from '@salesforce/label/c.ABM_FlagCoverageLow';
import FLAG_UNASSIGNED from '@salesforce/label/c.ABM_FlagUnassignedTier1';
import ACCOUNT from '@salesforce/label/c.ABM_Account';
import BAND from '@salesforce/label/c.ABM_Band';
import OWNER from '@salesforce/label/c.ABM_Owner';
import TIER from '@salesforce/label/c.ABM_Tier';
import DAYS_SINCE from '@salesforce/label/c.ABM_DaysSinceEngagement';
import PREVIOUS from '@salesforce/label/c.ABM_Previous';
import NEXT from '@salesforce/label/c.ABM_Next';
import PAGE_OF from '@salesforce/label/c.ABM_PageOf';
import NO_ACCOUNTS from '@salesforce/label/c.ABM_NoAccountsInList';
import LIST_TRUNCATED from '@salesforce/label/c.ABM_ListTruncated';
import STRENGTH from '@salesforce/label/c.ABM_SignalStrength';

const ROLE_LABELS = { Owner: OWNER };

/**
 * ABM health scorecard. On an Account record page (recordId set): the health band with text and icon, the score and
 * its drivers, engagement, intent signals, stage, next step, owner and account team, and flags. On an app or home
 * page (no recordId): the running user's (or their team's) accounts sorted by risk, stalling first, paginated.
 * Each view is one cacheable Apex call.
 */
export default class AbmHealthScorecard extends LightningElement {
    /** The account (set by the record page). */
    @api recordId;
    /** List mode: MINE (my accounts) or TEAM (mine and my direct reports'). */
    @api listScope = 'MINE';
    /** List mode: comma-separated tiers, e.g. "1" or "1,2". */
    @api tiers = '1';
    /** List mode: rows per page. */
    @api pageSize = 10;
    /** Record mode: hide the latest intent signals. */
    @api hideSignals = false;
    /** Record mode: hide the owner and account team. */
    @api hideTeam = false;

    labels = {
        title: TITLE,
        loading: LOADING,
        loadError: LOAD_ERROR,
        bandAtRisk: BAND_AT_RISK,
        bandStalling: BAND_STALLING,
        bandHealthy: BAND_HEALTHY,
        bandUnknown: BAND_UNKNOWN,
        healthScore: HEALTH_SCORE,
        drivers: DRIVERS,
        lastEngagement: LAST_ENGAGEMENT,
        signals: SIGNALS,
        noSignals: NO_SIGNALS,
        stage: STAGE,
        nextStep: NEXT_STEP,
        noNextStep: NO_NEXT_STEP,
        team: TEAM,
        flags: FLAGS,
        noFlags: NO_FLAGS,
        account: ACCOUNT,
        band: BAND,
        owner: OWNER,
        tier: TIER,
        daysSince: DAYS_SINCE,
        previous: PREVIOUS,
        next: NEXT,
        noAccounts: NO_ACCOUNTS,
        strength: STRENGTH
    };

    pageNumber = 1;
    card;
    listPage;
    error;
    hasResponse = false;

    get isRecordMode() {
        return Boolean(this.recordId);
    }

    get isListMode() {
        return !this.recordId;
    }

    /** Wire parameter: only set in record mode, so list pages never call getScorecard. */
    get scorecardAccountId() {
        return this.recordId || undefined;
    }

    /** Wire parameter: only set in list mode. */
    get listScopeParam() {
        return this.recordId ? undefined : this.listScope || 'MINE';
    }

    get tierList() {
        return String(this.tiers || '1')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
    }

    get pageSizeNumber() {
        const size = Number(this.pageSize);
        return size > 0 ? Math.min(100, Math.floor(size)) : 10;
    }

    @wire(getScorecard, { accountId: '$scorecardAccountId' })
    wiredScorecard({ data, error }) {
        if (!this.isRecordMode) {
            return;
        }
        this.card = data;
        this.error = error;
        this.hasResponse = Boolean(data || error);
    }

    @wire(getAccountList, { scope: '$listScopeParam', tiers: '$tierList', pageSize: '$pageSizeNumber', pageNumber: '$pageNumber' })
    wiredList({ data, error }) {
        if (!this.isListMode) {
            return;
        }
        this.listPage = data;
        this.error = error;
        this.hasResponse = Boolean(data || error);
    }

    get isLoading() {
        return !this.hasResponse;
    }

    get isEmpty() {
        return this.isListMode && this.listPage && this.listPage.total === 0;
    }

    get title() {
        if (this.isRecordMode) {
            return this.labels.title;
        }
        return formatLabel(this.listScope === 'TEAM' ? LIST_TITLE_TEAM : LIST_TITLE_MINE, this.tierList.join(', '));
    }

    // ---------- record mode ----------

    get band() {
        return bandInfo(this.card?.healthBand, this.labels);
    }

    get scoreText() {
        return displayNumber(this.card?.healthScore);
    }

    get drivers() {
        const card = this.card;
        if (!card) {
            return [];
        }
        const names = {
            fit: DRIVER_FIT,
            intent: DRIVER_INTENT,
            engagement: DRIVER_ENGAGEMENT,
            recency: DRIVER_RECENCY,
            coverage: DRIVER_COVERAGE,
            committee: DRIVER_COMMITTEE
        };
        return (card.drivers || []).map((d) => {
            let text;
            let percent;
            let isWarning = false;
            if (d.key === 'coverage') {
                text = formatLabel(COVERAGE_OF_MINIMUM, displayNumber(d.value ?? 0), d.target);
                percent = d.target ? Math.min(100, Math.round(((d.value ?? 0) / d.target) * 100)) : 0;
                isWarning = (d.value ?? 0) < d.target;
            } else if (d.key === 'recency') {
                text = d.value === null || d.value === undefined ? NO_ENGAGEMENT : formatLabel(DAYS_VS_THRESHOLD, d.value, d.target);
                // Fresher is better: 0 days is full, the stalling threshold and beyond is empty.
                percent = d.value === null || d.value === undefined ? 0 : Math.max(0, Math.round(100 - (d.value / d.target) * 100));
                isWarning = d.value === null || d.value === undefined || d.value >= d.target;
            } else {
                text = d.key === 'committee' ? formatLabel(PERCENT, displayNumber(d.value)) : displayNumber(d.value);
                percent = Math.max(0, Math.min(100, Number(d.value) || 0));
            }
            const name = names[d.key] || d.key;
            return { key: d.key, name, text, percent, isWarning, warningText: formatLabel(BELOW_TARGET, name) };
        });
    }

    get flags() {
        return flagItems(this.card?.flags, this.card?.thresholds);
    }

    get hasFlags() {
        return this.flags.length > 0;
    }

    get daysAgoText() {
        const days = this.card?.daysSinceEngagement;
        return days === null || days === undefined ? '' : formatLabel(DAYS_AGO, days);
    }

    get hasEngagement() {
        return Boolean(this.card?.lastEngagementDate);
    }

    get stageText() {
        const card = this.card;
        if (!card?.stage) {
            return '–';
        }
        return card.daysInStage === null || card.daysInStage === undefined
            ? card.stage
            : `${card.stage} · ${formatLabel(DAYS_IN_STAGE, card.daysInStage)}`;
    }

    get team() {
        return (this.card?.team || []).map((m) => ({ ...m, key: `${m.role}-${m.userId}`, roleLabel: ROLE_LABELS[m.role] || m.role }));
    }

    get signals() {
        return (this.card?.signals || []).map((s) => ({
            ...s,
            key: s.id,
            strengthText: formatLabel(STRENGTH, displayNumber(s.strength)),
            meta: [s.signalType, s.source].filter(Boolean).join(' · ')
        }));
    }

    get showTeamSection() {
        return !this.hideTeam;
    }

    get showSignalsSection() {
        return !this.hideSignals;
    }

    get hasSignals() {
        return this.signals.length > 0;
    }

    // ---------- list mode ----------

    get rows() {
        return (this.listPage?.rows || []).map((row) => {
            const band = bandInfo(row.healthBand, this.labels);
            return {
                ...row,
                key: row.accountId,
                url: `/lightning/r/Account/${row.accountId}/view`,
                bandLabel: band.label,
                bandIcon: band.icon,
                bandClass: band.cssClass,
                score: displayNumber(row.healthScore),
                days: displayNumber(row.daysSinceEngagement),
                flagItems: flagItems(row.flags, this.listPage.thresholds),
                rowClass: row.isStalling ? 'slds-hint-parent abm-row_stalling' : 'slds-hint-parent'
            };
        });
    }

    get showOwnerColumn() {
        return this.listScope === 'TEAM';
    }

    get lastPage() {
        const page = this.listPage;
        return page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    }

    get pageText() {
        return formatLabel(PAGE_OF, this.listPage?.pageNumber ?? 1, this.lastPage);
    }

    get isFirstPage() {
        return (this.listPage?.pageNumber ?? 1) <= 1;
    }

    get isLastPage() {
        return (this.listPage?.pageNumber ?? 1) >= this.lastPage;
    }

    get truncatedText() {
        return this.listPage?.isTruncated ? formatLabel(LIST_TRUNCATED, this.listPage.total) : '';
    }

    handlePrevious() {
        if (!this.isFirstPage) {
            this.hasResponse = false;
            this.pageNumber = (this.listPage?.pageNumber ?? 1) - 1;
        }
    }

    handleNext() {
        if (!this.isLastPage) {
            this.hasResponse = false;
            this.pageNumber = (this.listPage?.pageNumber ?? 1) + 1;
        }
    }
}

/** Flag codes → badges with text (never colour alone). */
function flagItems(codes, thresholds) {
    const t = thresholds || {};
    const map = {
        STALLING: { label: formatLabel(FLAG_STALLING, t.stallingDays), icon: 'utility:clock' },
        DORMANT: { label: formatLabel(FLAG_DORMANT, t.dormantDays), icon: 'utility:ban' },
        COVERAGE_LOW: { label: formatLabel(FLAG_COVERAGE_LOW, t.coverageMinimum), icon: 'utility:groups' },
        UNASSIGNED_TIER1: { label: FLAG_UNASSIGNED, icon: 'utility:user' }
    };
    return (codes || []).filter((code) => map[code]).map((code) => ({ code, key: code, ...map[code] }));
}
