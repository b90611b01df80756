import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { getObjectInfo, getPicklistValues } from 'lightning/uiObjectInfoApi';
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import ACCOUNT_OBJECT from '@salesforce/schema/Account';
import REGION_FIELD from '@salesforce/schema/Account.ABM_Region__c';
import INDUSTRY_FIELD from '@salesforce/schema/Account.Industry';
import getSummary from '@salesforce/apex/AbmTerritoryMapController.getSummary';
import getOwnerAccounts from '@salesforce/apex/AbmTerritoryMapController.getOwnerAccounts';
import getUnassignedAccounts from '@salesforce/apex/AbmTerritoryMapController.getUnassignedAccounts';
import searchAccounts from '@salesforce/apex/AbmTerritoryMapController.searchAccounts';
import HAS_REASSIGN from '@salesforce/customPermission/ABM_ReassignAccounts';
import AbmTerritoryReassignModal from 'c/abmTerritoryReassignModal';
import { toastSuccess } from 'c/abmErrorUtils';
import { bandInfo, formatDate, formatMessage, formatNumber } from 'c/abmFormatUtils';
import { STATUS_OUTSIDE, STATUS_OVER, STATUS_UNDER, STATUS_WITHIN, matchesFilters, sortAes } from 'c/abmTerritoryUtils';
import TITLE from '@salesforce/label/c.ABM_TerritoryMapTitle';
import LOADING from '@salesforce/label/c.ABM_LoadingTerritoryMap';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import NO_AES from '@salesforce/label/c.ABM_NoAes';
import NO_MATCHES from '@salesforce/label/c.ABM_NoMatchingAes';
import TOTALS from '@salesforce/label/c.ABM_TerritoryTotals';
import TOTALS_TIER2 from '@salesforce/label/c.ABM_TerritoryTotalsTier2';
import AE from '@salesforce/label/c.ABM_Ae';
import TIER1_BOOK from '@salesforce/label/c.ABM_Tier1Book';
import TIER2_BOOK from '@salesforce/label/c.ABM_Tier2Book';
import REGION_MIX from '@salesforce/label/c.ABM_RegionMix';
import INDUSTRY_MIX from '@salesforce/label/c.ABM_IndustryMix';
import ACTIONS from '@salesforce/label/c.ABM_Actions';
import COUNT_OF_BAND from '@salesforce/label/c.ABM_CountOfBand';
import CAPACITY_UNDER from '@salesforce/label/c.ABM_CapacityUnder';
import CAPACITY_WITHIN from '@salesforce/label/c.ABM_CapacityWithin';
import CAPACITY_OVER from '@salesforce/label/c.ABM_CapacityOver';
import FILTER_REGION from '@salesforce/label/c.ABM_FilterRegion';
import FILTER_INDUSTRY from '@salesforce/label/c.ABM_FilterIndustry';
import FILTER_TIER from '@salesforce/label/c.ABM_FilterTier';
import FILTER_AE from '@salesforce/label/c.ABM_FilterAe';
import ALL from '@salesforce/label/c.ABM_AllValues';
import TIER1 from '@salesforce/label/c.ABM_Tier1';
import TIER2 from '@salesforce/label/c.ABM_Tier2';
import TIER1_AND_2 from '@salesforce/label/c.ABM_Tier1And2';
import SEARCH_ACCOUNTS from '@salesforce/label/c.ABM_SearchAccounts';
import NO_SEARCH_RESULTS from '@salesforce/label/c.ABM_NoSearchResults';
import GAPS from '@salesforce/label/c.ABM_Gaps';
import UNASSIGNED_COUNT from '@salesforce/label/c.ABM_UnassignedTier1Count';
import NO_GAPS from '@salesforce/label/c.ABM_NoGaps';
import PROBLEMS from '@salesforce/label/c.ABM_Problems';
import NO_PROBLEMS from '@salesforce/label/c.ABM_NoProblems';
import PROBLEM_NOT_AE from '@salesforce/label/c.ABM_ProblemNotAe';
import MORE from '@salesforce/label/c.ABM_AndMore';
import SHOWING from '@salesforce/label/c.ABM_ShowingAes';
import SHOW_ACCOUNTS from '@salesforce/label/c.ABM_ShowAccounts';
import ACCOUNTS_OF from '@salesforce/label/c.ABM_AccountsOf';
import MAP_OF from '@salesforce/label/c.ABM_MapOf';
import NO_ACCOUNTS_FOR_AE from '@salesforce/label/c.ABM_NoAccountsForAe';
import CLOSE from '@salesforce/label/c.ABM_Close';
import ACCOUNT from '@salesforce/label/c.ABM_Account';
import OWNER from '@salesforce/label/c.ABM_Owner';
import TIER from '@salesforce/label/c.ABM_Tier';
import LOCKED from '@salesforce/label/c.ABM_Locked';
import REASSIGN from '@salesforce/label/c.ABM_Reassign';
import REASSIGN_TITLE from '@salesforce/label/c.ABM_ReassignTitle';
import REASSIGN_SUCCESS_TITLE from '@salesforce/label/c.ABM_ReassignSuccessTitle';
import REASSIGN_SUCCESS from '@salesforce/label/c.ABM_ReassignSuccess';
import BAND_AT_RISK from '@salesforce/label/c.ABM_BandAtRisk';
import BAND_STALLING from '@salesforce/label/c.ABM_BandStalling';
import BAND_HEALTHY from '@salesforce/label/c.ABM_BandHealthy';
import BAND_UNKNOWN from '@salesforce/label/c.ABM_BandUnknown';
import HEALTH from '@salesforce/label/c.ABM_TerritoryHealth';
import CAPACITY from '@salesforce/label/c.ABM_TerritoryCapacity';
import CAPACITY_OUTSIDE from '@salesforce/label/c.ABM_TerritoryCapacityOutside';
import OPTION_COUNT from '@salesforce/label/c.ABM_TerritoryOptionCount';
import ACCEPTING from '@salesforce/label/c.ABM_TerritoryAccepting';
import ACCEPTING_YES from '@salesforce/label/c.ABM_TerritoryAcceptingYes';
import ACCEPTING_NO from '@salesforce/label/c.ABM_TerritoryAcceptingNo';
import NOT_ACCEPTING from '@salesforce/label/c.ABM_TerritoryNotAccepting';
import AWAY_UNTIL from '@salesforce/label/c.ABM_TerritoryAwayUntil';
import OVER_COUNT from '@salesforce/label/c.ABM_TerritoryOverCount';
import UNDER_COUNT from '@salesforce/label/c.ABM_TerritoryUnderCount';
import NOT_AE_COUNT from '@salesforce/label/c.ABM_TerritoryNotAeCount';
import SORT_BY from '@salesforce/label/c.ABM_TerritorySortBy';
import SORT_ORDER from '@salesforce/label/c.ABM_TerritorySortOrder';
import ASCENDING from '@salesforce/label/c.ABM_TerritoryAscending';
import DESCENDING from '@salesforce/label/c.ABM_TerritoryDescending';
import PREVIOUS from '@salesforce/label/c.ABM_TerritoryPrevious';
import NEXT from '@salesforce/label/c.ABM_TerritoryNext';
import PAGE_OF from '@salesforce/label/c.ABM_TerritoryPageOf';
import SHOWING_ACCOUNTS from '@salesforce/label/c.ABM_TerritoryShowingAccounts';
import NOT_SHARED from '@salesforce/label/c.ABM_TerritoryNotShared';
import UNASSIGNED_TITLE from '@salesforce/label/c.ABM_TerritoryUnassignedTitle';
import SHOW_ALL_GAPS from '@salesforce/label/c.ABM_TerritoryShowAllGaps';
import NOT_RECOUNTED from '@salesforce/label/c.ABM_TerritoryNotRecounted';
import RECOUNTED_AT from '@salesforce/label/c.ABM_TerritoryRecountedAt';
import NO_VALUE from '@salesforce/label/c.ABM_TerritoryNoValue';
import SHOW_ACCOUNTS_OF from '@salesforce/label/c.ABM_TerritoryShowAccountsOf';
import FILTERS from '@salesforce/label/c.ABM_TerritoryFilters';
import CLEAR_FILTERS from '@salesforce/label/c.ABM_TerritoryClearFilters';

