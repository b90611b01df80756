import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LOCALE from '@salesforce/i18n/locale';
import getAccountList from '@salesforce/apex/AbmHealthController.getAccountList';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import NEXT_STEP from '@salesforce/schema/Account.ABM_NextStep__c';
import { bandInfo, formatLabel, formatList, formatMessage, formatNumber } from 'c/abmFormatUtils';
import LIST_TITLE_MINE from '@salesforce/label/c.ABM_ScorecardListTitleMine';
import LIST_TITLE_TEAM from '@salesforce/label/c.ABM_ScorecardListTitleTeam';
import LOADING from '@salesforce/label/c.ABM_LoadingScores';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import BAND_AT_RISK from '@salesforce/label/c.ABM_BandAtRisk';
import BAND_STALLING from '@salesforce/label/c.ABM_BandStalling';
import BAND_HEALTHY from '@salesforce/label/c.ABM_BandHealthy';
import BAND_UNKNOWN from '@salesforce/label/c.ABM_BandUnknown';
import ACCOUNT from '@salesforce/label/c.ABM_Account';
import HEALTH from '@salesforce/label/c.ABM_Health';
import DAYS_SINCE from '@salesforce/label/c.ABM_DaysSinceEngagement';
import NEXT_STEP_LABEL from '@salesforce/label/c.ABM_NextStep';
import FLAGS from '@salesforce/label/c.ABM_Flags';
import OWNER from '@salesforce/label/c.ABM_Owner';
import PREVIOUS from '@salesforce/label/c.ABM_Previous';
import NEXT from '@salesforce/label/c.ABM_Next';
import PAGE_OF from '@salesforce/label/c.ABM_PageOf';
import ACCOUNT_COUNT from '@salesforce/label/c.ABM_AccountCount';
import NO_ACCOUNTS from '@salesforce/label/c.ABM_NoAccountsInList';
import NO_FLAGGED from '@salesforce/label/c.ABM_NoAccountsWithFlag';
import NO_FLAGS from '@salesforce/label/c.ABM_NoFlags';
import SHOW from '@salesforce/label/c.ABM_ShowFilter';
import SORT_BY from '@salesforce/label/c.ABM_SortBy';
import SORT_BY_COLUMN from '@salesforce/label/c.ABM_SortByColumn';
import FILTER_ALL from '@salesforce/label/c.ABM_FilterAllAccounts';
import FILTER_FLAGGED from '@salesforce/label/c.ABM_FilterAnyFlag';
import FILTER_STALLING from '@salesforce/label/c.ABM_FilterStalling';
import FILTER_DORMANT from '@salesforce/label/c.ABM_FilterDormant';
import FILTER_COVERAGE from '@salesforce/label/c.ABM_FilterCoverageLow';
import FILTER_UNASSIGNED from '@salesforce/label/c.ABM_FilterUnassigned';
import SORT_RISK from '@salesforce/label/c.ABM_SortRisk';
import SORT_NAME from '@salesforce/label/c.ABM_SortName';
import SORT_SCORE from '@salesforce/label/c.ABM_SortScore';
import SORT_DAYS from '@salesforce/label/c.ABM_SortDays';
import SORT_NEXT_STEP_AGE from '@salesforce/label/c.ABM_SortNextStepAge';
import TIER_STAGE from '@salesforce/label/c.ABM_TierAndStage';

/** Sorts, their natural direction, and the column that shows them. */
const SORTS = {
    RISK: { label: SORT_RISK, direction: 'ASC' },
    NAME: { label: SORT_NAME, direction: 'ASC' },
    SCORE: { label: SORT_SCORE, direction: 'ASC' },
    DAYS: { label: SORT_DAYS, direction: 'DESC' },
    NEXT_STEP_AGE: { label: SORT_NEXT_STEP_AGE, direction: 'DESC' }
};
const FILTERS = [
    ['ALL', FILTER_ALL],
    ['FLAGGED', FILTER_FLAGGED],
    ['STALLING', FILTER_STALLING],
    ['DORMANT', FILTER_DORMANT],
    ['COVERAGE_LOW', FILTER_COVERAGE],
    ['UNASSIGNED_TIER1', FILTER_UNASSIGNED]
];

