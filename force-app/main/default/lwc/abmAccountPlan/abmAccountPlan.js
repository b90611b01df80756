import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { updateRecord } from 'lightning/uiRecordApi';
import getPlan from '@salesforce/apex/AbmAccountPlanController.getPlan';
import createPlan from '@salesforce/apex/AbmAccountPlanController.createPlan';
import PLAN_ID from '@salesforce/schema/ABM_AccountPlan__c.Id';
import STATUS_FIELD from '@salesforce/schema/ABM_AccountPlan__c.Status__c';
import LAST_REVIEWED_FIELD from '@salesforce/schema/ABM_AccountPlan__c.LastReviewedDate__c';
import NEXT_REVIEW_FIELD from '@salesforce/schema/ABM_AccountPlan__c.NextReviewDate__c';
import { toastError, toastSuccess } from 'c/abmErrorUtils';
import { addDays, averagePercent, formatLabel, reviewState, sectionCompleteness, SECTION_COMPLETE_CHARS } from 'c/abmFormatUtils';
import TITLE from '@salesforce/label/c.ABM_AccountPlanTitle';
import LOADING from '@salesforce/label/c.ABM_LoadingPlan';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import NO_PLAN from '@salesforce/label/c.ABM_NoPlan';
import NO_PLAN_READ_ONLY from '@salesforce/label/c.ABM_NoPlanReadOnly';
import CREATE_PLAN from '@salesforce/label/c.ABM_CreatePlan';
import PLAN_CREATED from '@salesforce/label/c.ABM_PlanCreated';
import STATUS from '@salesforce/label/c.ABM_Status';
import LAST_REVIEWED from '@salesforce/label/c.ABM_LastReviewed';
import NEXT_REVIEW from '@salesforce/label/c.ABM_NextReview';
import NOT_SET from '@salesforce/label/c.ABM_NotSet';
import REVIEW_OVERDUE from '@salesforce/label/c.ABM_ReviewOverdue';
import REVIEW_DUE_IN from '@salesforce/label/c.ABM_ReviewDueIn';
import NEVER_REVIEWED from '@salesforce/label/c.ABM_NeverReviewed';
import MARK_REVIEWED from '@salesforce/label/c.ABM_MarkReviewed';
import COMPLETENESS from '@salesforce/label/c.ABM_Completeness';
import COMPLETENESS_VALUE from '@salesforce/label/c.ABM_CompletenessValue';
import EDIT from '@salesforce/label/c.ABM_Edit';
import EDIT_SECTION from '@salesforce/label/c.ABM_EditSection';
import SECTION_EMPTY from '@salesforce/label/c.ABM_SectionEmpty';
import SAVE from '@salesforce/label/c.ABM_Save';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import SAVED from '@salesforce/label/c.ABM_Saved';
import SAVE_FAILED from '@salesforce/label/c.ABM_SaveFailed';
import COMMITTEE from '@salesforce/label/c.ABM_BuyingCommittee';
import ENGAGED from '@salesforce/label/c.ABM_Engaged';
import NOT_ENGAGED from '@salesforce/label/c.ABM_NotEngaged';
import LEFT_COMPANY from '@salesforce/label/c.ABM_LeftCompany';
import GAP_MISSING_ROLE from '@salesforce/label/c.ABM_GapMissingRole';
import GAP_FEW_ENGAGED from '@salesforce/label/c.ABM_GapFewEngaged';
import GAP_CHAMPION_LEFT from '@salesforce/label/c.ABM_GapChampionLeft';
import NO_COMMITTEE from '@salesforce/label/c.ABM_NoCommittee';
import COMMITTEE_GAPS from '@salesforce/label/c.ABM_CommitteeGaps';
import NO_COMMITTEE_GAPS from '@salesforce/label/c.ABM_NoCommitteeGaps';
import ENGAGED_OF_MINIMUM from '@salesforce/label/c.ABM_EngagedOfMinimum';
import STATUS_DRAFT from '@salesforce/label/c.ABM_PlanStatusDraft';
import STATUS_ACTIVE from '@salesforce/label/c.ABM_PlanStatusActive';
import STATUS_UNDER_REVIEW from '@salesforce/label/c.ABM_PlanStatusUnderReview';
import STATUS_ARCHIVED from '@salesforce/label/c.ABM_PlanStatusArchived';
import CONTACT from '@salesforce/label/c.ABM_Contact';
import ROLE from '@salesforce/label/c.ABM_Role';
import ENGAGEMENT from '@salesforce/label/c.ABM_Engagement';