const STATUS = {
    UNDER: { label: CAPACITY_UNDER, icon: 'utility:arrowdown', iconVariant: '', cssClass: 'slds-badge abm-capacity abm-capacity_under' },
    WITHIN: { label: CAPACITY_WITHIN, icon: 'utility:check', iconVariant: '', cssClass: 'slds-badge abm-capacity abm-capacity_within' },
    OVER: { label: CAPACITY_OVER, icon: 'utility:arrowup', iconVariant: 'inverse', cssClass: 'slds-badge abm-capacity abm-capacity_over' }
};
/** Gap accounts and other owners listed before "and N more". */
const PREVIEW = 5;
/** Accounts per page of an owner's detail or of the gap. */
const DETAIL_PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

/**
 * The territory map for ops managers (Salesforce Maps territory planning, for ABM books): every active AE's Tier 1
 * (optionally Tier 2) book against the capacity band with its region and industry mix, triage by capacity status,
 * sort by any column, problems and gaps where every item is reachable, an owner's accounts a page at a time, account
 * search, and reassignment in a modal that suggests the best owner. The summary is one cacheable call over one rollup
 * row per owner; accounts load a page at a time. Adapts to narrow regions (flexipageRegionWidth SMALL: stacked).
 */
export default class AbmTerritoryMap extends LightningElement {
    /** Count and show Tier 2 books as well. */
    @api includeTier2 = false;
    /** AE rows per page. */
    @api pageSize = 50;
    /** Hide the map of the shown accounts (the list stays). */
    @api hideMap = false;
    /** Set by Lightning App Builder: SMALL, MEDIUM or LARGE. SMALL stacks everything in one column. */
    @api flexipageRegionWidth;

