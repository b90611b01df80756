/** Browser suite of abmHealthScorecard (record page and list mode); run by preview.test.ts in the shared session. */
import type { Preview } from './harness';

type Navigation = { pageReference: { type: string; attributes: Record<string, string>; state?: Record<string, string> } };

export function healthScorecardSuite(preview: Preview): void {
    const navigations = (): Promise<Navigation[]> =>
        preview.page.evaluate(() => (globalThis as unknown as { __preview: { navigations?: Navigation[] } }).__preview.navigations ?? []);

    describe('health scorecard', () => {
        it('on a record page: band, score and trend, flags with their actions, drivers in words, team, signals', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard');
            expect(await page.locator('c-abm-health-scorecard-record [data-id="band"]').innerText()).toBe('At risk');
            expect(await page.locator('c-abm-health-scorecard-record [data-id="score"]').innerText()).toBe('48');
            expect(await page.locator('[data-id="trend-change"]').innerText()).toBe('Down 18 points in 12 weeks');
            expect(await page.locator('svg.abm-trend__chart').getAttribute('aria-label')).toBe(
                'Health score from 66 (week of Dec 15, 2025) to 48 (week of Mar 2, 2026)'
            );
            expect(await texts('c-abm-health-scorecard-flag .abm-badge__text')).toEqual([
                'Dormant: no engagement for 60+ days',
                'Coverage below minimum (3)'
            ]);
            expect(await texts('c-abm-health-scorecard-flag [data-id="flag-action"] button')).toEqual(['New task', 'Add Economic Buyer']);
            expect(await page.locator('li.abm-driver').count()).toBe(6);
            expect(await page.locator('li.abm-driver[data-key="coverage"] .abm-driver-value').innerText()).toContain('2 of 3 minimum');
            expect(await page.locator('li.abm-driver[data-key="recency"] .abm-driver-value').innerText()).toContain(
                '64 days (stalling at 21)'
            );
            expect(await page.locator('li.abm-driver[data-key="coverage"] [role="progressbar"]').getAttribute('aria-label')).toBe(
                'Contact coverage: 2 of 3 minimum'
            );
            expect(await texts('li.abm-team-member')).toEqual(['Owner: Ana Lopez', 'SDR: Ben Okafor']);
            expect(await page.locator('li.abm-signal').count()).toBe(2);
            expect(await page.locator('.abm-stage').innerText()).toBe('SQL Account · 34 days in stage');
            expect(await page.locator('.abm-last-engagement').innerText()).toBe('Jan 5, 2026 · 64 days ago');
            expect(await page.locator('[data-id="next-step-age"]').innerText()).toBe('set 11 days ago');
        });

        it('each flag action opens the standard form with default values', async () => {
            const { page } = preview;
            await preview.open('scorecard');
            await page.locator('[data-code="COVERAGE_LOW"] [data-id="flag-action"] button').click();
            await page.locator('[data-code="DORMANT"] [data-id="flag-action"] button').click();
            const navs = await navigations();
            expect(navs).toHaveLength(2);
            const [contact, task] = [navs[0]!, navs[1]!];
            expect(contact.pageReference).toEqual({
                type: 'standard__objectPage',
                attributes: { objectApiName: 'Contact', actionName: 'new' },
                state: {
                    defaultFieldValues: 'AccountId=001000000000001AAA,ABM_BuyingRole__c=Economic%20Buyer',
                    navigationLocation: 'RELATED_LIST'
                }
            });
            expect(task.pageReference.attributes).toEqual({ objectApiName: 'Task', actionName: 'new' });
            expect(task.pageReference.state?.defaultFieldValues).toBe(
                'WhatId=001000000000001AAA,Subject=Re-engage%20Northwind%20Logistics,ActivityDate=2026-03-10'
            );
        });

        it('edits the next step in place with the keyboard; LDS re-renders the card', async () => {
            const { page } = preview;
            await preview.open('scorecard');
            await page.locator('[data-id="edit-next-step"] button').click();
            expect(await preview.focusInside('[data-id="next-step-input"]')).toBe(true);
            await preview.check('health-scorecard-next-step-editing');
            await page.keyboard.press('Control+A');
            await page.keyboard.type('Pilot proposal to the COO');
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('[data-id="next-step-value"]').innerText(), 'Pilot proposal to the COO');
            expect(await preview.focusInside('[data-id="edit-next-step"]')).toBe(true);
        });

        it('keeps the draft when the save is refused', async () => {
            const { page } = preview;
            await preview.open('scorecard', { query: 'failSave' });
            await page.locator('[data-id="edit-next-step"] button').click();
            await page.locator('[data-id="next-step-input"] input').fill('Words the AE does not want to lose');
            await page.locator('[data-id="save-next-step"] button').click();
            await page.waitForSelector('.abm-next-step__error');
            expect(await page.locator('[data-id="next-step-input"] input').inputValue()).toBe('Words the AE does not want to lose');
            expect(await page.locator('.abm-next-step__error').innerText()).toContain('locked during the quarterly review');
            await preview.check('health-scorecard-save-refused');
        });

        it('in a narrow region: one column', async () => {
            const { page } = preview;
            await preview.open('scorecard', { region: 'SMALL' });
            expect(await page.locator('.abm-scorecard_narrow').count()).toBe(1);
            const lefts = await page
                .locator('.abm-scorecard > div')
                .evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().left)));
            expect(new Set(lefts).size).toBe(1);
        });

        it('in list mode: riskiest first, next step with its age, flags with actions, keyset pages', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard-list');
            expect(await page.locator('lightning-card .slds-card__header-title').innerText()).toBe("My team's Tier 1 accounts by risk");
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
            expect(await page.locator('table.abm-list tbody tr.abm-row_stalling').count()).toBe(8);
            expect(await page.locator('.abm-page-text').innerText()).toBe('Page 1 of 3 · 23 accounts');
            expect(await page.locator('table.abm-list tbody tr').first().locator('c-abm-health-scorecard-flag').count()).toBeGreaterThan(0);
            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 2 of 3 · 23 accounts');
            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 3 of 3 · 23 accounts');
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(7);
            expect(await page.locator('[data-id="next"] button').isDisabled()).toBe(true);

            await page.locator('button[data-sort="NAME"]').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 1 of 3 · 23 accounts');
            const names = await texts('table.abm-list tbody th a');
            expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
            expect(await page.locator('button[data-sort="NAME"]').evaluate((b) => b.parentElement?.getAttribute('aria-sort'))).toBe(
                'ascending'
            );
            await preview.check('health-scorecard-list-by-name');
        });

        it('in list mode: filters by flag with a count per flag', async () => {
            const { page } = preview;
            await preview.open('scorecard-list');
            await page.locator('[data-id="filter"] button').click();
            await page.locator('[data-id="filter"] lightning-base-combobox-item[data-value="DORMANT"]').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 1 of 1 · 2 accounts');
            const rows = await page.locator('table.abm-list tbody tr').count();
            expect(rows).toBe(2);
            expect(await page.locator('table.abm-list tbody tr [data-code="DORMANT"]').count()).toBe(rows);
        });

        it('in a narrow region the list becomes cards', async () => {
            const { page } = preview;
            await preview.open('scorecard-list', { region: 'SMALL' });
            expect(await page.locator('table.abm-list').count()).toBe(0);
            expect(await page.locator('li.abm-card').count()).toBe(8);
        });
    });
}
