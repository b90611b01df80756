import { LightningElement, api, wire } from 'lwc';
import { createRecord, updateRecord, deleteRecord } from 'lightning/uiRecordApi';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LightningConfirm from 'lightning/confirm';
import LOCALE from '@salesforce/i18n/locale';
import OBJECTIVE_OBJECT from '@salesforce/schema/ABM_PlanObjective__c';
import OBJECTIVE_PLAN from '@salesforce/schema/ABM_PlanObjective__c.AccountPlan__c';
import OBJECTIVE_NAME from '@salesforce/schema/ABM_PlanObjective__c.Name';
import OBJECTIVE_METRIC from '@salesforce/schema/ABM_PlanObjective__c.Metric__c';
import OBJECTIVE_TARGET from '@salesforce/schema/ABM_PlanObjective__c.Target__c';
import OBJECTIVE_OWNER from '@salesforce/schema/ABM_PlanObjective__c.AccountableUser__c';
import OBJECTIVE_DUE from '@salesforce/schema/ABM_PlanObjective__c.DueDate__c';
import OBJECTIVE_STATUS from '@salesforce/schema/ABM_PlanObjective__c.Status__c';
import ACTION_OBJECT from '@salesforce/schema/ABM_PlanAction__c';
import ACTION_PLAN from '@salesforce/schema/ABM_PlanAction__c.AccountPlan__c';
import ACTION_NAME from '@salesforce/schema/ABM_PlanAction__c.Name';
import ACTION_OWNER from '@salesforce/schema/ABM_PlanAction__c.AccountableUser__c';
import ACTION_CONTACT from '@salesforce/schema/ABM_PlanAction__c.CustomerContact__c';
import ACTION_DUE from '@salesforce/schema/ABM_PlanAction__c.DueDate__c';
import ACTION_STATUS from '@salesforce/schema/ABM_PlanAction__c.Status__c';
import { reduceErrors, toastError, toastSuccess } from 'c/abmErrorUtils';
import { formatDate, formatMessage } from 'c/abmFormatUtils';
import OBJECTIVES_TITLE from '@salesforce/label/c.ABM_ObjectivesTitle';
import ACTIONS_TITLE from '@salesforce/label/c.ABM_ActionsTitle';
import NO_OBJECTIVES from '@salesforce/label/c.ABM_NoObjectives';
import NO_ACTIONS from '@salesforce/label/c.ABM_NoActions';
import NEW_OBJECTIVE from '@salesforce/label/c.ABM_NewObjective';
import NEW_ACTION from '@salesforce/label/c.ABM_NewAction';
import EDIT_ITEM from '@salesforce/label/c.ABM_EditItem';
import DELETE_ITEM from '@salesforce/label/c.ABM_DeleteItem';
import DELETE_CONFIRM from '@salesforce/label/c.ABM_DeleteConfirm';
import DELETE_TITLE from '@salesforce/label/c.ABM_DeleteTitle';
import DISCARD_CONFIRM from '@salesforce/label/c.ABM_DiscardItemConfirm';
import UNSAVED_TITLE from '@salesforce/label/c.ABM_UnsavedChanges';
import SAVE from '@salesforce/label/c.ABM_Save';
import CANCEL from '@salesforce/label/c.ABM_Cancel';
import SAVED from '@salesforce/label/c.ABM_Saved';
import SAVE_FAILED from '@salesforce/label/c.ABM_SaveFailed';
import DELETED from '@salesforce/label/c.ABM_Deleted';
import DELETE_FAILED from '@salesforce/label/c.ABM_DeleteFailed';
import OVERDUE from '@salesforce/label/c.ABM_Overdue';
import NOT_SET from '@salesforce/label/c.ABM_NotSet';
import METRIC_TARGET from '@salesforce/label/c.ABM_MetricTarget';
import NONE from '@salesforce/label/c.ABM_NoneOption';
import { isObjectiveOverdue, isOverdue } from 'c/abmPlanUtils';

