// Jest mock of lightning/navigation: records the last navigation so tests can assert on it.
export const CurrentPageReference = jest.fn();

let lastPageReference;
const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            lastPageReference = { pageReference, replace };
        }
        [GenerateUrl](pageReference) {
            lastPageReference = { pageReference };
            return Promise.resolve('https://example.test/generated');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const getNavigateCalledWith = () => lastPageReference;