const GAP_TEXT = { MISSING_ROLE: GAP_MISSING_ROLE, FEW_ENGAGED: GAP_FEW_ENGAGED, CHAMPION_LEFT: GAP_CHAMPION_LEFT };

/**
 * The account plan on an Account record page: the template's sections with a completeness meter each, inline editing
 * (saved through Lightning Data Service), status, last and next review with a quarterly overdue warning, and the buying
 * committee from the account's contacts with its gaps. Creates the plan when the account has none. One cacheable Apex
 * call loads the view.
 */
export default class AbmAccountPlan extends LightningElement {
    /** The account (set by the record page). */
    @api recordId;
    /** Characters of text that make a section 100% complete. */
    @api completeCharacters = SECTION_COMPLETE_CHARS;
    /** Hide the buying committee (e.g. when another component shows it). */
    @api hideCommittee = false;

    labels = {
        title: TITLE,
        loading: LOADING,
        loadError: LOAD_ERROR,
        createPlan: CREATE_PLAN,
        status: STATUS,
        lastReviewed: LAST_REVIEWED,
        nextReview: NEXT_REVIEW,
        notSet: NOT_SET,
        markReviewed: MARK_REVIEWED,
        completeness: COMPLETENESS,
        edit: EDIT,
        sectionEmpty: SECTION_EMPTY,
        save: SAVE,
        cancel: CANCEL,
        committee: COMMITTEE,
        noCommittee: NO_COMMITTEE,
        committeeGaps: COMMITTEE_GAPS,
        noCommitteeGaps: NO_COMMITTEE_GAPS,
        contact: CONTACT,
        role: ROLE,
        engagement: ENGAGEMENT
    };

    view;
    error;
    hasResponse = false;
    wiredResult;
    editingField;
    draft = '';
    isSaving = false;
    isCreating = false;

    @wire(getPlan, { accountId: '$recordId' })
    wiredPlan(result) {
        this.wiredResult = result;
        const { data, error } = result;
        if (data || error) {
            this.view = data;
            this.error = error;
            this.hasResponse = true;
        }
    }

    get isLoading() {
        return !this.hasResponse;
    }

    get hasPlan() {
        return Boolean(this.view?.planId);
    }

    get isEmpty() {
        return Boolean(this.view) && !this.hasPlan;
    }

    get emptyMessage() {
        return this.view?.canCreate ? NO_PLAN : NO_PLAN_READ_ONLY;
    }

    get canEdit() {
        return this.view?.canEdit === true;
    }

    get isReadOnly() {
        return !this.canEdit;
    }

    get target() {
        const n = Number(this.completeCharacters);
        return n > 0 ? n : SECTION_COMPLETE_CHARS;
    }

    // ---------- header ----------

    get statusOptions() {
        return [
            { label: STATUS_DRAFT, value: 'Draft' },
            { label: STATUS_ACTIVE, value: 'Active' },
            { label: STATUS_UNDER_REVIEW, value: 'Under Review' },
            { label: STATUS_ARCHIVED, value: 'Archived' }
        ];
    }

    get statusLabel() {
        return this.statusOptions.find((o) => o.value === this.view?.status)?.label || this.view?.status || NOT_SET;
    }

    get review() {
        return reviewState(this.view, this.view?.today, this.view?.reviewIntervalDays);
    }

    get reviewText() {
        const r = this.review;
        if (r.state === 'never') {
            return NEVER_REVIEWED;
        }
        return r.state === 'overdue' ? formatLabel(REVIEW_OVERDUE, r.dueDate, r.days) : formatLabel(REVIEW_DUE_IN, r.days, r.dueDate);
    }

