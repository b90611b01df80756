// Jest mock of lightning/modal (sfdx-lwc-jest ships none): a LightningElement with the LightningModal API.
// - open(props) resolves undefined; spy on the subclass (jest.spyOn(MyModal, 'open')) to answer as the user would.
// - close(result) dispatches a "close" event with the result, so tests of the modal itself can assert on it.
import { LightningElement, api } from 'lwc';

export default class LightningModal extends LightningElement {
    @api size;
    @api label;
    @api description;
    @api disableClose = false;

    static open() {
        return Promise.resolve(undefined);
    }

    close(result) {
        this.dispatchEvent(new CustomEvent('close', { detail: result }));
    }
}
