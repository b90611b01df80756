import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LOCALE from '@salesforce/i18n/locale';
import CAN_REASSIGN from '@salesforce/customPermission/ABM_ReassignAccounts';
import TASK_OBJECT from '@salesforce/schema/Task';
import TASK_WHAT_ID from '@salesforce/schema/Task.WhatId';
import TASK_SUBJECT from '@salesforce/schema/Task.Subject';
import TASK_STATUS from '@salesforce/schema/Task.Status';
import TASK_ACTIVITY_DATE from '@salesforce/schema/Task.ActivityDate';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import CONTACT_ACCOUNT_ID from '@salesforce/schema/Contact.AccountId';
import CONTACT_BUYING_ROLE from '@salesforce/schema/Contact.ABM_BuyingRole__c';
import { formatMessage } from 'c/abmFormatUtils';
import FLAG_STALLING from '@salesforce/label/c.ABM_FlagStalling';
import FLAG_DORMANT from '@salesforce/label/c.ABM_FlagDormant';
import FLAG_COVERAGE_LOW from '@salesforce/label/c.ABM_FlagCoverageLow';
import FLAG_UNASSIGNED from '@salesforce/label/c.ABM_FlagUnassignedTier1';
import ACTION_LOG_CALL from '@salesforce/label/c.ABM_ActionLogCall';
import ACTION_NEW_TASK from '@salesforce/label/c.ABM_ActionNewTask';
import ACTION_ADD_CONTACT from '@salesforce/label/c.ABM_ActionAddContact';
import ACTION_ADD_ROLE from '@salesforce/label/c.ABM_ActionAddRole';
import ACTION_ASSIGN_OWNER from '@salesforce/label/c.ABM_ActionAssignOwner';
import ACTION_FOR_ACCOUNT from '@salesforce/label/c.ABM_ActionForAccount';
import CALL_SUBJECT from '@salesforce/label/c.ABM_CallSubject';
import REENGAGE_SUBJECT from '@salesforce/label/c.ABM_ReengageSubject';
import HINT_ASSIGN_OWNER from '@salesforce/label/c.ABM_HintAssignOwner';
import HINT_ADD_CONTACT from '@salesforce/label/c.ABM_HintAddContact';

/** Task status of a logged call: the standard closed value every org has unless an admin renamed its API name. */
export const LOGGED_CALL_STATUS = 'Completed';
/** The Lightning page tab of the territory map, where ops assign owners. */
export const TERRITORY_MAP_TAB = 'ABM_TerritoryMap';

/**
 * One health flag with the one action that answers it, right where the flag is: log a call when the account is
 * stalling, a task to re-engage when it is dormant, a new contact with the missing buying role when coverage is low,
 * and the territory map when a Tier 1 account has no active owner. Actions open the standard record forms with default
 * values (NavigationMixin), so validation rules, required fields and page layouts apply as usual. A user who cannot
 * act on the flag gets a hint instead of a button that leads nowhere: the territory map needs the ABM_ReassignAccounts
 * custom permission (ops and admins; sellers have neither the tab nor the controller), a new contact needs the right
 * to create contacts.
 */
export default class AbmHealthScorecardFlag extends NavigationMixin(LightningElement) {
    /** STALLING, DORMANT, COVERAGE_LOW or UNASSIGNED_TIER1. */
    @api code;
    /** { stallingDays, dormantDays, coverageMinimum } */
    @api thresholds;
    @api accountId;
    @api accountName;
    /** Required roles nobody holds ({ value, label }), for the coverage action. */
    @api missingRoles;
    /** Today (ISO, from the server) for the task's date. */
    @api today;

    /** Whether the user may create contacts (read only for the coverage flag, whose action opens a new contact). */
    canCreateContacts = false;
    /** The contact describe has answered (until then neither the action nor the hint shows, so nothing flickers). */
    contactAccessKnown = false;

    get contactObjectApiName() {
        return this.code === 'COVERAGE_LOW' ? CONTACT_OBJECT.objectApiName : undefined;
    }

    @wire(getObjectInfo, { objectApiName: '$contactObjectApiName' })
    wiredContactInfo({ data, error }) {
        this.canCreateContacts = data?.createable === true;
        this.contactAccessKnown = Boolean(data || error);
    }