/** The two child lists of a plan: what they are made of. */
const KINDS = {
    objective: {
        object: OBJECTIVE_OBJECT,
        plan: OBJECTIVE_PLAN,
        title: OBJECTIVES_TITLE,
        empty: NO_OBJECTIVES,
        newLabel: NEW_OBJECTIVE,
        fields: [
            { field: OBJECTIVE_NAME, key: 'name', type: 'text', required: true, maxLength: 80 },
            { field: OBJECTIVE_METRIC, key: 'metric', type: 'text', maxLength: 255 },
            { field: OBJECTIVE_TARGET, key: 'target', type: 'text', maxLength: 100 },
            { field: OBJECTIVE_OWNER, key: 'ownerId', type: 'team' },
            { field: OBJECTIVE_DUE, key: 'dueDate', type: 'date' },
            { field: OBJECTIVE_STATUS, key: 'status', type: 'status' }
        ]
    },
    action: {
        object: ACTION_OBJECT,
        plan: ACTION_PLAN,
        title: ACTIONS_TITLE,
        empty: NO_ACTIONS,
        newLabel: NEW_ACTION,
        fields: [
            { field: ACTION_NAME, key: 'name', type: 'text', required: true, maxLength: 80 },
            { field: ACTION_OWNER, key: 'ownerId', type: 'team' },
            { field: ACTION_CONTACT, key: 'contactId', type: 'contact' },
            { field: ACTION_DUE, key: 'dueDate', type: 'date' },
            { field: ACTION_STATUS, key: 'status', type: 'status' }
        ]
    }
};

/**
 * A plan's measurable objectives (kind "objective") or its mutual action plan (kind "action") as child records: a list
 * with owner, due date and status (overdue open items are marked), and an inline form to add or edit one, saved
 * through Lightning Data Service. A failed save keeps the form open with what was typed; opening another item with
 * unsaved changes asks first; a delete asks first. Fires `change` after every successful save or delete.
 */
export default class AbmAccountPlanItems extends LightningElement {
    /** objective or action. */
    @api kind = 'objective';
    @api items = [];
    @api planId;
    @api today;
    /** [{ value, label }] people for the owner. */
    @api team = [];
    /** [{ value, label }] the account's contacts for the customer owner. */
    @api contacts = [];
    /** [{ value, label }] the status values in the user's language. */
    @api statusOptions = [];
    @api canEdit = false;
    @api canDelete = false;
    /** SMALL stacks the list as cards. */
    @api regionWidth;

    fieldLabels = {};
    editingId;
    isFormOpen = false;
    draft = {};
    original = {};
    isSaving = false;
    errorText = '';
    focusTarget;

    labels = { save: SAVE, cancel: CANCEL };

    get config() {
        return KINDS[this.kind] || KINDS.objective;
    }

    @wire(getObjectInfo, { objectApiName: '$objectApiName' })
    wiredObjectInfo({ data }) {
        if (data) {
            this.fieldLabels = Object.fromEntries(Object.entries(data.fields || {}).map(([name, f]) => [name, f.label]));
        }
    }

    get objectApiName() {
        return this.config.object.objectApiName;
    }

    get title() {
        return this.config.title;
    }

    get newLabel() {
        return this.config.newLabel;
    }

    get emptyText() {
        return this.config.empty;
    }

    get isObjective() {
        return this.kind !== 'action';
    }

    get isNarrow() {
        return this.regionWidth === 'SMALL';
    }

    get headingId() {
        return `abm-items-${this.kind}`;
    }

    labelOf(field) {
        return this.fieldLabels[field.fieldApiName] || field.fieldApiName;
    }

    fieldLabel(key) {
        const f = this.config.fields.find((c) => c.key === key);
        return f ? this.labelOf(f.field) : key;
    }

    get ownerLabel() {
        return this.fieldLabel('ownerId');
    }

    get contactLabel() {
        return this.fieldLabel('contactId');
    }

    get dueLabel() {
        return this.fieldLabel('dueDate');
    }

