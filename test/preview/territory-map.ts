/** Browser suite of abmTerritoryMap; run by preview.test.ts in the shared session. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Preview } from './harness';

export function territoryMapSuite(preview: Preview): void {
    describe('territory map', () => {
        it('at 500 AEs / 7,500 Tier 1 accounts: totals, gaps, problems, first page, lazy detail, AE search', async () => {
            const { page } = preview;
            await preview.open('territory');
            expect(await page.locator('.abm-totals').innerText()).toBe('500 AEs · 7500 Tier 1 accounts');
            expect(await page.locator('.abm-gap-count').innerText()).toContain('40 unassigned Tier 1 accounts');
            expect(await page.locator('li.abm-gap').count()).toBe(10);
            expect(await page.locator('li.abm-problem').count()).toBe(10);
            expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
            expect(await page.locator('.abm-showing').innerText()).toBe('Showing 50 of 500 AEs');
            const first = page.locator('table.abm-aes tbody tr').first();
            expect(await first.locator('.abm-tier1-count').innerText()).toMatch(/^\d+ \(band 10-15\)$/);
            const metrics = await page.evaluate(
                () => (globalThis as unknown as { __preview: { metrics: Record<string, number> } }).__preview.metrics
            );
            expect(metrics.aeCount).toBe(500);
            expect(metrics.firstRenderMs).toBeGreaterThan(0);
            writeFileSync(join(ROOT, 'test-results', 'preview', 'territory-metrics.json'), `${JSON.stringify(metrics, null, 4)}\n`);

            const count = Number(/^(\d+)/.exec(await first.locator('.abm-tier1-count').innerText())![1]);
            const name = await first.locator('.abm-ae-name').innerText();
            await first.locator('lightning-button.abm-show-accounts button').click();
            await page.waitForSelector('tr.abm-ae-account');
            expect(await page.locator('section.abm-detail h2').innerText()).toBe(`Accounts of ${name}`);
            expect(await page.locator('tr.abm-ae-account').count()).toBe(count);
            expect(await page.locator('.preview-marker').count()).toBe(count);
            await preview.check('territory-map-detail', { docs: 'territory-map-detail' });

            await page.locator('[data-id="ae-search"] input').fill('Ben Okafor');
            await preview.until(() => page.locator('table.abm-aes tbody tr').count(), 1);
            expect(await page.locator('.abm-ae-name').innerText()).toBe('Ben Okafor');
        });

        it('without ABM_ReassignAccounts offers no reassign action', async () => {
            const { page } = preview;
            await preview.open('territory', { query: 'noPermission' });
            expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
            expect(await page.locator('lightning-button.abm-reassign').count()).toBe(0);
        });
    });
}