    labels = {
        title: TITLE,
        loading: LOADING,
        loadError: LOAD_ERROR,
        noAes: NO_AES,
        noMatches: NO_MATCHES,
        ae: AE,
        tier1Book: TIER1_BOOK,
        tier2Book: TIER2_BOOK,
        regionMix: REGION_MIX,
        industryMix: INDUSTRY_MIX,
        actions: ACTIONS,
        capacity: CAPACITY,
        accepting: ACCEPTING,
        filterRegion: FILTER_REGION,
        filterIndustry: FILTER_INDUSTRY,
        filterTier: FILTER_TIER,
        filterAe: FILTER_AE,
        filters: FILTERS,
        clearFilters: CLEAR_FILTERS,
        searchAccounts: SEARCH_ACCOUNTS,
        noSearchResults: NO_SEARCH_RESULTS,
        gaps: GAPS,
        noGaps: NO_GAPS,
        problems: PROBLEMS,
        noProblems: NO_PROBLEMS,
        noAccountsForAe: NO_ACCOUNTS_FOR_AE,
        close: CLOSE,
        account: ACCOUNT,
        owner: OWNER,
        tier: TIER,
        health: HEALTH,
        locked: LOCKED,
        reassign: REASSIGN,
        showAccounts: SHOW_ACCOUNTS,
        sortBy: SORT_BY,
        sortOrder: SORT_ORDER,
        previous: PREVIOUS,
        next: NEXT,
        notRecounted: NOT_RECOUNTED
    };

    summary;
    error;
    hasResponse = false;
    wiredSummaryResult;

    regionLabels = {};
    industryLabels = {};
    accountRecordTypeId;

    status = '';
    region = '';
    industry = '';
    accepting = '';
    tier;
    aeSearch = '';
    sortBy = 'name';
    sortDirection = 'asc';
    pageNumber = 1;
    showAllOthers = false;

    /** The open detail: { kind: 'owner' | 'gap', ownerId, name, focusKey } */
    detail;
    detailPage;
    detailError;
    isDetailLoading = false;
    /** Cursors of the pages seen so far: cursors[i] = { afterName, afterId } of page i. */
    detailCursors = [];
    detailPageIndex = 0;

    searchTerm = '';
    searchResults;
    searchError;
    searchTimer;

    @wire(getSummary, { includeTier2: '$includeTier2Param' })
    wiredSummary(result) {
        this.wiredSummaryResult = result;
        const { data, error } = result;
        if (data || error) {
            this.summary = data;
            this.error = error;
            this.hasResponse = true;
        }
    }

    @wire(getObjectInfo, { objectApiName: ACCOUNT_OBJECT })
    wiredObjectInfo({ data }) {
        if (data) {
            this.accountRecordTypeId = data.defaultRecordTypeId;
        }
    }

    @wire(getPicklistValues, { recordTypeId: '$accountRecordTypeId', fieldApiName: REGION_FIELD })
    wiredRegions({ data }) {
        if (data) {
            this.regionLabels = labelMap(data.values);
        }
    }

    @wire(getPicklistValues, { recordTypeId: '$accountRecordTypeId', fieldApiName: INDUSTRY_FIELD })
    wiredIndustries({ data }) {
        if (data) {
            this.industryLabels = labelMap(data.values);
        }
    }

    disconnectedCallback() {
        clearTimeout(this.searchTimer);
    }

    // ---------- general ----------

    get includeTier2Param() {
        return this.includeTier2 === true || this.includeTier2 === 'true';
    }

    get pageSizeNumber() {
        const size = Number(this.pageSize);
        return size > 0 ? Math.min(Math.floor(size), 500) : 50;
    }

    get isNarrow() {
        return this.flexipageRegionWidth === 'SMALL';
    }

    get rootClass() {
        return this.isNarrow ? 'abm-territory abm-territory_narrow' : 'abm-territory';
    }

    /** Two columns side by side from medium screens up, unless the region itself is narrow. */
    get halfColumnClass() {
        return this.isNarrow ? 'slds-col slds-size_1-of-1' : 'slds-col slds-size_1-of-1 slds-medium-size_1-of-2';
    }

