/** Browser suite of abmAccountPlan; run by preview.test.ts in the shared session. */
import type { Preview } from './harness';

export function accountPlanSuite(preview: Preview): void {
    describe('account plan', () => {
        it('overdue review, completeness, sections, committee gaps, inline edit', async () => {
            const { page, texts } = preview;
            await preview.open('plan');
            expect(await page.locator('p.abm-review').innerText()).toContain('Review overdue since 2026-02-18 (20 days)');
            expect(await page.locator('.abm-overall').innerText()).toBe('15% complete');
            expect(await page.locator('li.abm-section').count()).toBe(10);
            expect(await page.locator('li.abm-section[data-field="Overview__c"] .abm-section-percent').innerText()).toBe('100% complete');
            expect(await texts('li.abm-gap lightning-badge')).toEqual([
                'No Decision Maker',
                'No Economic Buyer',
                'Only 2 engaged contacts (minimum 3)'
            ]);
            expect(await page.locator('tr.abm-member').count()).toBe(4);

            await page.locator('li.abm-section[data-field="Timeline__c"] lightning-button-icon.abm-edit button').click();
            await page
                .locator('lightning-textarea.abm-draft textarea')
                .fill('Pilot in April, UK rollout in Q3, EU in Q4 after the union consultation.');
            await preview.check('account-plan-editing');
            await page.locator('[data-id="save"] button').click();
            await page.waitForSelector('li.abm-section[data-field="Timeline__c"] .abm-section-text');
            expect(await page.locator('li.abm-section[data-field="Timeline__c"] .abm-section-text').innerText()).toContain(
                'Pilot in April'
            );
            expect(await page.locator('li.abm-section[data-field="Timeline__c"] .abm-section-percent').innerText()).toBe('36% complete');
            expect(await page.locator('#toasts h2').first().innerText()).toBe('Saved');
        });
    });
}