/**
 * "My accounts" (or my team's) by risk, for app and home pages: one server page at a time (keyset paging, so no account
 * falls off the end), sorted by any column and filtered by flag with a count per flag, each row with its next step (and
 * its age, edited in place) and one action per flag. In narrow regions the rows stack as cards.
 */
export default class AbmHealthScorecardList extends LightningElement {
    @api listScope = 'MINE';
    @api tiers = '1';
    @api pageSize = 10;
    /** SMALL stacks rows as cards. */
    @api regionWidth;

    filter = 'ALL';
    sortBy = 'RISK';
    sortDirection = 'ASC';
    /** Cursor of each page shown so far: cursors[n] starts page n + 1 (keyset paging back and forth). */
    cursors = [null];
    page;
    counts;
    error;
    wiredResult;
    hasResponse = false;
    nextStepUpdateable = false;

    labels = {
        loading: LOADING,
        loadError: LOAD_ERROR,
        bandAtRisk: BAND_AT_RISK,
        bandStalling: BAND_STALLING,
        bandHealthy: BAND_HEALTHY,
        bandUnknown: BAND_UNKNOWN,
        account: ACCOUNT,
        health: HEALTH,
        daysSince: DAYS_SINCE,
        nextStep: NEXT_STEP_LABEL,
        flags: FLAGS,
        owner: OWNER,
        previous: PREVIOUS,
        next: NEXT,
        noFlags: NO_FLAGS,
        show: SHOW,
        sortBy: SORT_BY
    };

    get scope() {
        return this.listScope === 'TEAM' ? 'TEAM' : 'MINE';
    }

    get tierList() {
        return String(this.tiers || '1')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
    }

    get size() {
        const size = Number(this.pageSize);
        return size > 0 ? Math.min(100, Math.floor(size)) : 10;
    }

    get cursor() {
        return this.cursors[this.cursors.length - 1];
    }

    @wire(getAccountList, {
        scope: '$scope',
        tiers: '$tierList',
        pageSize: '$size',
        filter: '$filter',
        sortBy: '$sortBy',
        sortDirection: '$sortDirection',
        cursor: '$cursor'
    })
    wiredList(result) {
        this.wiredResult = result;
        const { data, error } = result;
        if (data) {
            this.page = data;
            this.counts = data.counts;
            this.error = undefined;
            this.hasResponse = true;
        } else if (error) {
            this.error = error;
            this.hasResponse = true;
        }
    }

    @wire(getObjectInfo, { objectApiName: ACCOUNT_OBJECT })
    wiredObjectInfo({ data }) {
        this.nextStepUpdateable = data?.fields?.[NEXT_STEP.fieldApiName]?.updateable === true;
    }

    // ---------- states ----------

    get isFirstLoad() {
        return !this.hasResponse;
    }

    get isEmpty() {
        return !this.error && this.page && this.page.total === 0;
    }

    get emptyMessage() {
        return this.filter === 'ALL' ? NO_ACCOUNTS : NO_FLAGGED;
    }

    get showControls() {
        return Boolean(this.counts) && (this.counts.ALL || 0) > 0;
    }

    get title() {
        return formatLabel(this.scope === 'TEAM' ? LIST_TITLE_TEAM : LIST_TITLE_MINE, formatList(this.tierList, LOCALE));
    }

    get isNarrow() {
        return this.regionWidth === 'SMALL';
    }

    get showOwner() {
        return this.scope === 'TEAM';
    }

    // ---------- filter and sort ----------

    get filterOptions() {
        const counts = this.counts || {};
        return FILTERS.map(([value, template]) => ({ value, label: formatMessage(template, [counts[value] ?? 0], LOCALE) }));
    }

    get sortOptions() {
        return Object.entries(SORTS).map(([value, s]) => ({ value, label: s.label }));
    }

    handleFilterChange(event) {
        this.filter = event.detail.value;
        this.restart();
    }

    handleSortChange(event) {
        this.sortBy = event.detail.value;
        this.sortDirection = SORTS[this.sortBy].direction;
        this.restart();
    }