    get filterColumnClass() {
        return this.isNarrow ? 'slds-col slds-size_1-of-1' : 'slds-col slds-size_1-of-2 slds-medium-size_1-of-3 slds-large-size_1-of-6';
    }

    get isLoading() {
        return !this.hasResponse;
    }

    get isEmpty() {
        return Boolean(this.summary) && (this.summary.aes || []).length === 0;
    }

    get canReassign() {
        return Boolean(HAS_REASSIGN) && this.summary?.canReassign === true;
    }

    /** Getters run several times per render; the 500-row filter and sort run once per change of their inputs. */
    memos = {};

    memo(name, deps, compute) {
        const cached = this.memos[name];
        if (cached && cached.deps.length === deps.length && cached.deps.every((d, i) => d === deps[i])) {
            return cached.value;
        }
        const value = compute();
        this.memos[name] = { deps, value };
        return value;
    }

    labelOf = (field, value) => {
        if (value === '' || value === null || value === undefined) {
            return NO_VALUE;
        }
        const labels = field === 'region' ? this.regionLabels : this.industryLabels;
        return labels[value] || value;
    };

    number(value) {
        return formatNumber(value, LOCALE);
    }

    // ---------- header ----------

    get totalsText() {
        const s = this.summary;
        if (!s) {
            return '';
        }
        return s.includeTier2
            ? formatMessage(TOTALS_TIER2, [s.aes.length, s.tier1Count, s.tier2Count], LOCALE)
            : formatMessage(TOTALS, [s.aes.length, s.tier1Count], LOCALE);
    }

