import { createElement } from '@lwc/engine-dom';
import AbmHealthScorecardNextStep from 'c/abmHealthScorecardNextStep';
import { updateRecord } from 'lightning/uiRecordApi';
import { ShowToastEventName } from 'lightning/platformShowToastEvent';

// Labels whose words these tests check: their real values (see force-app/test/jest-mocks/customLabels.js).
jest.mock('@salesforce/label/c.ABM_NoNextStep', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NoNextStep'), {
    virtual: true
});
jest.mock(
    '@salesforce/label/c.ABM_NextStepAge',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NextStepAge'),
    {
        virtual: true
    }
);
jest.mock(
    '@salesforce/label/c.ABM_EditNextStep',
    () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_EditNextStep'),
    {
        virtual: true
    }
);
jest.mock('@salesforce/label/c.ABM_SaveFailed', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_SaveFailed'), {
    virtual: true
});

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

function mount(props = {}) {
    const el = createElement('c-abm-health-scorecard-next-step', { is: AbmHealthScorecardNextStep });
    Object.assign(
        el,
        {
            recordId: '001000000000001AAA',
            accountName: 'Northwind Logistics',
            value: 'Exec briefing with the CFO',
            updatedDate: '2026-02-27',
            today: '2026-03-10',
            canEdit: true
        },
        props
    );
    document.body.appendChild(el);
    return el;
}

const $ = (el, selector) => el.shadowRoot.querySelector(selector);

async function openEditor(el) {
    $(el, '[data-id="edit-next-step"]').click();
    await flushPromises();
    return $(el, '[data-id="next-step-input"]');
}

async function type(input, value) {
    input.value = value;
    input.dispatchEvent(new CustomEvent('change'));
    await flushPromises();
}

afterEach(() => {
    document.body.replaceChildren();
    jest.clearAllMocks();
});

it('shows the next step with its age in days', () => {
    const el = mount();
    expect($(el, '[data-id="next-step-value"]').textContent).toBe('Exec briefing with the CFO');
    expect($(el, '[data-id="next-step-age"]').textContent).toBe('set 11 days ago');
    expect($(el, '[data-id="edit-next-step"]').alternativeText).toBe('Edit next step Northwind Logistics');
});

it('says when there is no next step, and offers no edit without field access', () => {
    const el = mount({ value: '', canEdit: false });
    expect($(el, '[data-id="next-step-value"]').textContent).toBe('No next step set');
    expect($(el, '[data-id="next-step-age"]')).toBeNull();
    expect($(el, '[data-id="edit-next-step"]')).toBeNull();
});

it('edits in place: the field opens with the value and focus, Enter saves through LDS and closes it', async () => {
    const el = mount();
    const changes = [];
    el.addEventListener('nextstepchange', (e) => changes.push(e.detail));
    const input = await openEditor(el);
    expect(input.value).toBe('Exec briefing with the CFO');
    await type(input, '  Send the pilot proposal  ');

    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await flushPromises();

    expect(updateRecord).toHaveBeenCalledWith({ fields: { Id: '001000000000001AAA', ABM_NextStep__c: 'Send the pilot proposal' } });
    expect($(el, '[data-id="next-step-input"]')).toBeNull();
    expect(changes).toEqual([{ recordId: '001000000000001AAA', value: 'Send the pilot proposal' }]);
});

it('keeps the editor open with the draft when the save is rejected, and says why', async () => {
    updateRecord.mockRejectedValueOnce({ body: { output: { errors: [{ message: 'Next step is locked for this account.' }] } } });
    const el = mount();
    const toasts = [];
    el.addEventListener(ShowToastEventName, (e) => toasts.push(e.detail));
    const input = await openEditor(el);
    await type(input, 'Send the pilot proposal');

    $(el, '[data-id="save-next-step"]').click();
    await flushPromises();

    const stillOpen = $(el, '[data-id="next-step-input"]');
    expect(stillOpen).not.toBeNull();
    expect(stillOpen.value).toBe('Send the pilot proposal');
    expect($(el, '.abm-next-step__error').textContent).toBe('Next step is locked for this account.');
    expect(toasts).toEqual([
        expect.objectContaining({ variant: 'error', title: 'Could not save', message: 'Next step is locked for this account.' })
    ]);
    expect(el.isDirty).toBe(true);
    await expect(el).toBeAccessible();
});

it('Escape cancels without saving and gives focus back to the pencil', async () => {
    const el = mount();
    const input = await openEditor(el);
    await type(input, 'Something else');

    const focus = jest.spyOn(HTMLElement.prototype, 'focus');

    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();

    expect(updateRecord).not.toHaveBeenCalled();
    expect($(el, '[data-id="next-step-value"]').textContent).toBe('Exec briefing with the CFO');
    expect(focus.mock.contexts).toContain($(el, '[data-id="edit-next-step"]'));
    focus.mockRestore();
});
