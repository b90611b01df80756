import { createElement } from '@lwc/engine-dom';
import AbmErrorPanel from 'c/abmErrorPanel';

afterEach(() => document.body.replaceChildren());

function mount(props) {
    const el = createElement('c-abm-error-panel', { is: AbmErrorPanel });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

it('shows the friendly message and every reduced error', async () => {
    const el = mount({ friendlyMessage: 'Could not load', errors: [{ body: { message: 'A' } }, new Error('B')] });
    await Promise.resolve();
    expect(el.shadowRoot.querySelector('h2').textContent).toBe('Could not load');
    expect(Array.from(el.shadowRoot.querySelectorAll('li.abm-error-detail')).map((li) => li.textContent)).toEqual(['A', 'B']);
    await expect(el).toBeAccessible();
});

it('falls back to the default message and no details', async () => {
    const el = mount({});
    await Promise.resolve();
    expect(el.shadowRoot.querySelector('h2').textContent).toBe('c.ABM_LoadError');
    expect(el.shadowRoot.querySelector('ul')).toBeNull();
});