    get statusLabel() {
        return this.fieldLabel('status');
    }

    get isAction() {
        return this.kind === 'action';
    }

    get formGridClass() {
        return 'slds-grid slds-wrap slds-gutters_x-small';
    }

    get formCellClass() {
        return this.isNarrow ? 'slds-col slds-size_1-of-1' : 'slds-col slds-size_1-of-1 slds-medium-size_1-of-2';
    }

    optionLabel(options, value) {
        return (options || []).find((o) => o.value === value)?.label;
    }

    get rows() {
        const today = this.today;
        return (this.items || []).map((item) => {
            const overdue = this.isObjective ? isObjectiveOverdue(item, today) : isOverdue(item, today);
            return {
                ...item,
                key: item.id,
                statusLabel: this.optionLabel(this.statusOptions, item.status) || item.status || NOT_SET,
                dueText: overdue
                    ? `${formatDate(item.dueDate, LOCALE)} · ${OVERDUE}`
                    : item.dueDate
                      ? formatDate(item.dueDate, LOCALE)
                      : NOT_SET,
                ownerText: item.ownerName || NOT_SET,
                contactText: item.contactName || NOT_SET,
                measureText:
                    item.metric || item.target
                        ? formatMessage(METRIC_TARGET, [item.metric || NOT_SET, item.target || NOT_SET], LOCALE)
                        : '',
                isOverdue: overdue,
                dueClass: overdue ? 'abm-overdue' : '',
                editTitle: formatMessage(EDIT_ITEM, [item.name], LOCALE),
                deleteTitle: formatMessage(DELETE_ITEM, [item.name], LOCALE),
                rowClass: overdue ? 'abm-item abm-item_overdue' : 'abm-item'
            };
        });
    }

    get hasRows() {
        return this.rows.length > 0;
    }

    get showActionsColumn() {
        return this.canEdit || this.canDelete;
    }

    // ---------- form ----------

    get formFields() {
        const none = { label: NONE, value: '' };
        return this.config.fields.map((f) => {
            const value = this.draft[f.key] ?? '';
            const base = { key: f.key, label: this.labelOf(f.field), value, required: f.required === true, maxLength: f.maxLength };
            if (f.type === 'team') {
                return { ...base, isSelect: true, options: [none, ...(this.team || [])] };
            }
            if (f.type === 'contact') {
                return { ...base, isSelect: true, options: [none, ...(this.contacts || [])] };
            }
            if (f.type === 'status') {
                return { ...base, isSelect: true, options: this.statusOptions || [] };
            }
            return { ...base, isDate: f.type === 'date', isText: f.type === 'text' };
        });
    }

    get formTitle() {
        return this.editingId ? formatMessage(EDIT_ITEM, [this.original.name || ''], LOCALE) : this.newLabel;
    }

    get hasError() {
        return Boolean(this.errorText);
    }

    /** True while the form holds changes that are not saved. */
    @api
    get isDirty() {
        return this.isFormOpen && this.config.fields.some((f) => (this.draft[f.key] ?? '') !== (this.original[f.key] ?? ''));
    }

    async confirmDiscard() {
        if (!this.isDirty) {
            return true;
        }
        const ok = await LightningConfirm.open({
            message: formatMessage(DISCARD_CONFIRM, [this.original.name || this.draft.name || this.newLabel], LOCALE),
            label: UNSAVED_TITLE,
            theme: 'warning'
        });
        if (!ok) {
            // Nothing re-renders on "no": put the user back into the form they kept, after the dialog has given focus
            // back to the button that opened it.
            this.focusTarget = 'form';
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            requestAnimationFrame(() => this.applyFocus());
        }
        return ok;
    }

    async handleNew() {
        if (!(await this.confirmDiscard())) {
            return;
        }
        const defaultStatus = (this.statusOptions || [])[0]?.value || '';
        this.original = { status: defaultStatus };
        this.draft = { ...this.original };
        this.editingId = undefined;
        this.openForm();
    }