    get recountText() {
        const at = this.summary?.recountedAt;
        if (!at) {
            return '';
        }
        const when = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(at));
        return formatMessage(RECOUNTED_AT, [when], LOCALE);
    }

    get isNotRecounted() {
        return Boolean(this.summary) && !this.summary.recountedAt;
    }

    // ---------- problems ----------

    get overAes() {
        return this.memo('over', [this.summary], () => (this.summary?.aes || []).filter((ae) => ae.capacityStatus === STATUS_OVER));
    }

    get underAes() {
        return this.memo('under', [this.summary], () => (this.summary?.aes || []).filter((ae) => ae.capacityStatus === STATUS_UNDER));
    }

    get overText() {
        return formatMessage(OVER_COUNT, [this.overAes.length], LOCALE);
    }

    get underText() {
        return formatMessage(UNDER_COUNT, [this.underAes.length], LOCALE);
    }

    get hasOver() {
        return this.overAes.length > 0;
    }

    get hasUnder() {
        return this.underAes.length > 0;
    }

    get otherOwners() {
        return (this.summary?.problems || [])
            .filter((p) => p.code === 'OWNER_NOT_ACTIVE_AE')
            .sort((a, b) => b.count - a.count || String(a.name).localeCompare(String(b.name)));
    }

    get hasOtherOwners() {
        return this.otherOwners.length > 0;
    }

    get otherOwnersText() {
        const owners = this.otherOwners;
        return formatMessage(NOT_AE_COUNT, [owners.length, owners.reduce((n, p) => n + p.count, 0)], LOCALE);
    }

    get otherOwnerRows() {
        const owners = this.showAllOthers ? this.otherOwners : this.otherOwners.slice(0, PREVIEW);
        return owners.map((p) => {
            const name = p.name || p.userId;
            return {
                key: p.userId,
                userId: p.userId,
                name,
                text: formatMessage(PROBLEM_NOT_AE, [name, p.count], LOCALE),
                buttonLabel: formatMessage(SHOW_ACCOUNTS_OF, [name], LOCALE),
                focusKey: `owner-${p.userId}`
            };
        });
    }

    get moreOthersText() {
        const extra = this.otherOwners.length - PREVIEW;
        return !this.showAllOthers && extra > 0 ? formatMessage(MORE, [extra], LOCALE) : '';
    }

    get hasProblems() {
        return this.hasOver || this.hasUnder || this.hasOtherOwners;
    }

    handleShowOver() {
        this.applyStatus(STATUS_OVER);
    }

    handleShowUnder() {
        this.applyStatus(STATUS_UNDER);
    }

    handleShowAllOthers() {
        this.showAllOthers = true;
    }

    applyStatus(status) {
        this.status = status;
        this.pageNumber = 1;
        // The filtered table is the list of these AEs: take the user there.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        requestAnimationFrame(() => this.template.querySelector('[data-id="results"]')?.focus());
    }

    // ---------- gaps ----------

    get gapText() {
        return formatMessage(UNASSIGNED_COUNT, [this.summary?.unassignedTier1Count ?? 0], LOCALE);
    }

    get hasGaps() {
        return (this.summary?.unassignedTier1Count ?? 0) > 0;
    }

    get gapAccounts() {
        return (this.summary?.unassigned || []).slice(0, PREVIEW).map((a) => this.accountRow(a));
    }

    get moreGapsText() {
        const extra = (this.summary?.unassignedTier1Count ?? 0) - this.gapAccounts.length;
        return extra > 0 ? formatMessage(MORE, [extra], LOCALE) : '';
    }

    get showAllGapsLabel() {
        // The visible "and 246 more" starts the accessible name (WCAG 2.5.3), which adds what they are.
        return formatMessage(SHOW_ALL_GAPS, [this.moreGapsText], LOCALE);
    }

    handleShowAllGaps(event) {
        this.openDetail({ kind: 'gap', ownerId: null, name: UNASSIGNED_TITLE, focusKey: event.currentTarget.dataset.focusKey });
    }

    // ---------- filters ----------

    get statusCounts() {
        return this.memo('counts', [this.summary], () => {
            const counts = { OVER: 0, UNDER: 0, WITHIN: 0 };
            for (const ae of this.summary?.aes || []) {
                counts[ae.capacityStatus] = (counts[ae.capacityStatus] || 0) + 1;
            }
            return counts;
        });
    }

    get statusOptions() {
        const c = this.statusCounts;
        const option = (label, value, count) => ({ label: formatMessage(OPTION_COUNT, [label, count], LOCALE), value });
        return [
            option(ALL, '', (this.summary?.aes || []).length),
            option(CAPACITY_OVER, STATUS_OVER, c.OVER),
            option(CAPACITY_UNDER, STATUS_UNDER, c.UNDER),
            option(CAPACITY_OUTSIDE, STATUS_OUTSIDE, c.OVER + c.UNDER),
            option(CAPACITY_WITHIN, STATUS_WITHIN, c.WITHIN)
        ];
    }

    get regionOptions() {
        return this.valueOptions(this.summary?.regions, 'region');
    }

    get industryOptions() {
        return this.valueOptions(this.summary?.industries, 'industry');
    }

    valueOptions(values, field) {
        const collator = new Intl.Collator(LOCALE, { sensitivity: 'base' });
        const options = (values || []).map((v) => ({ label: this.labelOf(field, v), value: v }));
        options.sort((a, b) => collator.compare(a.label, b.label));
        return [{ label: ALL, value: '' }, ...options];
    }

    get acceptingOptions() {
        return [
            { label: ALL, value: '' },
            { label: ACCEPTING_YES, value: 'yes' },
            { label: ACCEPTING_NO, value: 'no' }
        ];
    }

    get tierOptions() {
        const options = [{ label: TIER1, value: '1' }];
        if (this.summary?.includeTier2) {
            options.push({ label: TIER2, value: '2' }, { label: TIER1_AND_2, value: 'all' });
        }
        return options;
    }

    get showTierFilter() {
        return Boolean(this.summary?.includeTier2);
    }

    /** The tier of the book columns and of the detail: both tiers by default when Tier 2 is counted, else Tier 1. */
    get effectiveTier() {
        return this.tier || (this.summary?.includeTier2 ? 'all' : '1');
    }

    get showTier1() {
        return this.effectiveTier !== '2';
    }

    get showTier2() {
        return Boolean(this.summary?.includeTier2) && this.effectiveTier !== '1';
    }

    get hasFilters() {
        return Boolean(this.status || this.region || this.industry || this.accepting || this.aeSearch.trim());
    }

    handleFilter(event) {
        const name = event.target.dataset.id;
        const value = event.detail.value ?? event.target.value ?? '';
        if (name === 'status') {
            this.status = value;
        } else if (name === 'region') {
            this.region = value;
        } else if (name === 'industry') {
            this.industry = value;
        } else if (name === 'accepting') {
            this.accepting = value;
        } else if (name === 'tier') {
            this.tier = value;
        } else if (name === 'ae-search') {
            this.aeSearch = value || '';
        }
        this.pageNumber = 1;
    }

    handleClearFilters() {
        this.status = '';
        this.region = '';
        this.industry = '';
        this.accepting = '';
        this.aeSearch = '';
        this.pageNumber = 1;
    }

    // ---------- AE table ----------

    get columns() {
        const columns = [
            { key: 'name', label: AE },
            { key: 'accepting', label: ACCEPTING }
        ];
        if (this.showTier1) {
            columns.push({ key: 'tier1', label: TIER1_BOOK }, { key: 'capacity', label: CAPACITY });
        }
        if (this.showTier2) {
            columns.push({ key: 'tier2', label: TIER2_BOOK });
        }
        columns.push({ key: 'region', label: REGION_MIX }, { key: 'industry', label: INDUSTRY_MIX });
        return columns.map((c) => {
            const sorted = this.sortBy === c.key;
            return {
                ...c,
                ariaSort: sorted ? (this.sortDirection === 'asc' ? 'ascending' : 'descending') : 'none',
                iconName: this.sortDirection === 'asc' ? 'utility:arrowup' : 'utility:arrowdown',
                isSorted: sorted,
                thClass: sorted ? 'slds-is-sortable slds-is-sorted' : 'slds-is-sortable'
            };
        });
    }

    get sortOptions() {
        return this.columns.map((c) => ({ label: c.label, value: c.key }));
    }

    get directionOptions() {
        return [
            { label: ASCENDING, value: 'asc' },
            { label: DESCENDING, value: 'desc' }
        ];
    }

    get filteredAes() {
        const filters = {
            status: this.status,
            region: this.region,
            industry: this.industry,
            accepting: this.accepting,
            term: this.aeSearch
        };
        return (this.summary?.aes || []).filter((ae) => matchesFilters(ae, filters));
    }

    get sortedAes() {
        return sortAes(this.filteredAes, this.sortBy, this.sortDirection, { locale: LOCALE, labelOf: this.labelOf });
    }

    get pageCount() {
        return Math.max(1, Math.ceil(this.filteredAes.length / this.pageSizeNumber));
    }

    get currentPage() {
        return Math.min(Math.max(1, this.pageNumber), this.pageCount);
    }

    get visibleAes() {
        const start = (this.currentPage - 1) * this.pageSizeNumber;
        return this.sortedAes.slice(start, start + this.pageSizeNumber).map((ae) => this.aeRow(ae));
    }

    aeRow(ae) {
        const status = STATUS[ae.capacityStatus] || STATUS.WITHIN;
        const status2 = STATUS[ae.tier2CapacityStatus] || STATUS.WITHIN;
        const isAway = Boolean(ae.unavailableUntil) && ae.unavailableUntil > todayIso();
        return {
            key: ae.userId,
            userId: ae.userId,
            name: ae.name,
            tier1Text: formatMessage(COUNT_OF_BAND, [ae.tier1Count, bound(ae.capacityMin), bound(ae.capacityMax)], LOCALE),
            statusLabel: status.label,
            statusIcon: status.icon,
            statusIconVariant: status.iconVariant,
            statusClass: status.cssClass,
            status: ae.capacityStatus,
            tier2Text: formatMessage(COUNT_OF_BAND, [ae.tier2Count, bound(ae.tier2CapacityMin), bound(ae.tier2CapacityMax)], LOCALE),
            status2Label: status2.label,
            status2Icon: status2.icon,
            status2Class: status2.cssClass,
            acceptingText: ae.isAcceptingAccounts ? ACCEPTING_YES : NOT_ACCEPTING,
            awayText: isAway ? formatMessage(AWAY_UNTIL, [formatDate(ae.unavailableUntil, LOCALE)], LOCALE) : '',
            regionText: this.mixText(ae.regionMix, 'region'),
            industryText: this.mixText(ae.industryMix, 'industry'),
            buttonLabel: formatMessage(SHOW_ACCOUNTS_OF, [ae.name], LOCALE),
            focusKey: `owner-${ae.userId}`,
            rowClass: ae.userId === this.detail?.ownerId ? 'slds-hint-parent slds-is-selected' : 'slds-hint-parent'
        };
    }

    /** "EMEA 8 · APAC 4" in picklist labels (at most four values, then "+n"). */
    mixText(mix, field) {
        const items = mix || [];
        const shown = items.slice(0, 4).map((m) => `${this.labelOf(field, m.value)} ${this.number(m.count)}`);
        if (items.length > 4) {
            shown.push(`+${this.number(items.length - 4)}`);
        }
        return shown.join(' · ');
    }

    get hasVisibleAes() {
        return this.filteredAes.length > 0;
    }

    get showingText() {
        const total = this.filteredAes.length;
        const first = total === 0 ? 0 : (this.currentPage - 1) * this.pageSizeNumber + 1;
        const last = Math.min(total, this.currentPage * this.pageSizeNumber);
        return formatMessage(SHOWING, [first, last, total], LOCALE);
    }

    get pageText() {
        return formatMessage(PAGE_OF, [this.currentPage, this.pageCount], LOCALE);
    }

    get isFirstPage() {
        return this.currentPage <= 1;
    }

    get isLastPage() {
        return this.currentPage >= this.pageCount;
    }

    get hasPages() {
        return this.pageCount > 1;
    }

    handleSort(event) {
        const key = event.currentTarget.dataset.key;
        if (this.sortBy === key) {
            this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
        } else {
            this.sortBy = key;
            // Counts and capacity open with the biggest problem first; text columns from A.
            this.sortDirection = ['tier1', 'tier2', 'capacity'].includes(key) ? (key === 'capacity' ? 'asc' : 'desc') : 'asc';
        }
        this.pageNumber = 1;
    }

    handleSortBy(event) {
        this.sortBy = event.detail.value;
        this.pageNumber = 1;
    }

    handleSortDirection(event) {
        this.sortDirection = event.detail.value;
        this.pageNumber = 1;
    }

    handlePrevious() {
        this.pageNumber = Math.max(1, this.currentPage - 1);
    }

    handleNext() {
        this.pageNumber = Math.min(this.pageCount, this.currentPage + 1);
    }

    // ---------- detail: one owner's accounts or the gap, a page at a time ----------

    get detailTitle() {
        return this.detail?.kind === 'gap' ? UNASSIGNED_TITLE : formatMessage(ACCOUNTS_OF, [this.detail?.name || ''], LOCALE);
    }

    get mapTitle() {
        return formatMessage(MAP_OF, [this.detail?.name || ''], LOCALE);
    }

    get detailRows() {
        return (this.detailPage?.accounts || []).map((a) => this.accountRow(a));
    }

    get hasDetailRows() {
        return this.detailRows.length > 0;
    }

    /** "Showing 51–100 of 2,000 accounts", and what sharing hides when the user sees fewer than the books hold. */
    get detailShowingText() {
        const page = this.detailPage;
        if (!page) {
            return '';
        }
        const first = page.accounts.length ? this.detailPageIndex * DETAIL_PAGE_SIZE + 1 : 0;
        const last = this.detailPageIndex * DETAIL_PAGE_SIZE + page.accounts.length;
        const total = page.total ?? last;
        let text = formatMessage(SHOWING_ACCOUNTS, [first, last, Math.max(total, last)], LOCALE);
        if (!page.hasMore && total > last) {
            text += ` ${formatMessage(NOT_SHARED, [total - last], LOCALE)}`;
        }
        return text;
    }

    get detailHasPrevious() {
        return this.detailPageIndex > 0 && !this.isDetailLoading;
    }

    get detailHasNext() {
        return Boolean(this.detailPage?.hasMore) && !this.isDetailLoading;
    }

    get detailPreviousDisabled() {
        return !this.detailHasPrevious;
    }

    get detailNextDisabled() {
        return !this.detailHasNext;
    }

    get showDetailPager() {
        return this.detailPageIndex > 0 || Boolean(this.detailPage?.hasMore);
    }

    get showMap() {
        return !this.hideMap && this.mapMarkers.length > 0;
    }

    get mapMarkers() {
        return (this.detailPage?.accounts || [])
            .filter((a) => isSet(a.latitude) || a.city || a.country)
            .map((a) => ({
                value: a.id,
                title: a.name,
                description: [a.tier ? `${TIER} ${a.tier}` : '', this.labelOf('region', a.region), this.labelOf('industry', a.industry)]
                    .filter(Boolean)
                    .join(' · '),
                location:
                    isSet(a.latitude) && isSet(a.longitude)
                        ? { Latitude: a.latitude, Longitude: a.longitude }
                        : { City: a.city, State: a.state, Country: a.country }
            }));
    }

    accountRow(a) {
        const band = bandInfo(a.healthBand, {
            bandAtRisk: BAND_AT_RISK,
            bandStalling: BAND_STALLING,
            bandHealthy: BAND_HEALTHY,
            bandUnknown: BAND_UNKNOWN
        });
        return {
            ...a,
            key: a.id,
            regionLabel: this.labelOf('region', a.region),
            industryLabel: this.labelOf('industry', a.industry),
            bandLabel: band.label,
            place: [a.city, a.state, a.country].filter(Boolean).join(', '),
            reassignLabel: formatMessage(REASSIGN_TITLE, [a.name], LOCALE),
            focusKey: `account-${a.id}`
        };
    }

    handleShowAccounts(event) {
        const { id, name, focusKey } = event.currentTarget.dataset;
        this.openDetail({ kind: 'owner', ownerId: id, name, focusKey });
    }

    openDetail(detail) {
        this.detail = detail;
        this.detailCursors = [{ afterName: null, afterId: null }];
        this.detailPageIndex = 0;
        this.loadDetailPage(true);
    }

    async loadDetailPage(focusHeading) {
        const detail = this.detail;
        const cursor = this.detailCursors[this.detailPageIndex];
        this.isDetailLoading = true;
        this.detailError = undefined;
        try {
            const page =
                detail.kind === 'gap'
                    ? await getUnassignedAccounts({ pageSize: DETAIL_PAGE_SIZE, afterName: cursor.afterName, afterId: cursor.afterId })
                    : await getOwnerAccounts({
                          ownerId: detail.ownerId,
                          includeTier2: this.includeTier2Param && this.effectiveTier !== '1',
                          pageSize: DETAIL_PAGE_SIZE,
                          afterName: cursor.afterName,
                          afterId: cursor.afterId
                      });
            if (this.detail === detail) {
                this.detailPage = page;
            }
        } catch (error) {
            if (this.detail === detail) {
                this.detailPage = undefined;
                this.detailError = error;
            }
        } finally {
            this.isDetailLoading = false;
        }
        if (focusHeading) {
            // Move the keyboard user to what they opened (the panel renders above the table).
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            requestAnimationFrame(() => this.template.querySelector('[data-id="detail-heading"]')?.focus());
        }
    }

    handleDetailNext() {
        const accounts = this.detailPage?.accounts || [];
        const last = accounts[accounts.length - 1];
        if (!last) {
            return;
        }
        this.detailCursors = [...this.detailCursors.slice(0, this.detailPageIndex + 1), { afterName: last.name, afterId: last.id }];
        this.detailPageIndex += 1;
        this.loadDetailPage(true);
    }

    handleDetailPrevious() {
        this.detailPageIndex = Math.max(0, this.detailPageIndex - 1);
        this.loadDetailPage(true);
    }

    handleCloseDetail() {
        const focusKey = this.detail?.focusKey;
        this.detail = undefined;
        this.detailPage = undefined;
        this.detailError = undefined;
        this.returnFocus(focusKey);
    }

    handleDetailKeydown(event) {
        if (event.key === 'Escape') {
            event.stopPropagation();
            this.handleCloseDetail();
        }
    }

    /**
     * Focus the control that opened a panel or the modal (found again by its key: rows re-render), or, when it is gone,
     * the element named by `fallback` (a data-id).
     */
    returnFocus(focusKey, fallback) {
        if (!focusKey && !fallback) {
            return;
        }
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        requestAnimationFrame(() => {
            const target =
                (focusKey && this.template.querySelector(`[data-focus-key="${focusKey}"]`)) ||
                (fallback && this.template.querySelector(`[data-id="${fallback}"]`));
            if (target) {
                target.focus();
            }
        });
    }

    // ---------- account search ----------

    get searchRows() {
        return (this.searchResults || []).map((a) => this.accountRow(a));
    }

    get hasSearchResults() {
        return this.searchRows.length > 0;
    }

    get showNoSearchResults() {
        return Array.isArray(this.searchResults) && this.searchResults.length === 0;
    }

    handleAccountSearch(event) {
        this.searchTerm = event.target.value || '';
        clearTimeout(this.searchTimer);
        if (this.searchTerm.trim().length < 2) {
            this.searchResults = undefined;
            this.searchError = undefined;
            return;
        }
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.searchTimer = setTimeout(() => this.runSearch(), SEARCH_DELAY_MS);
    }

    async runSearch() {
        const term = this.searchTerm;
        try {
            const results = await searchAccounts({ term, includeTier2: this.includeTier2Param });
            if (term === this.searchTerm) {
                this.searchResults = results;
                this.searchError = undefined;
            }
        } catch (error) {
            this.searchResults = undefined;
            this.searchError = error;
        }
    }

    // ---------- reassign (LightningModal) ----------

    async handleReassign(event) {
        const { id, focusKey, focusFallback } = event.currentTarget.dataset;
        const account = [...(this.summary?.unassigned || []), ...(this.detailPage?.accounts || []), ...(this.searchResults || [])].find(
            (a) => a.id === id
        );
        if (!account) {
            return;
        }
        const result = await AbmTerritoryReassignModal.open({
            size: 'medium',
            label: formatMessage(REASSIGN_TITLE, [account.name], LOCALE),
            account,
            aes: this.summary?.aes || [],
            regionLabels: this.regionLabels,
            industryLabels: this.industryLabels,
            today: todayIso()
        });
        if (result && result.newOwnerId) {
            toastSuccess(this, REASSIGN_SUCCESS_TITLE, formatMessage(REASSIGN_SUCCESS, [account.name, result.ownerName], LOCALE));
            if (this.searchResults) {
                const moved = (a) => ({ ...a, ownerId: result.newOwnerId, ownerName: result.ownerName });
                this.searchResults = this.searchResults.map((a) => (a.id === account.id ? moved(a) : a));
            }
            await refreshApex(this.wiredSummaryResult);
            if (this.detail) {
                await this.loadDetailPage(false);
            }
        }
        // Back to the Reassign button; when the account left the list it was in, to that list's heading.
        this.returnFocus(focusKey, focusFallback);
    }
}

function labelMap(values) {
    const map = {};
    for (const v of values || []) {
        map[v.value] = v.label;
    }
    return map;
}

function bound(value) {
    return isSet(value) ? value : '–';
}

function isSet(value) {
    return value !== null && value !== undefined && value !== '';
}

/** Today in the user's time zone (YYYY-MM-DD). */
function todayIso() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
