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
            await preview.open('territory');
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

        it('a kept page serves the next open of its view only while untouched: a DOM change or a key press means a new page load', async () => {
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

            // Kept for another view, or not kept at all: a new page load.
            await mark('other view');
            preview.keepForNextTest();
            await preview.open('territory', { region: 'SMALL' });
            expect(await marker()).toBeNull();
            await mark('not kept');
            await preview.open('territory', { region: 'SMALL' });
            expect(await marker()).toBeNull();
        });

        it('tabInside notes after each Tab press whether the focus is inside the selector', async () => {
            await preview.open('territory');
            expect(await preview.tabInside(3, 'c-abm-territory-map')).toEqual([true, true, true]);
            expect(await preview.tabInside(2, '.slds-modal')).toEqual([false, false]);
        });
    });
}
