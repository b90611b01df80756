// In-page helpers of the preview tests (test/preview/harness.ts injects this file into the page). Plain browser
// JavaScript on purpose: functions passed to page.evaluate from TypeScript are serialised after the Jest transform (and coverage)
// rewrote them, which breaks them in the page. Everything hangs off window.__abmChecks.
(() => {
    // The native MutationObserver: synthetic shadow (loaded by the page after this script) replaces it with one that
    // hides changes inside component shadow trees.
    const NativeMutationObserver = window.MutationObserver;
    const nativeObserve = NativeMutationObserver.prototype.observe;
    let touched = true;
    let watching = false;

    /**
     * From now on, note anything that changes the page or could: a DOM change anywhere (shadow trees included), input,
     * a click, a focus change. `untouched()` says whether nothing happened since. Called again (a view shown in the same
     * page), it starts over with the same watchers.
     */
    function watch() {
        touched = false;
        if (watching) return;
        watching = true;
        const touch = () => (touched = true);
        nativeObserve.call(new NativeMutationObserver(touch), document, {
            subtree: true,
            childList: true,
            attributes: true,
            characterData: true
        });
        for (const type of ['keydown', 'keyup', 'mousedown', 'pointerdown', 'click', 'input', 'change', 'focusin', 'focusout', 'scroll']) {
            window.addEventListener(type, touch, true);
        }
    }

    // Layers that may legitimately paint over page text: open menus, popovers, tooltips and dialogs.
    const OVERLAY = '.slds-dropdown, .slds-popover, [role="listbox"], [role="menu"], [role="tooltip"], [role="dialog"], .slds-modal';
    const MIN_PIXELS = 2;

    /**
     * Synthetic shadow (what Salesforce runs, and so the preview) throws on ShadowRoot.getElementById, and axe-core's
     * color-contrast rule calls it for every <label for>: the rule then stops with an error and checks nothing. Answer
     * it with querySelector, which synthetic shadow allows. Idempotent.
     */
    function shimSyntheticShadowForAxe() {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
        const patched = new Set();
        for (let el = walker.currentNode; el; el = walker.nextNode()) {
            const root = el.shadowRoot;
            if (!root) continue;
            const proto = Object.getPrototypeOf(root);
            if (patched.has(proto) || proto.__abmShimmed) continue;
            patched.add(proto);
            Object.defineProperty(proto, 'getElementById', {
                configurable: true,
                value(id) {
                    return this.querySelector(`[id="${String(id).replace(/["\\]/g, '\\$&')}"]`);
                }
            });
            Object.defineProperty(proto, '__abmShimmed', { value: true });
        }
    }

    // Native tree walking: with synthetic shadow the component DOM is part of the document, but the JavaScript accessors
    // (childNodes, parentNode, querySelector) are patched to hide it. TreeWalker is native and sees the whole tree.
    function ancestors(node) {
        const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
        walker.currentNode = node;
        const list = [];
        for (let el = walker.parentNode(); el; el = walker.parentNode()) list.push(el);
        return list;
    }

    function describe(el) {
        const parts = [];
        for (const node of [el, ...ancestors(el)].slice(0, 6)) {
            let part = node.tagName.toLowerCase();
            const cls = (node.getAttribute('class') || '').split(/\s+/).find((c) => c.startsWith('abm-'));
            if (cls) part += `.${cls}`;
            else if (node.getAttribute('data-id')) part += `[data-id="${node.getAttribute('data-id')}"]`;
            parts.unshift(part);
            if (node.tagName.includes('-') && node.tagName.startsWith('C-')) break;
        }
        return parts.join(' > ');
    }

    /** The first element matching `selector` anywhere in the page, shadow trees included. */
    function findDeep(selector) {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
        for (let el = walker.nextNode(); el; el = walker.nextNode()) if (el.matches(selector)) return el;
        return null;
    }

    function intersect(a, b) {
        const left = Math.max(a.left, b.left);
        const top = Math.max(a.top, b.top);
        const right = Math.min(a.right, b.right);
        const bottom = Math.min(a.bottom, b.bottom);
        return { left, top, right, bottom, width: right - left, height: bottom - top };
    }

    /**
     * What an element and its ancestors do to the text inside it, read once per element in one pass over the page (not
     * once per text box under it for each of its ancestors, which on the 1,300-element territory map was most of the
     * check's time). `layers(modal)(el)`:
     * - `hidden`: it or an ancestor is display: none, opacity 0 or clipped to rect(0 0 0 0);
     * - `clip`: the intersection of the boxes of it and its clipping ancestors (overflow other than visible, or clip);
     *   `clips`: whether there is any;
     * - `visibility`; `overlay`: the nearest open menu, popover or dialog it sits in; `modal`: whether it is inside `modal`.
     */
    function layers(modal) {
        const parents = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
        const top = {
            hidden: false,
            clip: { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity },
            clips: false,
            overlay: null,
            modal: false
        };
        const known = new Map();
        const of = (el) => {
            let info = known.get(el);
            if (info) return info;
            parents.currentNode = el;
            const parent = parents.parentNode();
            const up = parent ? of(parent) : top;
            const style = getComputedStyle(el);
            info = {
                hidden: up.hidden || style.display === 'none' || Number(style.opacity) === 0,
                clip: up.clip,
                clips: up.clips,
                visibility: style.visibility,
                overlay: el.matches(OVERLAY) ? el : up.overlay,
                modal: el === modal || up.modal
            };
            const clipsX = style.overflowX !== 'visible';
            const clipsY = style.overflowY !== 'visible';
            const clipped = style.clip && style.clip !== 'auto';
            if (!info.hidden && (clipsX || clipsY || clipped)) {
                const box = el.getBoundingClientRect();
                info.clip = intersect(up.clip, {
                    left: clipsX || clipped ? box.left : -Infinity,
                    right: clipsX || clipped ? box.right : Infinity,
                    top: clipsY || clipped ? box.top : -Infinity,
                    bottom: clipsY || clipped ? box.bottom : Infinity
                });
                info.clips = true;
                if (clipped && style.clip.replace(/\s|px/g, '') === 'rect(0000)') info.hidden = true;
            }
            known.set(el, info);
            return info;
        };
        return of;
    }

    /**
     * The rectangle of `rect` that its element's clipping ancestors let through (`layer`: the element's `layers` entry);
     * null when nothing shows: hidden, or cut to less than 2 px across or down.
     */
    function visiblePart(rect, layer) {
        if (layer.hidden) return null;
        if (!layer.clips)
            return { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width, height: rect.height };
        const visible = intersect(rect, layer.clip);
        return visible.width < MIN_PIXELS || visible.height < MIN_PIXELS ? null : visible;
    }

    /**
     * Every painted text box: one per line of each non-blank text node, plus the value box of text inputs, cut to what
     * clipping ancestors (overflow, clip) let through; hidden and fully clipped text (assistive text) is left out.
     */
    function textBoxes() {
        const boxes = [];
        const modal = findDeep('[aria-modal="true"]');
        const layer = layers(modal);
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            let owner;
            let rects;
            if (node.nodeType === Node.TEXT_NODE) {
                if (!node.data.trim()) continue;
                owner = ancestors(node)[0];
                const range = document.createRange();
                range.selectNodeContents(node);
                rects = [...range.getClientRects()];
            } else if (/^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName) && node.type !== 'checkbox' && node.type !== 'radio') {
                owner = node;
                rects = [node.getBoundingClientRect()];
            } else {
                continue;
            }
            if (!owner) continue;
            const info = layer(owner);
            if (info.visibility !== 'visible') continue;
            // Behind an open modal dialog only the dialog counts: the page beneath is covered by its backdrop.
            if (modal && !info.modal) continue;
            for (const rect of rects) {
                if (rect.width < MIN_PIXELS || rect.height < MIN_PIXELS) continue;
                const visible = visiblePart(rect, info);
                if (!visible) continue;
                const text = node.nodeType === Node.TEXT_NODE ? node.data.trim() : node.value || node.placeholder || `<${node.tagName}>`;
                boxes.push({ node, owner, overlay: info.overlay, rect: visible, text: text.replace(/\s+/g, ' ').slice(0, 60) });
            }
        }
        return boxes;
    }

    /**
     * Pairs of text boxes painted over each other: they intersect by more than 2 px across and by more than 2 px and a
     * third of the smaller box's height down (adjacent lines of a paragraph touch, they don't overlap). Boxes of the same
     * text node, and a box inside an open menu, popover or dialog over page text, don't count.
     * @returns {{first: string, second: string, where: string, overlap: string}[]} the overlaps, top to bottom
     */
    function findOverlaps() {
        const boxes = textBoxes().sort((a, b) => a.rect.top - b.rect.top);
        const found = [];
        for (let i = 0; i < boxes.length; i++) {
            const a = boxes[i];
            for (let j = i + 1; j < boxes.length && boxes[j].rect.top < a.rect.bottom; j++) {
                const b = boxes[j];
                if (a.node === b.node || a.overlay !== b.overlay) continue;
                const r = intersect(a.rect, b.rect);
                const minHeight = Math.min(a.rect.height, b.rect.height);
                if (r.width > MIN_PIXELS && r.height > Math.max(MIN_PIXELS, minHeight / 3)) {
                    found.push({
                        first: `"${a.text}" (${describe(a.owner)})`,
                        second: `"${b.text}" (${describe(b.owner)})`,
                        where: `x ${Math.round(r.left)}, y ${Math.round(r.top + window.scrollY)}`,
                        overlap: `${Math.round(r.width)}×${Math.round(r.height)} px`
                    });
                }
            }
        }
        return found;
    }

    /**
     * How many <label for> sit inside a component's shadow tree (synthetic shadow's getRootNode answers the shadow root):
     * the labels for which axe-core's color-contrast asks ShadowRoot.getElementById (shimSyntheticShadowForAxe).
     */
    function labelsForInShadow() {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
        let labels = 0;
        for (let el = walker.nextNode(); el; el = walker.nextNode()) {
            if (el.tagName === 'LABEL' && el.hasAttribute('for') && el.getRootNode() !== document) labels++;
        }
        return labels;
    }

    /** The element that has the keyboard focus, through (synthetic and native) shadow roots. */
    function deepActiveElement() {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return el;
    }

    /** What a screen reader would roughly announce for the focused element, and where it is. */
    function focused() {
        const el = deepActiveElement();
        if (!el || el === document.body) return { name: '', tag: 'body', path: 'body' };
        const name = (
            el.getAttribute('aria-label') ||
            el.getAttribute('title') ||
            el.innerText ||
            el.value ||
            el.getAttribute('placeholder') ||
            ''
        )
            .replace(/\s+/g, ' ')
            .trim();
        return { name, tag: el.tagName.toLowerCase(), path: describe(el), role: el.getAttribute('role') || '' };
    }

    /** Whether the focused element sits inside an element matching `selector` (through shadow roots). */
    function focusInside(selector) {
        const el = deepActiveElement();
        if (!el) return false;
        return [el, ...ancestors(el)].some((node) => node.matches && node.matches(selector));
    }

    let tabLog = null;
    /** From now on, at each Tab key press, notes whether the focus (before the press moves it) is inside `selector`. */
    function recordTabs(selector) {
        const log = [];
        const listener = (event) => {
            if (event.key === 'Tab') log.push(focusInside(selector));
        };
        window.addEventListener('keydown', listener, true);
        tabLog = { selector, log, listener };
    }
    /**
     * Stops recording. Returns, for each Tab pressed since `recordTabs`, whether the focus was inside the selector after
     * it: the note taken at the next press, and for the last press the focus now. A press that reached no element of the
     * page (the focus left it) took no note, so the list is shorter than the presses.
     */
    function tabsRecorded() {
        const { selector, log, listener } = tabLog;
        window.removeEventListener('keydown', listener, true);
        tabLog = null;
        return [...log.slice(1), focusInside(selector)];
    }

    /**
     * What the page shows, as text to compare a view shown in the loaded page with a page load of it: every element
     * (shadow trees included) with its attributes and its box, every text, the focused element, the scroll position, the
     * query and the keys of window.__preview. Generated ids (lightning-base-components numbers them per page) are
     * written as `#`, so two renders of the same view compare equal.
     */
    function pageSnapshot() {
        const lines = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        const depth = (node) => ancestors(node).length;
        const ids = (value) => value.replace(/-\d+\b/g, '-#');
        for (let node = walker.currentNode; node; node = walker.nextNode()) {
            const indent = ' '.repeat(depth(node));
            if (node.nodeType === Node.TEXT_NODE) {
                if (node.data.trim()) lines.push(`${indent}"${node.data.trim()}"`);
                continue;
            }
            const attributes = [...node.attributes]
                .map((a) => `${a.name}="${ids(a.value)}"`)
                .sort()
                .join(' ');
            const box = node.getBoundingClientRect();
            const where = [box.left, box.top, box.width, box.height].map(Math.round).join(',');
            lines.push(`${indent}<${node.tagName.toLowerCase()} ${attributes}> @${where}`);
        }
        const focus = deepActiveElement();
        lines.push(`focus: ${focus ? describe(focus) : 'none'}`);
        lines.push(`scroll: ${window.scrollX},${window.scrollY}`);
        lines.push(`query: ${location.search}`);
        lines.push(
            `__preview: ${Object.keys(window.__preview || {})
                .sort()
                .join(',')}`
        );
        return lines.join('\n');
    }

    window.__abmChecks = {
        pageSnapshot,
        recordTabs,
        tabsRecorded,
        shimSyntheticShadowForAxe,
        labelsForInShadow,
        findOverlaps,
        focused,
        focusInside,
        textBoxCount: () => textBoxes().length,
        watch,
        untouched: () => !touched
    };
})();