    async handleEdit(event) {
        const id = event.currentTarget.dataset.id;
        if (id === this.editingId && this.isFormOpen) {
            this.focusTarget = 'form';
            return;
        }
        if (!(await this.confirmDiscard())) {
            return;
        }
        const item = (this.items || []).find((i) => i.id === id);
        this.original = Object.fromEntries(this.config.fields.map((f) => [f.key, item?.[f.key] ?? '']));
        this.draft = { ...this.original };
        this.editingId = id;
        this.openForm();
    }

    openForm() {
        this.errorText = '';
        this.isFormOpen = true;
        this.focusTarget = 'form';
    }

    handleFieldChange(event) {
        const key = event.target.dataset.key;
        this.draft = { ...this.draft, [key]: event.detail?.value ?? event.target.value };
    }

    handleCancel() {
        const returnTo = this.editingId;
        this.isFormOpen = false;
        this.errorText = '';
        this.draft = {};
        this.original = {};
        this.editingId = undefined;
        this.focusTarget = returnTo ? `edit:${returnTo}` : 'new';
    }

    validate() {
        const inputs = [...this.template.querySelectorAll('[data-form-field]')];
        // Every field shows its own message (reportValidity on each, not the first failure only).
        return inputs.map((input) => input.reportValidity() !== false).every(Boolean);
    }

    async handleSave() {
        if (this.isSaving || !this.validate()) {
            return;
        }
        const fields = {};
        for (const f of this.config.fields) {
            const value = this.draft[f.key];
            fields[f.field.fieldApiName] = value === '' || value === undefined ? null : value;
        }
        this.isSaving = true;
        this.errorText = '';
        try {
            if (this.editingId) {
                await updateRecord({ fields: { Id: this.editingId, ...fields } });
            } else {
                await createRecord({ apiName: this.objectApiName, fields: { ...fields, [this.config.plan.fieldApiName]: this.planId } });
            }
            const returnTo = this.editingId;
            toastSuccess(this, SAVED, this.draft.name || '');
            this.isFormOpen = false;
            this.draft = {};
            this.original = {};
            this.editingId = undefined;
            this.focusTarget = returnTo ? `edit:${returnTo}` : 'new';
            this.dispatchEvent(new CustomEvent('change'));
        } catch (error) {
            // The form stays open with everything typed; the message says what to fix.
            this.errorText = reduceErrors(error).join(' ');
            toastError(this, SAVE_FAILED, error);
            this.focusTarget = 'form';
        } finally {
            this.isSaving = false;
        }
    }

    async handleDelete(event) {
        const id = event.currentTarget.dataset.id;
        const item = (this.items || []).find((i) => i.id === id);
        const ok = await LightningConfirm.open({
            message: formatMessage(DELETE_CONFIRM, [item?.name || ''], LOCALE),
            label: DELETE_TITLE,
            theme: 'warning'
        });
        if (!ok) {
            return;
        }
        try {
            await deleteRecord(id);
            toastSuccess(this, DELETED, item?.name || '');
            if (this.editingId === id) {
                this.handleCancel();
            }
            this.focusTarget = 'new';
            this.dispatchEvent(new CustomEvent('change'));
        } catch (error) {
            toastError(this, DELETE_FAILED, error);
        }
    }

    renderedCallback() {
        this.applyFocus();
    }

    /** Moves focus to what focusTarget names (once). */
    applyFocus() {
        if (!this.focusTarget) {
            return;
        }
        let target;
        if (this.focusTarget === 'form') {
            target = this.template.querySelector('[data-form-field]');
        } else if (this.focusTarget === 'new') {
            target = this.template.querySelector('[data-id="new-item"]');
        } else if (this.focusTarget.startsWith('edit:')) {
            target = this.template.querySelector(`[data-id="${this.focusTarget.slice(5)}"][data-action="edit"]`);
        }
        if (target) {
            target.focus();
        }
        this.focusTarget = undefined;
    }
}
