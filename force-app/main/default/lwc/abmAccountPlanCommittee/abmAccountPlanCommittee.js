import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { encodeDefaultFieldValues } from 'lightning/pageReferenceUtils';
import { getObjectInfo } from 'lightning/uiObjectInfoApi';
import LOCALE from '@salesforce/i18n/locale';
import CONTACT_OBJECT from '@salesforce/schema/Contact';
import CONTACT_ACCOUNT_ID from '@salesforce/schema/Contact.AccountId';
import CONTACT_BUYING_ROLE from '@salesforce/schema/Contact.ABM_BuyingRole__c';
import { formatMessage } from 'c/abmFormatUtils';
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
import CONTACT from '@salesforce/label/c.ABM_Contact';
import ROLE from '@salesforce/label/c.ABM_Role';
import ENGAGEMENT from '@salesforce/label/c.ABM_Engagement';
import ACTION_ADD_ROLE from '@salesforce/label/c.ABM_ActionAddRole';
import ACTION_ADD_CONTACT from '@salesforce/label/c.ABM_ActionAddContact';
import ACTION_FOR_ACCOUNT from '@salesforce/label/c.ABM_ActionForAccount';

const GAP_TEXT = { MISSING_ROLE: GAP_MISSING_ROLE, FEW_ENGAGED: GAP_FEW_ENGAGED, CHAMPION_LEFT: GAP_CHAMPION_LEFT };

/**
 * The buying committee of an account plan: the account's contacts with a buying role (each a link to the contact),
 * whether they are engaged or left, and the gaps, each with "Add <role>": the new-contact form opens with the account
 * and the missing role filled in.
 */
export default class AbmAccountPlanCommittee extends NavigationMixin(LightningElement) {
    /** { members, gaps, engagedCount, coverageMinimum } from AbmAccountPlanController. */
    @api committee;
    @api accountId;
    @api accountName;
    @api regionWidth;

    canCreateContacts = false;

    labels = {
        committee: COMMITTEE,
        noCommittee: NO_COMMITTEE,
        committeeGaps: COMMITTEE_GAPS,
        noCommitteeGaps: NO_COMMITTEE_GAPS,
        contact: CONTACT,
        role: ROLE,
        engagement: ENGAGEMENT
    };

    @wire(getObjectInfo, { objectApiName: CONTACT_OBJECT })
    wiredContactInfo({ data }) {
        this.canCreateContacts = data?.createable === true;
    }

    get isNarrow() {
        return this.regionWidth === 'SMALL';
    }

    get members() {
        return (this.committee?.members || []).map((m) => ({
            ...m,
            key: m.id,
            url: `/lightning/r/Contact/${m.id}/view`,
            roleText: m.roleLabel || m.role,
            engagementText: m.hasLeft ? LEFT_COMPANY : m.isEngaged ? ENGAGED : NOT_ENGAGED,
            engagementIcon: m.hasLeft ? 'utility:logout' : m.isEngaged ? 'utility:check' : 'utility:dash'
        }));
    }

    get hasMembers() {
        return this.members.length > 0;
    }

    get gaps() {
        return (this.committee?.gaps || []).map((g) => {
            const roleText = g.roleLabel || g.role;
            const action = g.role ? formatMessage(ACTION_ADD_ROLE, [roleText], LOCALE) : ACTION_ADD_CONTACT;
            return {
                key: `${g.code}-${g.role || ''}`,
                code: g.code,
                role: g.role || '',
                text: formatMessage(GAP_TEXT[g.code] || g.code, g.code === 'FEW_ENGAGED' ? [g.count, g.minimum] : [roleText], LOCALE),
                action,
                actionAssistiveText: this.accountName ? formatMessage(ACTION_FOR_ACCOUNT, [action, this.accountName], LOCALE) : action
            };
        });
    }

    get hasGaps() {
        return this.gaps.length > 0;
    }

    get engagedText() {
        const c = this.committee;
        return c ? formatMessage(ENGAGED_OF_MINIMUM, [c.engagedCount, c.coverageMinimum], LOCALE) : '';
    }

    /** The new-contact page with the account and the gap's role filled in (exposed for tests). */
    @api
    newContactPage(role) {
        const values = { [CONTACT_ACCOUNT_ID.fieldApiName]: this.accountId };
        if (role) {
            values[CONTACT_BUYING_ROLE.fieldApiName] = role;
        }
        return {
            type: 'standard__objectPage',
            attributes: { objectApiName: CONTACT_OBJECT.objectApiName, actionName: 'new' },
            state: { defaultFieldValues: encodeDefaultFieldValues(values), navigationLocation: 'RELATED_LIST' }
        };
    }

    handleAddContact(event) {
        this[NavigationMixin.Navigate](this.newContactPage(event.currentTarget.dataset.role));
    }
}
