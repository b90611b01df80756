import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/abmErrorUtils';
import LOAD_ERROR from '@salesforce/label/c.ABM_LoadError';
import ERROR_ICON from '@salesforce/label/c.ABM_ErrorIconText';

/** Shows a load failure inside a component: a friendly message and every reduced error message. */
export default class AbmErrorPanel extends LightningElement {
    /** Any error shape (see reduceErrors). */
    @api errors;
    /** Message shown above the details. */
    @api friendlyMessage;

    labels = { loadError: LOAD_ERROR, errorIcon: ERROR_ICON };

    get message() {
        return this.friendlyMessage || this.labels.loadError;
    }

    get details() {
        return reduceErrors(this.errors).map((text, index) => ({ key: String(index), text }));
    }

    get hasDetails() {
        return this.details.length > 0;
    }
}