    get isReviewWarning() {
        return this.review.state !== 'due';
    }

    get reviewIcon() {
        return this.isReviewWarning ? 'utility:warning' : 'utility:event';
    }

    get reviewClass() {
        return this.isReviewWarning ? 'slds-text-color_error abm-review abm-review_warning' : 'abm-review';
    }

    // ---------- sections ----------

    get sections() {
        return (this.view?.sections || []).map((s) => {
            const percent = sectionCompleteness(s.value, this.target);
            return {
                ...s,
                key: s.field,
                percent,
                percentText: formatLabel(COMPLETENESS_VALUE, percent),
                hasValue: Boolean(s.value && s.value.trim()),
                isEditing: s.field === this.editingField,
                canEditSection: s.isEditable === true && this.canEdit,
                editTitle: formatLabel(EDIT_SECTION, s.label)
            };
        });
    }

    get overallPercent() {
        return averagePercent(this.sections.map((s) => s.percent));
    }

    get overallText() {
        return formatLabel(COMPLETENESS_VALUE, this.overallPercent);
    }

    handleEdit(event) {
        const field = event.currentTarget.dataset.field;
        this.editingField = field;
        this.draft = (this.view.sections.find((s) => s.field === field) || {}).value || '';
    }

    handleDraftChange(event) {
        this.draft = event.target.value;
    }

    handleCancel() {
        this.editingField = undefined;
        this.draft = '';
    }

    async handleSave() {
        await this.save({ [this.editingField]: this.draft });
        this.editingField = undefined;
    }

    async handleStatusChange(event) {
        await this.save({ [STATUS_FIELD.fieldApiName]: event.detail.value });
    }

    async handleMarkReviewed() {
        const today = this.view.today;
        await this.save({
            [LAST_REVIEWED_FIELD.fieldApiName]: today,
            [NEXT_REVIEW_FIELD.fieldApiName]: addDays(today, this.view.reviewIntervalDays || 90)
        });
    }

    /** Saves plan fields through LDS, then reloads the view. */
    async save(fields) {
        this.isSaving = true;
        try {
            await updateRecord({ fields: { [PLAN_ID.fieldApiName]: this.view.planId, ...fields } });
            toastSuccess(this, SAVED, this.view.accountName);
            await refreshApex(this.wiredResult);
        } catch (error) {
            toastError(this, SAVE_FAILED, error);
        } finally {
            this.isSaving = false;
        }
    }

    async handleCreate() {
        this.isCreating = true;
        try {
            await createPlan({ accountId: this.recordId });
            toastSuccess(this, PLAN_CREATED, this.view?.accountName || '');
            await refreshApex(this.wiredResult);
        } catch (error) {
            toastError(this, SAVE_FAILED, error);
        } finally {
            this.isCreating = false;
        }
    }

    // ---------- buying committee ----------

    get showCommittee() {
        return !this.hideCommittee && Boolean(this.view?.committee);
    }

    get members() {
        return (this.view?.committee?.members || []).map((m) => ({
            ...m,
            key: m.id,
            engagementText: m.hasLeft ? LEFT_COMPANY : m.isEngaged ? ENGAGED : NOT_ENGAGED,
            engagementIcon: m.hasLeft ? 'utility:logout' : m.isEngaged ? 'utility:check' : 'utility:dash'
        }));
    }

    get hasMembers() {
        return this.members.length > 0;
    }

    get gaps() {
        return (this.view?.committee?.gaps || []).map((g) => ({
            key: `${g.code}-${g.role || ''}`,
            code: g.code,
            text: formatLabel(GAP_TEXT[g.code] || g.code, g.code === 'FEW_ENGAGED' ? g.count : g.role, g.minimum)
        }));
    }

    get hasGaps() {
        return this.gaps.length > 0;
    }

    get engagedText() {
        const c = this.view?.committee;
        return c ? formatLabel(ENGAGED_OF_MINIMUM, c.engagedCount, c.coverageMinimum) : '';
    }
}
