import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { updateRecord } from 'lightning/uiRecordApi';
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
import LightningConfirm from 'lightning/confirm';
import LOCALE from '@salesforce/i18n/locale';
import getPlan from '@salesforce/apex/AbmAccountPlanController.getPlan';
import createPlan from '@salesforce/apex/AbmAccountPlanController.createPlan';
import PLAN_ID from '@salesforce/schema/ABM_AccountPlan__c.Id';
import STATUS_FIELD from '@salesforce/schema/ABM_AccountPlan__c.Status__c';
import LAST_REVIEWED_FIELD from '@salesforce/schema/ABM_AccountPlan__c.LastReviewedDate__c';
import NEXT_REVIEW_FIELD from '@salesforce/schema/ABM_AccountPlan__c.NextReviewDate__c';
import { reduceErrors, toastError, toastSuccess } from 'c/abmErrorUtils';
import { addDays, formatDate, formatMessage, reviewState } from 'c/abmFormatUtils';
import { planCompleteness, sectionState } from 'c/abmPlanUtils';
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
import COMPLETENESS_BAR from '@salesforce/label/c.ABM_CompletenessBar';
import CRITERION_SECTIONS from '@salesforce/label/c.ABM_CriterionSections';
import CRITERION_OBJECTIVES from '@salesforce/label/c.ABM_CriterionObjectives';
import CRITERION_ACTIONS from '@salesforce/label/c.ABM_CriterionActions';
import CRITERION_COMMITTEE from '@salesforce/label/c.ABM_CriterionCommittee';
import CRITERION_REVIEW from '@salesforce/label/c.ABM_CriterionReview';
import CRITERION_MET from '@salesforce/label/c.ABM_CriterionMet';
import CRITERION_OPEN from '@salesforce/label/c.ABM_CriterionOpen';
import EDIT_SECTION from '@salesforce/label/c.ABM_EditSection';
import SECTION_EMPTY from '@salesforce/label/c.ABM_SectionEmpty';
import SECTION_WRITTEN from '@salesforce/label/c.ABM_SectionWritten';
import SECTION_SHORT from '@salesforce/label/c.ABM_SectionShort';
import SECTION_PLACEHOLDER from '@salesforce/label/c.ABM_SectionPlaceholder';
import SECTION_NOT_WRITTEN from '@salesforce/label/c.ABM_SectionNotWritten';
import DISCARD_SECTION from '@salesforce/label/c.ABM_DiscardSectionConfirm';
import UNSAVED_TITLE from '@salesforce/label/c.ABM_UnsavedChanges';
import SAVE from '@salesforce/label/c.ABM_Save';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import SAVED from '@salesforce/label/c.ABM_Saved';
import SAVE_FAILED from '@salesforce/label/c.ABM_SaveFailed';
import STATUS_REVERTED from '@salesforce/label/c.ABM_StatusReverted';
import SECTIONS from '@salesforce/label/c.ABM_PlanSections';

const CRITERIA = {
    sections: CRITERION_SECTIONS,
    objectives: CRITERION_OBJECTIVES,
    actions: CRITERION_ACTIONS,
    committee: CRITERION_COMMITTEE,
    review: CRITERION_REVIEW
};
const SECTION_STATES = {
    written: { label: SECTION_WRITTEN, icon: 'utility:check' },
    short: { label: SECTION_SHORT, icon: 'utility:warning' },
    placeholder: { label: SECTION_PLACEHOLDER, icon: 'utility:warning' },
    empty: { label: SECTION_NOT_WRITTEN, icon: 'utility:dash' }
};

/**
 * The account plan on its own tab of the Account record page: status, quarterly review, a completeness checklist from
 * the plan's content (sections that say something, measurable objectives, a live mutual action plan, a full buying
 * committee, a review this quarter), the template's sections edited in place, the objectives and the mutual action plan
 * as child records, and the buying committee with an "add contact" action on each gap.
 *
 * Never loses text: a failed save keeps the editor open with the draft; opening another section with unsaved changes
 * asks first; a rejected status change puts the saved status back. Edit is offered only to users who can edit this
 * plan (record access computed on the server with UserRecordAccess).
 */
