import { api } from 'lwc';
import LightningModal from 'lightning/modal';
import LOCALE from '@salesforce/i18n/locale';
import reassignAccount from '@salesforce/apex/AbmTerritoryMapController.reassignAccount';
import { reduceErrors } from 'c/abmErrorUtils';
import { formatDate, formatMessage } from 'c/abmFormatUtils';
import { rankOwners, suggestOwner } from 'c/abmTerritoryUtils';
import TIER from '@salesforce/label/c.ABM_Tier';
import REGION from '@salesforce/label/c.ABM_FilterRegion';
import INDUSTRY from '@salesforce/label/c.ABM_FilterIndustry';
import AE from '@salesforce/label/c.ABM_Ae';
import LOCKED from '@salesforce/label/c.ABM_Locked';
import REASON from '@salesforce/label/c.ABM_Reason';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import REASSIGN from '@salesforce/label/c.ABM_Reassign';
import REASSIGN_FAILED from '@salesforce/label/c.ABM_ReassignFailed';
import NEW_OWNER from '@salesforce/label/c.ABM_NewOwner';
import COUNT_OF_BAND from '@salesforce/label/c.ABM_CountOfBand';
import CAPACITY_UNDER from '@salesforce/label/c.ABM_CapacityUnder';
import CAPACITY_WITHIN from '@salesforce/label/c.ABM_CapacityWithin';
import CAPACITY_OVER from '@salesforce/label/c.ABM_CapacityOver';
import ACCEPTING_YES from '@salesforce/label/c.ABM_TerritoryAcceptingYes';
import NOT_ACCEPTING from '@salesforce/label/c.ABM_TerritoryNotAccepting';
import AWAY_UNTIL from '@salesforce/label/c.ABM_TerritoryAwayUntil';
import NO_VALUE from '@salesforce/label/c.ABM_TerritoryNoValue';
import CURRENT_OWNER from '@salesforce/label/c.ABM_TerritoryCurrentOwner';
import BOOK from '@salesforce/label/c.ABM_TerritoryBook';
import ACCEPTING from '@salesforce/label/c.ABM_TerritoryAccepting';
import REGION_FIT from '@salesforce/label/c.ABM_TerritoryRegionFit';
import INDUSTRY_FIT from '@salesforce/label/c.ABM_TerritoryIndustryFit';
import COVERS from '@salesforce/label/c.ABM_TerritoryCovers';
import KNOWS from '@salesforce/label/c.ABM_TerritoryKnows';
import NO from '@salesforce/label/c.ABM_TerritoryNo';
import ROOM_FOR from '@salesforce/label/c.ABM_TerritoryRoomFor';
import NO_ROOM from '@salesforce/label/c.ABM_TerritoryNoRoom';
import SUGGESTED from '@salesforce/label/c.ABM_TerritorySuggested';
import NO_SUGGESTION from '@salesforce/label/c.ABM_TerritoryNoSuggestion';
import SEARCH_AES from '@salesforce/label/c.ABM_TerritorySearchAes';
import OWNERS_SHOWN from '@salesforce/label/c.ABM_TerritoryOwnersShown';
import SELECTED from '@salesforce/label/c.ABM_TerritorySelectedOwner';
import SUGGESTED_BADGE from '@salesforce/label/c.ABM_TerritorySuggestedBadge';

/** Candidates listed at once (best fit first); the search finds the others. */
const LIST_LIMIT = 20;
const STATUS_LABEL = { UNDER: CAPACITY_UNDER, WITHIN: CAPACITY_WITHIN, OVER: CAPACITY_OVER };

/**
 * Reassign one account (LightningModal: focus stays inside until it closes, Escape closes it). Lists the AEs best fit
 * first: accepting accounts and not away, room in the band for the account's tier, covering its region, knowing its
 * industry; preselects the suggested owner and says why. Saves through AbmTerritoryMapController.reassignAccount and
 * closes with { accountId, previousOwnerId, newOwnerId, ownerName }; a rejected save stays open with the message.
 * Opened by abmTerritoryMap with AbmTerritoryReassignModal.open({ account, aes, regionLabels, industryLabels, today }).
 */
export default class AbmTerritoryReassignModal extends LightningModal {
    /** The account: { id, name, tier, region, industry, ownerId, ownerName, isLocked }. */
    @api account;
    /** AE rows of the territory map summary. */
    @api aes = [];
    /** Picklist labels by API value. */
    @api regionLabels = {};
    @api industryLabels = {};
    /** Today (YYYY-MM-DD) in the user's time zone, for "away until". */
    @api today;

    labels = {
        tier: TIER,
        region: REGION,
        industry: INDUSTRY,
        ae: AE,
        locked: LOCKED,
        reason: REASON,
        cancel: CANCEL,
        reassign: REASSIGN,
        failed: REASSIGN_FAILED,
        newOwner: NEW_OWNER,
        currentOwner: CURRENT_OWNER,
        book: BOOK,
        accepting: ACCEPTING,
        regionFit: REGION_FIT,
        industryFit: INDUSTRY_FIT,
        searchAes: SEARCH_AES,
        suggestedBadge: SUGGESTED_BADGE
    };

