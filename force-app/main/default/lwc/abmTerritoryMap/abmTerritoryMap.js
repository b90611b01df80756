import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getSummary from '@salesforce/apex/AbmTerritoryMapController.getSummary';
import getAeAccounts from '@salesforce/apex/AbmTerritoryMapController.getAeAccounts';
import searchAccounts from '@salesforce/apex/AbmTerritoryMapController.searchAccounts';
import reassignAccount from '@salesforce/apex/AbmTerritoryMapController.reassignAccount';
import HAS_REASSIGN from '@salesforce/customPermission/ABM_ReassignAccounts';
import { reduceErrors, toastError, toastSuccess } from 'c/abmErrorUtils';
import { bandInfo, formatLabel } from 'c/abmFormatUtils';
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
import PROBLEM_OVER from '@salesforce/label/c.ABM_ProblemOver';
import PROBLEM_UNDER from '@salesforce/label/c.ABM_ProblemUnder';
import PROBLEM_NOT_AE from '@salesforce/label/c.ABM_ProblemNotAe';
import MORE from '@salesforce/label/c.ABM_AndMore';
import SHOWING from '@salesforce/label/c.ABM_ShowingAes';
import SHOW_MORE from '@salesforce/label/c.ABM_ShowMore';
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
import NEW_OWNER from '@salesforce/label/c.ABM_NewOwner';
import REASON from '@salesforce/label/c.ABM_Reason';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import SAVE from '@salesforce/label/c.ABM_Save';
import REASSIGN_SUCCESS_TITLE from '@salesforce/label/c.ABM_ReassignSuccessTitle';
import REASSIGN_SUCCESS from '@salesforce/label/c.ABM_ReassignSuccess';
import REASSIGN_FAILED from '@salesforce/label/c.ABM_ReassignFailed';
import BAND_AT_RISK from '@salesforce/label/c.ABM_BandAtRisk';
import BAND_STALLING from '@salesforce/label/c.ABM_BandStalling';
import BAND_HEALTHY from '@salesforce/label/c.ABM_BandHealthy';
import BAND_UNKNOWN from '@salesforce/label/c.ABM_BandUnknown';

const STATUS = {
    UNDER: { label: CAPACITY_UNDER, icon: 'utility:arrowdown', cssClass: 'abm-capacity_under' },
    WITHIN: { label: CAPACITY_WITHIN, icon: 'utility:check', cssClass: 'abm-capacity_within' },
    OVER: { label: CAPACITY_OVER, icon: 'utility:arrowup', cssClass: 'abm-capacity_over' }
};
const PROBLEM_TEXT = { OVER_CAPACITY: PROBLEM_OVER, UNDER_CAPACITY: PROBLEM_UNDER, OWNER_NOT_ACTIVE_AE: PROBLEM_NOT_AE };
const LIST_PREVIEW = 10;
const SEARCH_DELAY_MS = 300;

/**
 * The published territory map for managers and ops: every active AE's Tier 1 (optionally Tier 2) book against the
 * capacity band, region and industry mix, gaps and problems, filters, account search, a map of one AE's accounts, and
 * one-account reassignment for holders of ABM_ReassignAccounts. The summary is one cacheable call; an AE's accounts
 * and searches load only when asked for.
 */
