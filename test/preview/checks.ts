/**
 * Bite tests of the preview checks themselves: planted faults must be found, so a green run means something.
 * Run by preview.test.ts.
 */
import type { Preview } from './harness';

type HTMLLike = { insertAdjacentHTML(where: string, html: string): void };

export function checksSuite(preview: Preview): void {
    describe('the preview checks find planted faults', () => {
        it('axe-core runs every rule inside synthetic shadow (labels with for=) and reports low contrast and unnamed buttons', async () => {
            const { page } = preview;
            // The account plan: a page with a <label for> inside a component's (synthetic) shadow tree, on which
            // color-contrast stops with an error without the shim, at a third of the territory map's axe time.
            await preview.open('plan');
            expect(
                await page.evaluate(() =>
                    (globalThis as unknown as { __abmChecks: { labelsForInShadow(): number } }).__abmChecks.labelsForInShadow()
                )
            ).toBeGreaterThan(0);
            await page.evaluate(() => {
                const root = (globalThis as unknown as { document: { getElementById(id: string): HTMLLike } }).document.getElementById(
                    'root'
                )!;
                root.insertAdjacentHTML(
                    'beforeend',
                    '<p id="planted-contrast" style="color:#c9c9c9;background:#ffffff">Low contrast text</p>' +
                        '<button id="planted-button" class="slds-button"><svg width="12" height="12"></svg></button>'
                );
            });
            const { violations, errors } = await preview.axe();
            expect(errors).toEqual([]);
            const rules = violations.map((v) => v.rule);
            expect(rules).toContain('color-contrast');
            expect(rules).toContain('button-name');
            expect(violations.find((v) => v.rule === 'color-contrast')!.nodes.join(' ')).toContain('#planted-contrast');
        });

        it('the overlap check finds text painted over text, and ignores clipped, hidden and assistive text', async () => {
            const { page } = preview;
            await preview.open('territory');
            expect(await preview.overlaps()).toEqual([]);
            await page.evaluate(() => {
                (globalThis as unknown as { document: { getElementById(id: string): HTMLLike } }).document
                    .getElementById('root')!
                    .insertAdjacentHTML(
                        'afterbegin',
                        '<div style="position:relative;height:60px">' +
                            '<span style="position:absolute;left:0;top:0">Owner: Ana Lopez</span>' +
                            '<span style="position:absolute;left:20px;top:2px">Stalling badge</span>' +
                            '<div style="position:absolute;left:300px;top:0;width:40px;overflow:hidden;white-space:nowrap">Clipped long text here</div>' +
                            '<span style="position:absolute;left:345px;top:0">Beside</span>' +
                            '<span class="slds-assistive-text" style="left:300px;top:0">Assistive</span>' +
                            '<span style="position:absolute;left:300px;top:0;visibility:hidden">Hidden</span>' +
                            '</div>'
                    );
            });
            const overlaps = await preview.overlaps();
            expect(overlaps).toHaveLength(1);
            expect(overlaps[0]!.first).toContain('Owner: Ana Lopez');
            expect(overlaps[0]!.second).toContain('Stalling badge');
        });

        it('a kept page serves the next open of its view only while untouched: a DOM change or a key press means the view is shown again', async () => {
            const { page } = preview;
            type Marked = { __marker?: string; document: { getElementById(id: string): HTMLLike } };
            const mark = (value: string) => page.evaluate((v) => ((globalThis as unknown as Marked).__marker = v), value);
            const marker = () => page.evaluate(() => (globalThis as unknown as Marked).__marker ?? null);
            await preview.open('territory');
            await mark('untouched');
            preview.keepForNextTest();
            await preview.open('territory');
            expect(await marker()).toBe('untouched');

            await mark('changed');
            await page.evaluate(() =>
                (globalThis as unknown as Marked).document.getElementById('root')!.insertAdjacentHTML('beforeend', '<p>planted</p>')
            );
            preview.keepForNextTest();
            await preview.open('territory');
            expect(await marker()).toBeNull();

            await mark('tabbed');
            await preview.tab();
            preview.keepForNextTest();
            await preview.open('territory');
            expect(await marker()).toBeNull();

            // Kept for another view, or not kept at all: the view is shown again.
            await mark('other view');
            preview.keepForNextTest();
            await preview.open('territory', { region: 'SMALL' });
            expect(await marker()).toBeNull();
            await mark('not kept');
            await preview.open('territory', { region: 'SMALL' });
            expect(await marker()).toBeNull();
        });

        it('a view shown in the loaded page starts clean: nodes planted anywhere in the page, globals, the view state, focus and scroll are gone', async () => {
            const { page } = preview;
            type Planted = {
                __planted?: string;
                __preview: { planted?: string };
                document: {
                    body: HTMLLike;
                    getElementById(id: string): (HTMLLike & { classList: { add(c: string): void } }) | null;
                };
                scrollTo(x: number, y: number): void;
                scrollY: number;
            };
            await preview.open('plan', { region: 'SMALL' });
            await preview.tab(2);
            await page.evaluate(() => {
                const w = globalThis as unknown as Planted;
                w.__planted = 'global';
                w.__preview.planted = 'view state';
                w.document.body.insertAdjacentHTML('beforeend', '<div id="planted-body" style="height:3000px">in the body</div>');
                w.document.getElementById('root')!.insertAdjacentHTML('beforeend', '<p id="planted-root">in the region</p>');
                w.document.getElementById('toasts')!.insertAdjacentHTML('beforeend', '<p id="planted-toast">a toast</p>');
                w.document.getElementById('root')!.classList.add('planted-class');
                w.scrollTo(0, 500);
            });
            const planted = () =>
                page.evaluate(() => {
                    const w = globalThis as unknown as Planted;
                    return {
                        nodes: ['planted-body', 'planted-root', 'planted-toast'].filter((id) => w.document.getElementById(id)),
                        rootClass: (w.document.getElementById('root') as unknown as { className: string }).className,
                        global: w.__planted ?? null,
                        state: w.__preview.planted ?? null,
                        scrolled: w.scrollY > 0
                    };
                });
            expect(await planted()).toEqual({
                nodes: ['planted-body', 'planted-root', 'planted-toast'],
                rootClass: 'preview-region_small planted-class',
                global: 'global',
                state: 'view state',
                scrolled: true
            });
            expect((await preview.focused()).tag).not.toBe('body');
            await preview.open('plan');
            expect(await planted()).toEqual({ nodes: [], rootClass: '', global: null, state: null, scrolled: false });
            // The component's own focus is gone too: the first Tab reaches the first control of the new view.
            expect(await preview.focused()).toMatchObject({ tag: 'body' });
        });

        it('a view shown in the loaded page is the page a page load shows (DOM, boxes, focus, query-dependent permission)', async () => {
            const { page } = preview;
            const snapshot = () =>
                page.evaluate(() => (globalThis as unknown as { __abmChecks: { pageSnapshot(): string } }).__abmChecks.pageSnapshot());
            // Leave the page in a used state first: another view, with a refused-save mode, focus and a planted node.
            await preview.open('plan', { query: 'failSave' });
            await preview.tab(3);
            // The permission (a module the components import) follows the query: a seller's list, then ops' map.
            for (const [view, options] of [
                ['scorecard-list', { query: 'noPermission' }],
                ['territory', { region: 'SMALL' }],
                ['scorecard', {}]
            ] as const) {
                await preview.open(view, options);
                const shown = await snapshot();
                await preview.open(view, { ...options, reload: true });
                const loaded = await snapshot();
                expect(shown.split('\n')).toEqual(loaded.split('\n'));
                await preview.tab(2);
            }
        });

        it('tabInside notes after each Tab press whether the focus is inside the selector', async () => {
            await preview.open('territory');
            expect(await preview.tabInside(3, 'c-abm-territory-map')).toEqual([true, true, true]);
            expect(await preview.tabInside(2, '.slds-modal')).toEqual([false, false]);
        });
    });
}
