import { LightningElement, api } from 'lwc';
import { updateRecord } from 'lightning/uiRecordApi';
import LOCALE from '@salesforce/i18n/locale';
import ACCOUNT_ID from '@salesforce/schema/Account.Id';
import NEXT_STEP from '@salesforce/schema/Account.ABM_NextStep__c';
import { reduceErrors, toastError } from 'c/abmErrorUtils';
import { daysBetween, formatMessage } from 'c/abmFormatUtils';
import NEXT_STEP_LABEL from '@salesforce/label/c.ABM_NextStep';
import NO_NEXT_STEP from '@salesforce/label/c.ABM_NoNextStep';
import NEXT_STEP_AGE from '@salesforce/label/c.ABM_NextStepAge';
import EDIT_NEXT_STEP from '@salesforce/label/c.ABM_EditNextStep';
import SAVE from '@salesforce/label/c.ABM_Save';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import SAVE_FAILED from '@salesforce/label/c.ABM_SaveFailed';

/** Longest next step the field holds (ABM_NextStep__c is Text(255)). */
export const NEXT_STEP_MAX_LENGTH = 255;

/**
 * The account's next step with its age, edited in place: the pencil opens a text field, Enter or Save writes it through
 * Lightning Data Service (so every component showing the account updates), Escape or Cancel closes it. A failed save
 * keeps the editor open with what was typed and says why; nothing typed is lost.
 * Fires `nextstepchange` ({ recordId, value }) after a successful save.
 */
export default class AbmHealthScorecardNextStep extends LightningElement {
    @api recordId;
    @api accountName;
    /** The saved next step. */
    @api value;
    /** When it was last set (ISO date). */
    @api updatedDate;
    /** Today (ISO, from the server). */
    @api today;
    /** The user may edit the field (field-level security); a record the user cannot edit is reported by the save. */
    @api canEdit = false;
    /** Hide the visible "Next step" heading (the list has it as a column header). */
    @api hideLabel = false;

    isEditing = false;
    isSaving = false;
    draft = '';
    errorText = '';
    focusTarget;

    labels = { nextStep: NEXT_STEP_LABEL, noNextStep: NO_NEXT_STEP, save: SAVE, cancel: CANCEL };

    get hasValue() {
        return Boolean(this.value && String(this.value).trim());
    }

    get ageText() {
        const days = daysBetween(this.updatedDate, this.today);
        return this.hasValue && days !== null ? formatMessage(NEXT_STEP_AGE, [Math.max(0, days)], LOCALE) : '';
    }

    get editTitle() {
        return this.accountName
            ? formatMessage(EDIT_NEXT_STEP, [this.accountName], LOCALE)
            : formatMessage(EDIT_NEXT_STEP, [''], LOCALE).trim();
    }

    get maxLength() {
        return NEXT_STEP_MAX_LENGTH;
    }

    get inputLabelVariant() {
        return this.hideLabel ? 'label-hidden' : 'standard';
    }

    get hasError() {
        return Boolean(this.errorText);
    }

    /** True while a draft differs from the saved value (the parent can ask before it navigates away). */
    @api
    get isDirty() {
        return this.isEditing && (this.draft || '') !== (this.value || '');
    }

    handleEdit() {
        this.draft = this.value || '';
        this.errorText = '';
        this.isEditing = true;
        this.focusTarget = 'input';
    }

    handleChange(event) {
        this.draft = event.target.value;
    }

    handleKeyDown(event) {
        if (event.key === 'Enter') {
            event.preventDefault();
            this.handleSave();
        } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            this.handleCancel();
        }
    }

    handleCancel() {
        this.isEditing = false;
        this.errorText = '';
        this.draft = '';
        this.focusTarget = 'edit';
    }

    async handleSave() {
        if (this.isSaving) {
            return;
        }
        const value = (this.draft || '').trim();
        this.isSaving = true;
        this.errorText = '';
        try {
            await updateRecord({ fields: { [ACCOUNT_ID.fieldApiName]: this.recordId, [NEXT_STEP.fieldApiName]: value } });
            this.isEditing = false;
            this.draft = '';
            this.focusTarget = 'edit';
            this.dispatchEvent(new CustomEvent('nextstepchange', { detail: { recordId: this.recordId, value } }));
        } catch (error) {
            // Keep the editor open with the draft: the user fixes it or copies it, nothing is lost.
            this.errorText = reduceErrors(error).join(' ');
            toastError(this, SAVE_FAILED, error);
            this.focusTarget = 'input';
        } finally {
            this.isSaving = false;
        }
    }

    renderedCallback() {
        if (!this.focusTarget) {
            return;
        }
        const selector = this.focusTarget === 'input' ? '[data-id="next-step-input"]' : '[data-id="edit-next-step"]';
        const target = this.template.querySelector(selector);
        if (target) {
            target.focus();
            this.focusTarget = undefined;
        }
    }
}
