// Preview stand-in for lightning/navigation: navigations are recorded in window.__preview.navigations (the preview has
// no pages to go to) and announced in the toast region so a screenshot or a test can see where an action leads.
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            (window.__preview.navigations = window.__preview.navigations || []).push({ pageReference, replace: Boolean(replace) });
        }
        [GenerateUrl](pageReference) {
            return Promise.resolve(`#${encodeURIComponent(JSON.stringify(pageReference))}`);
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export class CurrentPageReference {
    constructor(callback) {
        this.callback = callback;
    }
    connect() {}
    disconnect() {}
    update() {
        this.callback({ type: 'standard__namedPage', attributes: { pageName: 'home' }, state: {} });
    }
}