export default class AbmAccountPlan extends LightningElement {
    /** The account (set by the record page). */
    @api recordId;
    /** SMALL, MEDIUM or LARGE: the width of the page region (set by Lightning pages). */
    @api flexipageRegionWidth;
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
        sectionEmpty: SECTION_EMPTY,
        save: SAVE,
        cancel: CANCEL,
        sections: SECTIONS
    };

    view;
    error;
    hasResponse = false;
    wiredResult;
    /** The status shown in the combobox: the saved one, or the one being saved. */
    statusValue;
    editingField;
    draft = '';
    sectionError = '';
    isSaving = false;
    isCreating = false;
    focusTarget;

    @wire(getPlan, { accountId: '$recordId' })
    wiredPlan(result) {
        this.wiredResult = result;
        const { data, error } = result;
        if (data || error) {
            this.view = data;
            this.error = error;
            this.hasResponse = true;
            this.statusValue = data?.status;
        }
    }

    // ---------- states ----------

    get isLoading() {
        return !this.hasResponse;
    }

    get hasPlan() {
        return Boolean(this.view?.planId);
    }

    get isEmpty() {
        return Boolean(this.view) && !this.hasPlan;
    }

    get access() {
        return this.view?.access || {};
    }

    get canCreate() {
        return this.access.canCreate === true;
    }

    get emptyMessage() {
        return this.canCreate ? NO_PLAN : NO_PLAN_READ_ONLY;
    }

    get canEdit() {
        return this.access.canEdit === true;
    }

    get isNarrow() {
        return this.flexipageRegionWidth === 'SMALL';
    }

    get headerCellClass() {
        return this.isNarrow ? 'slds-col slds-size_1-of-1' : 'slds-col slds-size_1-of-2 slds-large-size_1-of-4';
    }

    // ---------- header ----------

    get statusOptions() {
        return this.view?.statusOptions?.plan || [];
    }

    get statusLabel() {
        return this.statusOptions.find((o) => o.value === this.view?.status)?.label || this.view?.status || NOT_SET;
    }

    get lastReviewedText() {
        return this.view?.lastReviewedDate ? formatDate(this.view.lastReviewedDate, LOCALE) : NOT_SET;
    }

    get nextReviewText() {
        return this.view?.nextReviewDate ? formatDate(this.view.nextReviewDate, LOCALE) : NOT_SET;
    }

    get review() {
        return reviewState(this.view, this.view?.today, this.view?.reviewIntervalDays);
    }

    get reviewText() {
        const r = this.review;
        if (r.state === 'never') {
            return NEVER_REVIEWED;
        }
        const due = formatDate(r.dueDate, LOCALE);
        return r.state === 'overdue'
            ? formatMessage(REVIEW_OVERDUE, [due, r.days], LOCALE)
            : formatMessage(REVIEW_DUE_IN, [r.days, due], LOCALE);
    }

    get isReviewWarning() {
        return this.review.state !== 'due';
    }

    get reviewIcon() {
        return this.isReviewWarning ? 'utility:warning' : 'utility:event';
    }

    get reviewClass() {
        return this.isReviewWarning ? 'abm-review abm-review_warning' : 'abm-review';
    }

    async handleStatusChange(event) {
        const saved = this.view.status;
        const next = event.detail.value;
        this.statusValue = next;
        const ok = await this.save({ [STATUS_FIELD.fieldApiName]: next });
        if (!ok) {
            // Rejected (validation rule, access): show the saved status again, not the one that failed.
            this.statusValue = saved;
            const combobox = this.template.querySelector('[data-id="status"]');
            if (combobox) {
                combobox.value = saved;
            }
        }
    }

    async handleMarkReviewed() {
        const today = this.view.today;
        await this.save({
            [LAST_REVIEWED_FIELD.fieldApiName]: today,
            [NEXT_REVIEW_FIELD.fieldApiName]: addDays(today, this.view.reviewIntervalDays || 90)
        });
    }

    // ---------- completeness ----------

    get completeness() {
        return planCompleteness(this.view, this.review, this.view?.today);
    }

    get overallPercent() {
        return this.completeness.percent;
    }

    get overallText() {
        return formatMessage(COMPLETENESS_VALUE, [this.overallPercent], LOCALE);
    }

    get completenessAriaLabel() {
        return formatMessage(COMPLETENESS_BAR, [this.overallPercent], LOCALE);
    }

    get criteria() {
        return this.completeness.criteria.map((c) => ({
            ...c,
            text: formatMessage(CRITERIA[c.key], [c.count, c.total], LOCALE),
            icon: c.met ? 'utility:check' : 'utility:routing_offline',
            stateText: c.met ? CRITERION_MET : CRITERION_OPEN,
            metText: String(c.met),
            itemClass: c.met ? 'abm-criterion abm-criterion_met' : 'abm-criterion'
        }));
    }

    // ---------- sections ----------

    get sections() {
        return (this.view?.sections || []).map((s) => {
            const state = sectionState(s.value);
            return {
                ...s,
                key: s.field,
                state,
                stateText: SECTION_STATES[state].label,
                stateIcon: SECTION_STATES[state].icon,
                stateClass: `abm-section-state abm-section-state_${state}`,
                hasValue: Boolean(s.value && s.value.trim()),
                isEditing: s.field === this.editingField,
                canEditSection: s.isEditable === true && this.canEdit,
                editTitle: formatMessage(EDIT_SECTION, [s.label], LOCALE)
            };
        });
    }

    get hasSectionError() {
        return Boolean(this.sectionError);
    }

    /** Unsaved text in the open section editor. */
    get isDirty() {
        if (!this.editingField) {
            return false;
        }
        const saved = (this.view?.sections || []).find((s) => s.field === this.editingField)?.value || '';
        return this.draft !== saved;
    }

    sectionLabel(field) {
        return (this.view?.sections || []).find((s) => s.field === field)?.label || field;
    }

    async handleEdit(event) {
        const field = event.currentTarget.dataset.field;
        if (field === this.editingField) {
            this.focusTarget = 'editor';
            this.applyFocus();
            return;
        }
        if (this.isDirty) {
            const discard = await LightningConfirm.open({
                message: formatMessage(DISCARD_SECTION, [this.sectionLabel(this.editingField)], LOCALE),
                label: UNSAVED_TITLE,
                theme: 'warning'
            });
            if (!discard) {
                // Nothing re-renders on "no": put the user back into the draft they kept, after the dialog has given
                // focus back to the pencil that opened it.
                this.focusTarget = 'editor';
                // eslint-disable-next-line @lwc/lwc/no-async-operation
                requestAnimationFrame(() => this.applyFocus());
                return;
            }
        }
        this.editingField = field;
        this.sectionError = '';
        this.draft = (this.view.sections.find((s) => s.field === field) || {}).value || '';
        this.focusTarget = 'editor';
    }

    handleDraftChange(event) {
        this.draft = event.target.value;
    }

    handleCancel() {
        const field = this.editingField;
        this.editingField = undefined;
        this.draft = '';
        this.sectionError = '';
        this.focusTarget = `edit:${field}`;
    }

    async handleSave() {
        const field = this.editingField;
        this.sectionError = '';
        const ok = await this.save({ [field]: this.draft }, (error) => {
            this.sectionError = reduceErrors(error).join(' ');
        });
        if (ok) {
            // Close only after the save went through; a failed save keeps the editor and the draft.
            this.editingField = undefined;
            this.draft = '';
            this.focusTarget = `edit:${field}`;
        } else {
            // The error has already re-rendered the editor: nothing renders again, so move the focus back into the
            // draft from here (the user clicked Save, which kept the focus).
            this.focusTarget = 'editor';
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            requestAnimationFrame(() => this.applyFocus());
        }
    }

    /**
     * Saves plan fields through LDS, then reloads the view.
     * @returns {Promise<boolean>} whether the save went through
     */
    async save(fields, onError) {
        this.isSaving = true;
        try {
            await updateRecord({ fields: { [PLAN_ID.fieldApiName]: this.view.planId, ...fields } });
            toastSuccess(this, SAVED, this.view.accountName);
            await refreshApex(this.wiredResult);
            return true;
        } catch (error) {
            if (onError) {
                onError(error);
            }
            toastError(this, fields[STATUS_FIELD.fieldApiName] ? STATUS_REVERTED : SAVE_FAILED, error);
            return false;
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

    handleChildChange() {
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
     * RefreshView API: the record page refreshes after a contact saved from "Add <role>" (the standard form), a buying
     * role changed on the Related tab, or the user's refresh. The plan comes from cacheable Apex, which LDS does not
     * refresh by itself; an open editor keeps its draft (only the view underneath is re-read).
     */
    refreshHandler() {
        return (this.wiredResult ? refreshApex(this.wiredResult) : Promise.resolve()).then(() => true);
    }

    renderedCallback() {
        this.applyFocus();
    }

    /** Moves focus to what focusTarget names (once). */
    applyFocus() {
        if (!this.focusTarget) {
            return;
        }
        const target =
            this.focusTarget === 'editor'
                ? this.template.querySelector('[data-id="section-draft"]')
                : this.template.querySelector(`[data-action="edit-section"][data-field="${this.focusTarget.slice(5)}"]`);
        if (target) {
            target.focus();
        }
        this.focusTarget = undefined;
    }

    // ---------- children ----------

    get showCommittee() {
        return !this.hideCommittee && Boolean(this.view?.committee);
    }
}