    get definition() {
        const t = this.thresholds || {};
        const role = (this.missingRoles || [])[0];
        switch (this.code) {
            case 'STALLING':
                return {
                    label: formatMessage(FLAG_STALLING, [t.stallingDays], LOCALE),
                    icon: 'utility:clock',
                    action: ACTION_LOG_CALL,
                    actionIcon: 'utility:call'
                };
            case 'DORMANT':
                return {
                    label: formatMessage(FLAG_DORMANT, [t.dormantDays], LOCALE),
                    icon: 'utility:ban',
                    action: ACTION_NEW_TASK,
                    actionIcon: 'utility:task'
                };
            case 'COVERAGE_LOW':
                return {
                    label: formatMessage(FLAG_COVERAGE_LOW, [t.coverageMinimum], LOCALE),
                    icon: 'utility:groups',
                    action: role ? formatMessage(ACTION_ADD_ROLE, [role.label], LOCALE) : ACTION_ADD_CONTACT,
                    actionIcon: 'utility:adduser'
                };
            case 'UNASSIGNED_TIER1':
                return { label: FLAG_UNASSIGNED, icon: 'utility:user', action: ACTION_ASSIGN_OWNER, actionIcon: 'utility:change_owner' };
            default:
                return { label: this.code, icon: 'utility:warning' };
        }
    }

    get label() {
        return this.definition.label;
    }

    get icon() {
        return this.definition.icon;
    }

    /** Why the user cannot act on this flag themselves (null when they can; '' while that is not known yet). */
    get blocker() {
        if (this.code === 'COVERAGE_LOW' && !this.canCreateContacts) {
            return this.contactAccessKnown ? HINT_ADD_CONTACT : '';
        }
        if (this.code === 'UNASSIGNED_TIER1' && !CAN_REASSIGN) {
            return HINT_ASSIGN_OWNER;
        }
        return null;
    }

    get hasAction() {
        return this.blocker === null && Boolean(this.definition.action && this.accountId);
    }

    /** Shown in place of the action when the user cannot take it (and there is an account to act on). */
    get hint() {
        return this.accountId ? this.blocker : null;
    }

    get actionLabel() {
        return this.definition.action;
    }

    get actionIcon() {
        return this.definition.actionIcon;
    }

    /** The accessible name names the account, so a list of "Log a call" buttons is not ambiguous. */
    get actionAssistiveText() {
        return this.accountName ? formatMessage(ACTION_FOR_ACCOUNT, [this.actionLabel, this.accountName], LOCALE) : this.actionLabel;
    }

    /** The page the action opens (exposed for tests and the preview). */
    @api
    get pageReference() {
        switch (this.code) {
            case 'STALLING':
                return this.newRecord(TASK_OBJECT.objectApiName, {
                    [TASK_WHAT_ID.fieldApiName]: this.accountId,
                    [TASK_SUBJECT.fieldApiName]: CALL_SUBJECT,
                    [TASK_STATUS.fieldApiName]: LOGGED_CALL_STATUS,
                    [TASK_ACTIVITY_DATE.fieldApiName]: this.today
                });
            case 'DORMANT':
                return this.newRecord(TASK_OBJECT.objectApiName, {
                    [TASK_WHAT_ID.fieldApiName]: this.accountId,
                    [TASK_SUBJECT.fieldApiName]: formatMessage(REENGAGE_SUBJECT, [this.accountName], LOCALE),
                    [TASK_ACTIVITY_DATE.fieldApiName]: this.today
                });
            case 'COVERAGE_LOW': {
                const role = (this.missingRoles || [])[0];
                const values = { [CONTACT_ACCOUNT_ID.fieldApiName]: this.accountId };
                if (role) {
                    values[CONTACT_BUYING_ROLE.fieldApiName] = role.value;
                }
                return this.newRecord(CONTACT_OBJECT.objectApiName, values);
            }
            case 'UNASSIGNED_TIER1':
                return { type: 'standard__navItemPage', attributes: { apiName: TERRITORY_MAP_TAB } };
            default:
                return null;
        }
    }

    newRecord(objectApiName, values) {
        const defaults = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
        return {
            type: 'standard__objectPage',
            attributes: { objectApiName, actionName: 'new' },
            // RELATED_LIST keeps the user on the page they came from after saving.
            state: { defaultFieldValues: encodeDefaultFieldValues(defaults), navigationLocation: 'RELATED_LIST' }
        };
    }

    handleAction() {
        const pageReference = this.pageReference;
        if (pageReference) {
            this[NavigationMixin.Navigate](pageReference);
        }
    }
}