export default class AbmTerritoryMap extends LightningElement {
    /** Count and show Tier 2 books as well. */
    @api includeTier2 = false;
    /** AE rows shown at first (and added by "Show more"). */
    @api pageSize = 50;
    /** Hide the map of the selected AE's accounts (the account list stays). */
    @api hideMap = false;

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
        filterRegion: FILTER_REGION,
        filterIndustry: FILTER_INDUSTRY,
        filterTier: FILTER_TIER,
        filterAe: FILTER_AE,
        searchAccounts: SEARCH_ACCOUNTS,
        noSearchResults: NO_SEARCH_RESULTS,
        gaps: GAPS,
        noGaps: NO_GAPS,
        problems: PROBLEMS,
        noProblems: NO_PROBLEMS,
        showMore: SHOW_MORE,
        showAccounts: SHOW_ACCOUNTS,
        noAccountsForAe: NO_ACCOUNTS_FOR_AE,
        close: CLOSE,
        account: ACCOUNT,
        owner: OWNER,
        tier: TIER,
        locked: LOCKED,
        reassign: REASSIGN,
        newOwner: NEW_OWNER,
        reason: REASON,
        cancel: CANCEL,
        save: SAVE
    };
    bandLabels = { bandAtRisk: BAND_AT_RISK, bandStalling: BAND_STALLING, bandHealthy: BAND_HEALTHY, bandUnknown: BAND_UNKNOWN };

    summary;
    error;
    hasResponse = false;
    wiredSummaryResult;

    region = '';
    industry = '';
    tier;
    aeSearch = '';
    visibleCount;

    selectedAeId;
    aeAccounts;
    aeError;
    wiredAeResult;

    searchTerm = '';
    searchResults;
    searchError;
    searchTimer;

    reassignTarget;
    newOwnerId;
    reassignReason = '';
    isSaving = false;
    reassignError;

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

    @wire(getAeAccounts, { ownerId: '$selectedAeId', includeTier2: '$includeTier2Param' })
    wiredAeAccounts(result) {
        this.wiredAeResult = result;
        this.aeAccounts = result.data;
        this.aeError = result.error;
    }

    get includeTier2Param() {
        return this.includeTier2 === true || this.includeTier2 === 'true';
    }

    get pageSizeNumber() {
        const size = Number(this.pageSize);
        return size > 0 ? Math.floor(size) : 50;
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

    // ---------- header ----------

    get totalsText() {
        const s = this.summary;
        if (!s) {
            return '';
        }
        return s.includeTier2
            ? formatLabel(TOTALS_TIER2, s.aes.length, s.tier1Count, s.tier2Count)
            : formatLabel(TOTALS, s.aes.length, s.tier1Count);
    }

    get gapText() {
        return formatLabel(UNASSIGNED_COUNT, this.summary?.unassignedTier1Count ?? 0);
    }

    get hasGaps() {
        return (this.summary?.unassignedTier1Count ?? 0) > 0;
    }

    get gapAccounts() {
        return (this.summary?.unassigned || []).slice(0, LIST_PREVIEW).map((a) => ({ ...a, key: a.id }));
    }

    get problems() {
        return (this.summary?.problems || []).slice(0, LIST_PREVIEW).map((p) => ({
            key: `${p.code}-${p.userId}`,
            code: p.code,
            text: formatLabel(PROBLEM_TEXT[p.code] || '{0}', p.name || p.userId, p.count),
            icon: p.code === 'OWNER_NOT_ACTIVE_AE' ? 'utility:user' : 'utility:warning'
        }));
    }

    get hasProblems() {
        return (this.summary?.problems || []).length > 0;
    }

    get moreProblemsText() {
        const extra = (this.summary?.problems || []).length - LIST_PREVIEW;
        return extra > 0 ? formatLabel(MORE, extra) : '';
    }

    // ---------- filters ----------

    get regionOptions() {
        return [{ label: ALL, value: '' }, ...(this.summary?.regions || []).map((r) => ({ label: r, value: r }))];
    }

    get industryOptions() {
        return [{ label: ALL, value: '' }, ...(this.summary?.industries || []).map((i) => ({ label: i, value: i }))];
    }

    get tierOptions() {
        const options = [{ label: TIER1, value: '1' }];
        if (this.summary?.includeTier2) {
            options.push({ label: TIER2, value: '2' }, { label: TIER1_AND_2, value: 'all' });
        }
        return options;
    }

    /** The tier filter: both tiers by default when Tier 2 is counted, else Tier 1. */
    get effectiveTier() {
        return this.tier || (this.summary?.includeTier2 ? 'all' : '1');
    }

    get showTier1() {
        return this.effectiveTier !== '2';
    }

    get showTier2() {
        return Boolean(this.summary?.includeTier2) && this.effectiveTier !== '1';
    }

    get filteredAes() {
        const aes = this.summary?.aes || [];
        const term = this.aeSearch.trim().toLowerCase();
        const hasMix = (mix, assigned, value) => assigned.includes(value) || mix.some((m) => m.label === value);
        return aes.filter(
            (ae) =>
                (!term || (ae.name || '').toLowerCase().includes(term)) &&
                (!this.region || hasMix(ae.regionMix || [], ae.regions || [], this.region)) &&
                (!this.industry || hasMix(ae.industryMix || [], ae.industries || [], this.industry))
        );
    }

    get visibleAes() {
        const limit = this.visibleCount || this.pageSizeNumber;
        return this.filteredAes.slice(0, limit).map((ae) => {
            const status = STATUS[ae.capacityStatus] || STATUS.WITHIN;
            const status2 = STATUS[ae.tier2CapacityStatus] || STATUS.WITHIN;
            return {
                key: ae.userId,
                userId: ae.userId,
                name: ae.name,
                tier1Text: formatLabel(COUNT_OF_BAND, ae.tier1Count, ae.capacityMin ?? '–', ae.capacityMax ?? '–'),
                statusLabel: status.label,
                statusIcon: status.icon,
                statusClass: status.cssClass,
                status: ae.capacityStatus,
                tier2Text: formatLabel(COUNT_OF_BAND, ae.tier2Count, ae.tier2CapacityMin ?? '–', ae.tier2CapacityMax ?? '–'),
                status2Label: status2.label,
                status2Icon: status2.icon,
                status2Class: status2.cssClass,
                regionText: mixText(ae.regionMix),
                industryText: mixText(ae.industryMix),
                buttonTitle: formatLabel(ACCOUNTS_OF, ae.name),
                rowClass: ae.userId === this.selectedAeId ? 'slds-is-selected' : ''
            };
        });
    }

    get hasVisibleAes() {
        return this.filteredAes.length > 0;
    }

    get showingText() {
        return formatLabel(SHOWING, Math.min(this.filteredAes.length, this.visibleCount || this.pageSizeNumber), this.filteredAes.length);
    }

    get hasMoreAes() {
        return this.filteredAes.length > (this.visibleCount || this.pageSizeNumber);
    }

    handleRegion(event) {
        this.region = event.detail.value;
        this.visibleCount = undefined;
    }

    handleIndustry(event) {
        this.industry = event.detail.value;
        this.visibleCount = undefined;
    }

    handleTier(event) {
        this.tier = event.detail.value;
    }

    handleAeSearch(event) {
        this.aeSearch = event.target.value || '';
        this.visibleCount = undefined;
    }

    handleShowMore() {
        this.visibleCount = (this.visibleCount || this.pageSizeNumber) + this.pageSizeNumber;
    }

    // ---------- selected AE (lazy detail) ----------

    get selectedAe() {
        return (this.summary?.aes || []).find((ae) => ae.userId === this.selectedAeId);
    }

    get detailTitle() {
        return formatLabel(ACCOUNTS_OF, this.selectedAe?.name || '');
    }

    get mapTitle() {
        return formatLabel(MAP_OF, this.selectedAe?.name || '');
    }

    get isAeLoading() {
        return Boolean(this.selectedAeId) && !this.aeAccounts && !this.aeError;
    }

    get aeAccountRows() {
        return (this.aeAccounts || []).map((a) => {
            const band = bandInfo(a.healthBand, this.bandLabels);
            return {
                ...a,
                key: a.id,
                bandLabel: band.label,
                bandIcon: band.icon,
                place: [a.city, a.state, a.country].filter(Boolean).join(', '),
                reassignTitle: formatLabel(REASSIGN_TITLE, a.name)
            };
        });
    }

    get hasAeAccounts() {
        return this.aeAccountRows.length > 0;
    }

    get showMap() {
        return !this.hideMap && this.mapMarkers.length > 0;
    }

    get mapMarkers() {
        return (this.aeAccounts || [])
            .filter((a) => (a.latitude !== null && a.latitude !== undefined && a.longitude !== null) || a.city || a.country)
            .map((a) => ({
                value: a.id,
                title: a.name,
                description: [a.tier ? `${TIER} ${a.tier}` : '', a.region, a.industry].filter(Boolean).join(' · '),
                location:
                    a.latitude !== null && a.latitude !== undefined && a.longitude !== null && a.longitude !== undefined
                        ? { Latitude: a.latitude, Longitude: a.longitude }
                        : { City: a.city, State: a.state, Country: a.country }
            }));
    }

    handleShowAccounts(event) {
        const userId = event.currentTarget.dataset.id;
        if (userId !== this.selectedAeId) {
            this.aeAccounts = undefined;
            this.aeError = undefined;
            this.selectedAeId = userId;
        }
    }

    handleCloseDetail() {
        this.selectedAeId = undefined;
        this.aeAccounts = undefined;
        this.aeError = undefined;
    }

    // ---------- account search ----------

    get hasSearchResults() {
        return (this.searchResults || []).length > 0;
    }

    get showNoSearchResults() {
        return Array.isArray(this.searchResults) && this.searchResults.length === 0;
    }

    get searchRows() {
        return (this.searchResults || []).map((a) => ({ ...a, key: a.id, reassignTitle: formatLabel(REASSIGN_TITLE, a.name) }));
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

    // ---------- reassign ----------

    get ownerOptions() {
        return (this.summary?.aes || []).map((ae) => ({ label: ae.name, value: ae.userId }));
    }

    get reassignHeading() {
        return formatLabel(REASSIGN_TITLE, this.reassignTarget?.name || '');
    }

    get isSaveDisabled() {
        return this.isSaving || !this.newOwnerId || this.newOwnerId === this.reassignTarget?.ownerId;
    }

    handleReassignStart(event) {
        const { id, name, owner } = event.currentTarget.dataset;
        this.reassignTarget = { id, name, ownerId: owner };
        this.newOwnerId = undefined;
        this.reassignReason = '';
        this.reassignError = undefined;
    }

    handleOwnerChange(event) {
        this.newOwnerId = event.detail.value;
    }

    handleReasonChange(event) {
        this.reassignReason = event.target.value || '';
    }

    handleReassignCancel() {
        this.reassignTarget = undefined;
    }

    async handleReassignSave() {
        const target = this.reassignTarget;
        const newOwnerId = this.newOwnerId;
        this.isSaving = true;
        try {
            await reassignAccount({ accountId: target.id, newOwnerId, reason: this.reassignReason });
            const ownerName = this.ownerOptions.find((o) => o.value === newOwnerId)?.label || newOwnerId;
            toastSuccess(this, REASSIGN_SUCCESS_TITLE, formatLabel(REASSIGN_SUCCESS, target.name, ownerName));
            if (this.searchResults) {
                this.searchResults = this.searchResults.map((a) => (a.id === target.id ? { ...a, ownerId: newOwnerId, ownerName } : a));
            }
            this.reassignTarget = undefined;
            await Promise.all([refreshApex(this.wiredSummaryResult), this.wiredAeResult ? refreshApex(this.wiredAeResult) : null]);
        } catch (error) {
            toastError(this, REASSIGN_FAILED, error);
            this.reassignError = reduceErrors(error).join(' ');
        } finally {
            this.isSaving = false;
        }
    }
}

/** "EMEA 8 · APAC 4" (at most four values, then "+n"). */
function mixText(mix) {
    const items = mix || [];
    const shown = items.slice(0, 4).map((m) => `${m.label} ${m.count}`);
    if (items.length > 4) {
        shown.push(`+${items.length - 4}`);
    }
    return shown.join(' · ');
}
