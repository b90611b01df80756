// Jest mock of lightning/platformShowToastEvent: a CustomEvent tests can listen for.
export const ShowToastEventName = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
    constructor(toast) {
        super(ShowToastEventName, { composed: true, cancelable: true, bubbles: true, detail: toast });
    }
}