    /** Column header: the active column flips direction; another column starts in its natural direction. */
    handleSortColumn(event) {
        const sortBy = event.currentTarget.dataset.sort;
        if (sortBy === this.sortBy && sortBy !== 'RISK') {
            this.sortDirection = this.sortDirection === 'ASC' ? 'DESC' : 'ASC';
        } else {
            this.sortBy = sortBy;
            this.sortDirection = SORTS[sortBy].direction;
        }
        this.restart();
    }

    restart() {
        this.cursors = [null];
    }

    header(sortBy, label) {
        const isActive = this.sortBy === sortBy;
        const ascending = this.sortDirection === 'ASC';
        return {
            sortBy,
            label,
            ariaSort: isActive ? (ascending ? 'ascending' : 'descending') : 'none',
            icon: isActive ? (ascending ? 'utility:arrowup' : 'utility:arrowdown') : '',
            isActive,
            title: formatMessage(SORT_BY_COLUMN, [label], LOCALE)
        };
    }

    get headers() {
        return {
            account: this.header('NAME', ACCOUNT),
            health: this.header('SCORE', HEALTH),
            days: this.header('DAYS', DAYS_SINCE),
            nextStep: this.header('NEXT_STEP_AGE', NEXT_STEP_LABEL),
            flags: this.header('RISK', FLAGS)
        };
    }

    // ---------- rows ----------

    get rows() {
        const page = this.page;
        return (page?.rows || []).map((row) => {
            const band = bandInfo(row.healthBand, this.labels);
            return {
                ...row,
                key: row.accountId,
                url: `/lightning/r/Account/${row.accountId}/view`,
                bandLabel: band.label,
                bandIcon: band.icon,
                bandIconVariant: band.rank === 0 || band.rank === 2 ? 'inverse' : undefined,
                bandClass: `slds-badge ${band.cssClass}`,
                score: formatNumber(row.healthScore, LOCALE, { maximumFractionDigits: 0 }),
                days: formatNumber(row.daysSinceEngagement, LOCALE, { maximumFractionDigits: 0 }),
                subtitle: formatMessage(TIER_STAGE, [row.tier, row.stage || '–'], LOCALE),
                flagItems: (row.flags || []).map((code) => ({ code, key: code })),
                hasFlags: (row.flags || []).length > 0,
                rowClass: row.isStalling ? 'slds-hint-parent abm-row_stalling' : 'slds-hint-parent'
            };
        });
    }

    get thresholds() {
        return this.page?.thresholds;
    }

    get today() {
        return this.page?.today;
    }

    handleNextStepChange() {
        return refreshApex(this.wiredResult);
    }

    connectedCallback() {
        // Bound: under Lightning Locker (LWS off) the handler is called without this component as `this`.
        this.refreshHandlerId = registerRefreshHandler(this, this.refreshHandler.bind(this));
    }

    disconnectedCallback() {
        unregisterRefreshHandler(this.refreshHandlerId);
    }

    /**
     * RefreshView API: after a call logged, a task or a contact saved from a flag's action (standard forms), or the
     * user's refresh, the page re-reads the list (cacheable Apex, which LDS does not refresh by itself).
     */
    refreshHandler() {
        return (this.wiredResult ? refreshApex(this.wiredResult) : Promise.resolve()).then(() => true);
    }

    // ---------- paging ----------

    get pageNumber() {
        return this.cursors.length;
    }

    get lastPage() {
        const total = this.page?.total ?? 0;
        return Math.max(1, Math.ceil(total / this.size));
    }

    get pageText() {
        return formatMessage(PAGE_OF, [this.pageNumber, this.lastPage], LOCALE);
    }

    get totalText() {
        return formatMessage(ACCOUNT_COUNT, [this.page?.total ?? 0], LOCALE);
    }

    get isFirstPage() {
        return this.cursors.length <= 1;
    }

    get isLastPage() {
        return !this.page?.hasMore;
    }

    handlePrevious() {
        if (!this.isFirstPage) {
            this.cursors = this.cursors.slice(0, -1);
        }
    }

    handleNext() {
        if (!this.isLastPage && this.page.nextCursor) {
            this.cursors = [...this.cursors, this.page.nextCursor];
        }
    }
}
