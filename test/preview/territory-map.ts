/**
 * Browser suite of abmTerritoryMap (first its views, views.ts, through axe-core and the overlap check) at 500 AEs / 7,500 Tier 1 accounts (the preview's generated territory, Tier 2
 * counted as on the ABM_Territory_Map page): triage, the gap and an owner's book a page at a time, keyboard paths,
 * focus management for the detail panel and the reassign modal (trapped inside, returned to the opener), the narrow
 * region. Every state reached by interaction goes through preview.check (axe-core + overlap).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Preview } from './harness';
import { viewCheck } from './views';

const number = (text: string): number => Number(/([\d,]+)/.exec(text)![1]!.replace(/,/g, ''));

export function territoryMapSuite(preview: Preview): void {
    describe('territory map', () => {
        viewCheck(preview, 'territory-map');

        it('shows 500 AEs against their bands a page at a time, with totals in the locale and the first render timed', async () => {
            const { page } = preview;
            await preview.open('territory');
            expect(await page.locator('.abm-totals').innerText()).toMatch(/^500 AEs · 7,500 Tier 1 accounts · [\d,]+ Tier 2 accounts$/);
            expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
            expect(await page.locator('.abm-showing').innerText()).toBe('Showing 1–50 of 500 AEs');
            expect(await page.locator('.abm-page-text').innerText()).toBe('Page 1 of 10');
            const first = page.locator('table.abm-aes tbody tr').first();
            expect(await first.locator('.abm-tier1-count').innerText()).toMatch(/^\d+ \(band 10–15\)$/);
            expect(['Over capacity', 'Under capacity', 'Within capacity']).toContain(await first.locator('.abm-capacity').innerText());
            expect(await page.locator('.abm-gap-count').innerText()).toContain('251 unassigned Tier 1 accounts');
            const metrics = await page.evaluate(
                () => (globalThis as unknown as { __preview: { metrics: Record<string, number> } }).__preview.metrics
            );
            expect(metrics.aeCount).toBe(500);
            expect(metrics.tier1Count).toBe(7500);
            expect(metrics.firstRenderMs).toBeGreaterThan(0);
            writeFileSync(join(ROOT, 'test-results', 'preview', 'territory-metrics.json'), `${JSON.stringify(metrics, null, 4)}\n`);

            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-showing').innerText(), 'Showing 51–100 of 500 AEs');
        });

        it('turns "N AEs are over capacity" into a filter, moving focus to the result count', async () => {
            const { page } = preview;
            await preview.open('territory');
            const button = page.locator('[data-id="show-over"] button');
            const over = number(await button.innerText());
            expect(over).toBeGreaterThan(50);
            await button.click();
            await preview.until(() => page.locator('.abm-showing').innerText(), `Showing 1–50 of ${over} AEs`);
            expect(
                new Set(await page.locator('table.abm-aes tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))
            ).toEqual(new Set(['OVER']));
            expect((await preview.focused()).name).toBe(`Showing 1–50 of ${over} AEs`);
            await page.locator('[data-id="clear-filters"] button').click();
            await preview.until(() => page.locator('.abm-showing').innerText(), 'Showing 1–50 of 500 AEs');
        });

        it('sorts a column from the keyboard and says so with aria-sort', async () => {
            const { page } = preview;
            await preview.open('territory');
            await page.locator('button.abm-sort[data-key="tier1"]').focus();
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('th:has(button.abm-sort[data-key="tier1"])').getAttribute('aria-sort'), 'descending');
            const counts = (await page.locator('table.abm-aes .abm-tier1-count').allInnerTexts()).map(number);
            expect(counts).toEqual([...counts].sort((a, b) => b - a));
            expect(await page.locator('th:has(button.abm-sort[data-key="name"])').getAttribute('aria-sort')).toBe('none');
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('th:has(button.abm-sort[data-key="tier1"])').getAttribute('aria-sort'), 'ascending');
        });

        it('turns "and 246 more" into every unassigned account, a page at a time, focus on the panel', async () => {
            const { page } = preview;
            await preview.open('territory');
            const more = page.locator('[data-id="more-gaps"] button');
            expect(await more.innerText()).toBe('and 246 more');
            await more.click();
            await preview.until(() => page.locator('.abm-detail-showing').innerText(), 'Showing 1–50 of 251 accounts');
            expect(await page.locator('section.abm-detail h2').innerText()).toBe('Unassigned Tier 1 accounts');
            await preview.until(() => preview.focused().then((f) => f.name), 'Unassigned Tier 1 accounts');
            expect(await page.locator('tr.abm-detail-account').count()).toBe(50);
            await preview.check('territory-map-gaps');
            await page.locator('[data-id="detail-next"] button').click();
            await preview.until(() => page.locator('.abm-detail-showing').innerText(), 'Showing 51–100 of 251 accounts');
        });

        it("pages a departed AE's 2,000 accounts with a '1–50 of 2,000' notice; Escape closes and returns focus", async () => {
            const { page } = preview;
            await preview.open('territory');
            const opener = page.locator('li.abm-other-owner lightning-button.abm-show-accounts button').first();
            expect(await opener.getAttribute('aria-label')).toBe('Show accounts of Former Rep');
            await opener.focus();
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('.abm-detail-showing').innerText(), 'Showing 1–50 of 2,000 accounts');
            expect(await page.locator('section.abm-detail h2').innerText()).toBe('Accounts of Former Rep');
            expect(await page.locator('.preview-marker').count()).toBe(50);
            await preview.check('territory-map-detail', { docs: 'territory-map-detail' });
            await page.keyboard.press('Escape');
            await preview.until(() => page.locator('section.abm-detail').count(), 0);
            await preview.until(() => preview.focused().then((f) => f.name), 'Show accounts of Former Rep');
        });

        it('reassigns in a modal that traps focus, suggests the best owner, saves, and returns focus', async () => {
            const { page } = preview;
            await preview.open('territory');
            const gapCount = number(await page.locator('.abm-gap-count').innerText());
            const reassign = page.locator('li.abm-gap lightning-button.abm-reassign button').first();
            const accountLabel = (await reassign.getAttribute('aria-label'))!;
            expect(accountLabel).toMatch(/^Reassign /);
            await reassign.click();
            await page.waitForSelector('.abm-candidates');
            await preview.until(() => preview.focusInside('.slds-modal'), true);
            expect(await page.locator('.abm-suggestion-text').innerText()).toMatch(
                /^Suggested: .+: Covers .+ · \d+ \(band 10–15\), room for \d+ more/
            );
            expect(await page.locator('.abm-candidates tbody tr').count()).toBe(20);
            const suggested = await page.locator('tr:has(.abm-suggested) .abm-candidate-name').innerText();
            expect(await page.locator('.abm-selected').innerText()).toBe(`New owner: ${suggested}`);
            await preview.check('territory-map-reassign', { docs: 'territory-map-reassign', clip: 'viewport' });

            // After each of 40 Tab presses the focus is still inside the modal.
            expect(await preview.tabInside(40, '.slds-modal')).toEqual(Array(40).fill(true));
            await preview.tab(5, true);
            expect(await preview.focusInside('.slds-modal')).toBe(true);

            await page.locator('[data-id="owner-search"] input').fill(suggested);
            await preview.until(() => page.locator('.abm-candidates tbody tr').count(), 1);
            await page.locator('[data-id="reason"] input').fill('Departed AE: book reassigned');
            await page.locator('[data-id="save"] button').click();
            await page.waitForSelector('.abm-candidates', { state: 'detached' });
            expect(await page.locator('#toasts h2').first().innerText()).toBe('Account reassigned');
            // The account left the gap list with its button: focus goes to the list's heading.
            await preview.until(() => preview.focused().then((f) => f.name), 'Gaps');
            expect(await page.locator(`lightning-button.abm-reassign button[aria-label="${accountLabel}"]`).count()).toBe(0);
            await preview.until(() => page.locator('.abm-gap-count').innerText().then(number), gapCount - 1);
        });

        it('closes the modal with Escape, changing nothing, and returns focus', async () => {
            const { page } = preview;
            await preview.open('territory');
            const reassign = page.locator('li.abm-gap lightning-button.abm-reassign button').first();
            const label = (await reassign.getAttribute('aria-label'))!;
            await reassign.focus();
            await page.keyboard.press('Enter');
            await page.waitForSelector('.abm-candidates');
            await page.keyboard.press('Escape');
            await page.waitForSelector('.abm-candidates', { state: 'detached' });
            await preview.until(() => preview.focused().then((f) => f.name), label);
            expect(await page.locator('#toasts h2').count()).toBe(0);
        });

        viewCheck(preview, 'territory-map-narrow');

        it('stacks in a narrow region: a list with a sort selector, no wide table', async () => {
            const { page } = preview;
            await preview.open('territory', { region: 'SMALL' });
            expect(await page.locator('table.abm-aes').count()).toBe(0);
            expect(await page.locator('li.abm-ae').count()).toBe(50);
            expect(await page.locator('[data-id="sort-by"]').count()).toBe(1);
            const width = await page.locator('c-abm-territory-map').evaluate((el) => el.getBoundingClientRect().width);
            expect(width).toBeLessThanOrEqual(380);
        });

        viewCheck(preview, 'territory-map-no-permission');

        it('offers no reassign action without ABM_ReassignAccounts', async () => {
            const { page } = preview;
            await preview.open('territory', { query: 'noPermission' });
            expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
            expect(await page.locator('lightning-button.abm-reassign').count()).toBe(0);
        });
    });
}
