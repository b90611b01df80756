// Jest stub of lightning-button with the public API the platform component has (lightning-base-components
// primitiveButton: title, accessKey, ariaLabel, ariaDescribedBy, …). sfdx-lwc-jest's own stub lacks the aria
// properties, so `aria-label` lands on the host element and sa11y reports aria-prohibited-attr for markup that is
// correct in Salesforce (repeated buttons named "Show accounts of Ana Lopez").
import { LightningElement, api } from 'lwc';

export default class Button extends LightningElement {
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
    @api title;
    @api accessKey;
    @api ariaLabel;
    @api ariaDescribedBy;
    @api ariaControls;
    @api ariaExpanded;
    @api ariaLive;
    @api ariaAtomic;
    @api ariaHasPopup;
    @api ariaPressed;
}