    ranked = [];
    suggestion;
    searchTerm = '';
    selectedId;
    reason = '';
    isSaving = false;
    errorMessage;

    connectedCallback() {
        this.ranked = rankOwners(this.account || {}, this.aes || [], this.today);
        this.suggestion = suggestOwner(this.ranked);
        this.selectedId = this.suggestion?.ae.userId;
    }

    labelOf(field, value) {
        if (!value) {
            return NO_VALUE;
        }
        const labels = (field === 'region' ? this.regionLabels : this.industryLabels) || {};
        return labels[value] || value;
    }

    get regionLabel() {
        return this.labelOf('region', this.account?.region);
    }

    get industryLabel() {
        return this.labelOf('industry', this.account?.industry);
    }

    get ownerName() {
        const owner = (this.aes || []).find((ae) => ae.userId === this.account?.ownerId);
        return owner?.name || this.account?.ownerName || NO_VALUE;
    }

    get suggestionText() {
        const s = this.suggestion;
        if (!s) {
            return NO_SUGGESTION;
        }
        return formatMessage(SUGGESTED, [s.ae.name, this.reasons(s).join(' · ')], LOCALE);
    }

    reasons(candidate) {
        const parts = [];
        if (candidate.regionMatch) {
            parts.push(formatMessage(COVERS, [this.regionLabel], LOCALE));
        }
        if (candidate.industryMatch) {
            parts.push(formatMessage(KNOWS, [this.industryLabel], LOCALE));
        }
        parts.push(this.bookText(candidate));
        parts.push(ACCEPTING_YES);
        return parts;
    }

    bookText(candidate) {
        const band = formatMessage(COUNT_OF_BAND, [candidate.count, bound(candidate.min), bound(candidate.max)], LOCALE);
        if (candidate.room === Infinity) {
            return band;
        }
        return `${band}, ${candidate.room >= 1 ? formatMessage(ROOM_FOR, [candidate.room], LOCALE) : NO_ROOM}`;
    }

    get matching() {
        const term = this.searchTerm.trim().toLowerCase();
        return term
            ? this.ranked.filter((c) =>
                  String(c.ae.name || '')
                      .toLowerCase()
                      .includes(term)
              )
            : this.ranked;
    }

    get candidateRows() {
        return this.matching.slice(0, LIST_LIMIT).map((c) => ({
            key: c.ae.userId,
            userId: c.ae.userId,
            name: c.ae.name,
            checked: c.ae.userId === this.selectedId,
            isSuggested: c === this.suggestion,
            bookText: this.bookText(c),
            statusText: STATUS_LABEL[c.status] || '',
            regionText: c.regionMatch ? formatMessage(COVERS, [this.regionLabel], LOCALE) : NO,
            industryText: c.industryMatch ? formatMessage(KNOWS, [this.industryLabel], LOCALE) : NO,
            acceptingText: c.isAway
                ? formatMessage(AWAY_UNTIL, [formatDate(c.ae.unavailableUntil, LOCALE)], LOCALE)
                : c.ae.isAcceptingAccounts
                  ? ACCEPTING_YES
                  : NOT_ACCEPTING,
            rowClass: c.eligible ? 'abm-candidate' : 'abm-candidate abm-candidate_ineligible'
        }));
    }

    get shownText() {
        return formatMessage(OWNERS_SHOWN, [Math.min(LIST_LIMIT, this.matching.length), this.matching.length], LOCALE);
    }

    get selectedText() {
        const selected = this.ranked.find((c) => c.ae.userId === this.selectedId);
        return selected ? formatMessage(SELECTED, [selected.ae.name], LOCALE) : '';
    }

    get isSaveDisabled() {
        return this.isSaving || !this.selectedId || this.selectedId === this.account?.ownerId;
    }

    handleSearch(event) {
        this.searchTerm = event.target.value || '';
    }

    handleSelect(event) {
        this.selectedId = event.target.value;
    }

    handleReason(event) {
        this.reason = event.target.value || '';
    }

    handleCancel() {
        this.close();
    }

    async handleSave() {
        const newOwnerId = this.selectedId;
        const owner = this.ranked.find((c) => c.ae.userId === newOwnerId);
        this.isSaving = true;
        this.disableClose = true;
        this.errorMessage = undefined;
        let result;
        try {
            result = await reassignAccount({ accountId: this.account.id, newOwnerId, reason: this.reason });
        } catch (error) {
            this.errorMessage = `${REASSIGN_FAILED}: ${reduceErrors(error).join(' ')}`;
        } finally {
            this.isSaving = false;
            this.disableClose = false;
        }
        if (result) {
            this.close({ ...result, ownerName: owner?.ae.name || newOwnerId });
        } else {
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            requestAnimationFrame(() => this.template.querySelector('[data-id="error"]')?.focus());
        }
    }
}

function bound(value) {
    return value === null || value === undefined || value === '' ? '–' : value;
}
