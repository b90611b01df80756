/** Browser suite of abmHealthScorecard (record page and list mode); run by preview.test.ts in the shared session. */
import type { Preview } from './harness';

export function healthScorecardSuite(preview: Preview): void {
    describe('health scorecard', () => {
        it('on a record page: band with text and icon, score, drivers, flags, team, signals', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard');
            expect(await page.locator('c-abm-health-scorecard lightning-badge[data-id="band"]').innerText()).toBe('At risk');
            expect(
                await page
                    .locator(
                        'c-abm-health-scorecard lightning-badge[data-id="band"] lightning-primitive-icon, c-abm-health-scorecard lightning-badge[data-id="band"] svg'
                    )
                    .count()
            ).toBeGreaterThan(0);
            expect(await page.locator('[data-id="score"]').innerText()).toBe('48');
            expect(await texts('lightning-badge.abm-flag')).toEqual(['Dormant: no engagement for 60+ days', 'Coverage below minimum (3)']);
            expect(await page.locator('li.abm-driver').count()).toBe(6);
            expect(await page.locator('li.abm-driver[data-key="coverage"] .abm-driver-value').innerText()).toContain('2 of 3 minimum');
            expect(await page.locator('li.abm-driver[data-key="recency"] .abm-driver-value').innerText()).toContain(
                '64 days (stalling at 21)'
            );
            expect(await texts('li.abm-team-member')).toEqual(['Owner: Ana Lopez', 'SDR: Ben Okafor']);
            expect(await page.locator('li.abm-signal').count()).toBe(2);
            expect(await page.locator('.abm-stage').innerText()).toBe('SQL Account · 34 days in stage');
            expect(await page.locator('.abm-last-engagement').innerText()).toContain('64 days ago');
        });

        it('in list mode: riskiest first, stalling flagged, paginated', async () => {
            const { page } = preview;
            await preview.open('scorecard-list');
            expect(await page.locator('lightning-card .slds-card__header-title').innerText()).toBe("My team's Tier 1 accounts by risk");
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
            expect(await page.locator('table.abm-list tbody tr.abm-row_stalling').count()).toBe(8);
            expect(await page.locator('.abm-page-text').innerText()).toBe('Page 1 of 3');
            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 2 of 3');
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 3 of 3');
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(7);
            expect(await page.locator('[data-id="next"] button').isDisabled()).toBe(true);
        });
    });
}
