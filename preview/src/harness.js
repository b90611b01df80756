// Page-side helpers shared by the preview views: fixtures, mounting a component (in a narrow region when the query asks
// for one), toasts, and a paint probe for first-render timings.
import { createElement } from 'lwc';
import { query } from './query.js';

/** The page's query (src/query.js): read it when the view is shown, not when the module loads. */
export { query };

export async function json(name) {
    const response = await fetch(`/out/preview/fixtures/${name}`);
    if (!response.ok) throw new Error(`fixture ${name}: HTTP ${response.status}`);
    return response.json();
}

function showToast(event) {
    const { title, message, variant } = event.detail;
    window.__preview.toasts.push(event.detail);
    const region = document.getElementById('toasts');
    const toast = document.createElement('div');
    toast.className = `slds-notify slds-notify_toast slds-theme_${variant === 'error' ? 'error' : 'success'}`;
    toast.setAttribute('role', 'status');
    toast.innerHTML = '<div class="slds-notify__content"><h2 class="slds-text-heading_small"></h2><p></p></div>';
    toast.querySelector('h2').textContent = title;
    toast.querySelector('p').textContent = message || '';
    region.appendChild(toast);
}

/**
 * Mounts one component into the page's region. With ?region=SMALL the region is 380 px wide (a Lightning page sidebar)
 * and the component gets flexipageRegionWidth, as App Builder sets it.
 */
export function mount(tag, ctor, props) {
    // flexipageRegionWidth for the mounted component: ?region=SMALL | MEDIUM | LARGE (absent: not set, as in Jest).
    const region = query().get('region') || undefined;
    const el = createElement(tag, { is: ctor });
    Object.assign(el, props, region ? { flexipageRegionWidth: region } : {});
    el.addEventListener('lightning__showtoast', showToast);
    const root = document.getElementById('root');
    if (region === 'SMALL') root.classList.add('preview-region_small');
    root.appendChild(el);
    return el;
}

/** Resolves after the frame in which `selector` (inside the component) first has at least one match is painted. */
export function painted(el, selector) {
    return new Promise((resolve) => {
        const check = () => {
            if (el.shadowRoot && el.shadowRoot.querySelector(selector)) {
                requestAnimationFrame(() => resolve(performance.now()));
            } else {
                requestAnimationFrame(check);
            }
        };
        check();
    });
}
