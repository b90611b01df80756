// Jest stub of lightning-button with the ariaLabel property the real component has (lightning-button passes aria-label
// to its inner <button>). The sfdx-lwc-jest stub lacks it, so an aria-label in a template lands on the host element,
// where sa11y reports it as a prohibited attribute although the real component renders it correctly.
import { LightningElement, api } from 'lwc';

export default class Button extends LightningElement {
    @api ariaLabel;
    @api disabled;
    @api iconName;
    @api iconPosition;
    @api label;
    @api name;
    @api type;
    @api value;
    @api variant;
    @api disableAnimation;
    @api stretch;
}
