import { LightningElement, api } from 'lwc';

/** The empty state of an ABM component: an icon and a message, plus an optional slot for an action. */
export default class AbmEmptyState extends LightningElement {
    /** What is empty and what to do about it. */
    @api message;
    /** Icon shown above the message. */
    @api iconName = 'utility:info';
}
