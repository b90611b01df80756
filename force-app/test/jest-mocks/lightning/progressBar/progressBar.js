// Jest stub of lightning-progress-bar with the ariaLabel property the real component has (it names the progress bar's
// role="progressbar" element). See ../button/button.js for why.
import { LightningElement, api } from 'lwc';

export default class ProgressBar extends LightningElement {
    @api ariaLabel;
    @api size;
    @api value;
    @api variant;
}
