/**
 * Browser suite of abmHealthScorecard (record page and list mode): first its views (views.ts) through axe-core and the
 * overlap check, then behaviour.
 * Keyboard paths use Tab to reach a control (preview.tabTo proves it is in the tab order) and Enter, Space or Escape to
 * work it; every state reached by interaction (an open editor, a refused save, an open menu) goes through
 * preview.check (axe-core + overlap).
 */
import type { Preview } from './harness';
import { viewCheck } from './views';

type Navigation = { pageReference: { type: string; attributes: Record<string, string>; state?: Record<string, string> } };

/** "set 68 days ago" → 68, "set today" → 0, no next step → Infinity (the oldest). */
const age = (text: string): number => {
    if (/today/.test(text)) return 0;
    const m = /(\d+) days? ago/.exec(text);
    return m ? Number(m[1]) : Number.POSITIVE_INFINITY;
};

export function healthScorecardSuite(preview: Preview): void {
    const navigations = (): Promise<Navigation[]> =>
        preview.page.evaluate(() => (globalThis as unknown as { __preview: { navigations?: Navigation[] } }).__preview.navigations ?? []);

    describe('health scorecard', () => {
        viewCheck(preview, 'health-scorecard');

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
            expect(await texts('li.abm-signal .abm-signal-meta')).toEqual(['Topic surge · Bombora', 'Web visit · G2']);
            expect(await page.locator('.abm-stage').innerText()).toBe('SQL Account · 34 days in stage');
            expect(await page.locator('.abm-last-engagement').innerText()).toBe('Jan 5, 2026 · 64 days ago');
            expect(await page.locator('[data-id="next-step-age"]').innerText()).toBe('set 11 days ago');
            // Only read: the next test may start on this page (if nothing changed it).
            preview.keepForNextTest();
        });

        it('reaches each flag action with Tab and opens its standard form with default values by Enter or Space', async () => {
            const { page } = preview;
            await preview.open('scorecard');
            // Each action's accessible name says the account as well as the action.
            await preview.tabTo('New task: Northwind Logistics');
            await page.keyboard.press('Enter');
            await preview.tabTo('Add Economic Buyer: Northwind Logistics', { max: 3 });
            await page.keyboard.press('Space');
            const navs = await navigations();
            expect(navs).toHaveLength(2);
            const [task, contact] = [navs[0]!, navs[1]!];
            expect(task.pageReference.attributes).toEqual({ objectApiName: 'Task', actionName: 'new' });
            expect(task.pageReference.state).toEqual({
                defaultFieldValues: 'WhatId=001000000000001AAA,Subject=Re-engage%20Northwind%20Logistics,ActivityDate=2026-03-10',
                navigationLocation: 'RELATED_LIST'
            });
            expect(contact.pageReference).toEqual({
                type: 'standard__objectPage',
                attributes: { objectApiName: 'Contact', actionName: 'new' },
                state: {
                    defaultFieldValues: 'AccountId=001000000000001AAA,ABM_BuyingRole__c=Economic%20Buyer',
                    navigationLocation: 'RELATED_LIST'
                }
            });
        });

        it('edits the next step in place from the keyboard: Enter saves, LDS re-renders the card, focus returns to the pencil', async () => {
            const { page } = preview;
            await preview.open('scorecard');
            await preview.tabTo('Edit next step Northwind Logistics');
            await page.keyboard.press('Enter');
            await preview.until(() => preview.focusInside('[data-id="next-step-input"]'), true);
            expect(await page.locator('[data-id="next-step-input"] input').inputValue()).toBe('Exec briefing with the CFO on 12 March');
            await preview.check('health-scorecard-next-step-editing');
            await page.keyboard.press('Control+A');
            await page.keyboard.type('Pilot proposal to the COO');
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('[data-id="next-step-value"]').innerText(), 'Pilot proposal to the COO');
            await preview.until(() => preview.focused().then((f) => f.name), 'Edit next step Northwind Logistics');
        });

        it('closes the next-step editor with Escape, keeping the saved value, and returns focus to the pencil', async () => {
            const { page } = preview;
            await preview.open('scorecard');
            await preview.tabTo('Edit next step Northwind Logistics');
            await page.keyboard.press('Enter');
            await preview.until(() => preview.focusInside('[data-id="next-step-input"]'), true);
            await page.keyboard.press('Control+A');
            await page.keyboard.type('Not what I meant');
            await page.keyboard.press('Escape');
            await preview.until(() => page.locator('[data-id="next-step-input"]').count(), 0);
            expect(await page.locator('[data-id="next-step-value"]').innerText()).toBe('Exec briefing with the CFO on 12 March');
            await preview.until(() => preview.focused().then((f) => f.name), 'Edit next step Northwind Logistics');
            expect(await navigations()).toEqual([]);
        });

        it('keeps the draft when the save is refused, says why, and saves it on the next try', async () => {
            const { page } = preview;
            await preview.open('scorecard', { query: 'failSave' });
            await page.locator('[data-id="edit-next-step"] button').click();
            await page.locator('[data-id="next-step-input"] input').fill('Words the AE does not want to lose');
            await page.keyboard.press('Enter');
            await page.waitForSelector('.abm-next-step__error');
            expect(await page.locator('[data-id="next-step-input"] input').inputValue()).toBe('Words the AE does not want to lose');
            expect(await page.locator('.abm-next-step__error').innerText()).toContain('locked during the quarterly review');
            expect(await preview.focusInside('[data-id="next-step-input"]')).toBe(true);
            await preview.check('health-scorecard-save-refused');
            await page.keyboard.press('Enter');
            await preview.until(() => page.locator('[data-id="next-step-value"]').innerText(), 'Words the AE does not want to lose');
            expect(await page.locator('.abm-next-step__error').count()).toBe(0);
        });

        viewCheck(preview, 'health-scorecard-narrow');

        it('in a narrow region: one column', async () => {
            const { page } = preview;
            await preview.open('scorecard', { region: 'SMALL' });
            expect(await page.locator('.abm-scorecard_narrow').count()).toBe(1);
            const lefts = await page
                .locator('.abm-scorecard > div')
                .evaluateAll((nodes) => nodes.map((n) => Math.round(n.getBoundingClientRect().left)));
            expect(new Set(lefts).size).toBe(1);
            await page.locator('[data-id="edit-next-step"] button').click();
            await preview.check('health-scorecard-narrow-next-step-editing');
        });

        viewCheck(preview, 'health-scorecard-list');

        it('in list mode: riskiest first, each row with its next step and age, flags with named actions, owner; keyset pages', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard-list');
            expect(await page.locator('lightning-card .slds-card__header-title').innerText()).toBe("My team's Tier 1 accounts by risk");
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
            expect(await page.locator('table.abm-list tbody tr.abm-row_stalling').count()).toBe(8);
            expect(await page.locator('.abm-page-text').innerText()).toBe('Page 1 of 3 · 23 accounts');
            const first = page.locator('table.abm-list tbody tr').first();
            expect(await first.locator('th a').innerText()).toBe('Blue Foods');
            expect(await first.locator('[data-id="next-step-value"]').innerText()).toBe('Exec briefing with the CFO');
            expect(await first.locator('[data-id="next-step-age"]').innerText()).toBe('set 68 days ago');
            expect(await first.locator('[data-id="flag-action"] button').getAttribute('aria-label')).toBe('Log a call: Blue Foods');
            expect(await first.locator('td.abm-owner').innerText()).toBe('Dana Smith');
            // An account without a next step says so, with no age.
            const northwind = page.locator('table.abm-list tbody tr:has(th a:text-is("Northwind Logistics"))');
            expect(await northwind.locator('[data-id="next-step-value"]').innerText()).toBe('No next step set');
            expect(await northwind.locator('[data-id="next-step-age"]').count()).toBe(0);
            expect(await texts('table.abm-list tbody tr [data-id="flag-action"] button')).toContain('Add Economic Buyer');

            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 2 of 3 · 23 accounts');
            await page.locator('[data-id="next"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 3 of 3 · 23 accounts');
            expect(await page.locator('table.abm-list tbody tr').count()).toBe(7);
            expect(await page.locator('[data-id="next"] button').isDisabled()).toBe(true);
            await page.locator('[data-id="previous"] button').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 2 of 3 · 23 accounts');
        });

        it('in list mode: sorts from the column headers with the keyboard and says so with aria-sort', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard-list');
            const ariaSort = (sort: string) => () =>
                page.locator(`button[data-sort="${sort}"]`).evaluate((b) => b.parentElement?.getAttribute('aria-sort'));
            expect(await ariaSort('RISK')()).toBe('ascending');

            await preview.tabTo('Sort by Account');
            await page.keyboard.press('Enter');
            await preview.until(ariaSort('NAME'), 'ascending');
            const names = await texts('table.abm-list tbody th a');
            expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
            expect(await ariaSort('RISK')()).toBe('none');
            await preview.check('health-scorecard-list-by-name');
            await page.keyboard.press('Enter');
            await preview.until(ariaSort('NAME'), 'descending');
            const reversed = await texts('table.abm-list tbody th a');
            expect(reversed).toEqual([...reversed].sort((a, b) => b.localeCompare(a)));

            // Next step age: the oldest (and accounts without one) first.
            await preview.tabTo('Sort by Next step', { max: 10 });
            await page.keyboard.press('Enter');
            await preview.until(ariaSort('NEXT_STEP_AGE'), 'descending');
            const ages = (
                await page
                    .locator('table.abm-list tbody tr')
                    .evaluateAll((rows) => rows.map((r) => r.querySelector('c-abm-health-scorecard-next-step')?.textContent ?? ''))
            ).map(age);
            expect(ages.slice(0, 3)).toEqual([Infinity, Infinity, Infinity]);
            expect(ages).toEqual([...ages].sort((a, b) => b - a));
        });

        it('in list mode: filters by flag with a count per flag', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard-list');
            await page.locator('[data-id="filter"] button').click();
            expect(await texts('[data-id="filter"] lightning-base-combobox-item')).toEqual([
                'All accounts (23)',
                'Any flag (14)',
                'Stalling (10)',
                'Dormant (2)',
                'Coverage below minimum (7)',
                'Unassigned Tier 1 (1)'
            ]);
            await preview.check('health-scorecard-list-filter-open');
            await page.locator('[data-id="filter"] lightning-base-combobox-item[data-value="DORMANT"]').click();
            await preview.until(() => page.locator('.abm-page-text').innerText(), 'Page 1 of 1 · 2 accounts');
            const rows = await page.locator('table.abm-list tbody tr').count();
            expect(rows).toBe(2);
            expect(await page.locator('table.abm-list tbody tr [data-code="DORMANT"]').count()).toBe(rows);
            expect(await texts('table.abm-list tbody tr [data-code="DORMANT"] [data-id="flag-action"] button')).toEqual([
                'New task',
                'New task'
            ]);
        });

        it('in list mode: "Assign owner" only for holders of ABM_ReassignAccounts; a seller sees whom to ask', async () => {
            const { page } = preview;
            const unassigned = async (query?: string) => {
                await preview.open('scorecard-list', query ? { query } : {});
                await page.locator('[data-id="filter"] button').click();
                await page.locator('[data-id="filter"] lightning-base-combobox-item[data-value="UNASSIGNED_TIER1"]').click();
                await preview.until(() => page.locator('table.abm-list tbody tr').count(), 1);
                return page.locator('table.abm-list tbody tr [data-code="UNASSIGNED_TIER1"]');
            };
            const ops = await unassigned();
            expect(await ops.locator('[data-id="flag-action"] button').innerText()).toBe('Assign owner');
            expect(await ops.locator('[data-id="flag-hint"]').count()).toBe(0);

            const seller = await unassigned('noPermission');
            expect(await seller.locator('[data-id="flag-action"]').count()).toBe(0);
            expect(await seller.locator('[data-id="flag-hint"]').innerText()).toBe('Ask ABM operations to assign an owner.');
            await preview.check('health-scorecard-list-no-reassign');
        });

        it('in list mode: a refused next-step save keeps the draft in its row; the retry saves it, dated today', async () => {
            const { page } = preview;
            await preview.open('scorecard-list', { query: 'failSave' });
            const row = page.locator('table.abm-list tbody tr:has(th a:text-is("Northwind Logistics"))');
            await row.locator('[data-id="edit-next-step"] button').focus();
            await page.keyboard.press('Enter');
            await preview.until(() => preview.focusInside('[data-id="next-step-input"]'), true);
            await page.keyboard.type('Call the new COO about the pilot');
            await page.keyboard.press('Enter');
            await row.locator('.abm-next-step__error').waitFor();
            expect(await row.locator('[data-id="next-step-input"] input').inputValue()).toBe('Call the new COO about the pilot');
            await preview.check('health-scorecard-list-save-refused');
            await page.keyboard.press('Enter');
            await preview.until(() => row.locator('[data-id="next-step-value"]').innerText(), 'Call the new COO about the pilot');
            await preview.until(() => row.locator('[data-id="next-step-age"]').innerText(), 'set today');
            await preview.until(() => preview.focused().then((f) => f.name), 'Edit next step Northwind Logistics');
        });

        viewCheck(preview, 'health-scorecard-list-narrow');

        it('in a narrow region the list becomes cards with a sort picker, each with its next step and actions', async () => {
            const { page, texts } = preview;
            await preview.open('scorecard-list', { region: 'SMALL' });
            expect(await page.locator('table.abm-list').count()).toBe(0);
            expect(await page.locator('li.abm-card').count()).toBe(8);
            const first = page.locator('li.abm-card').first();
            expect(await first.locator('[data-id="next-step-age"]').innerText()).toBe('set 68 days ago');
            expect(await first.locator('[data-id="flag-action"] button').getAttribute('aria-label')).toBe('Log a call: Blue Foods');
            await page.locator('[data-id="sort"] button').click();
            await page.locator('[data-id="sort"] lightning-base-combobox-item[data-value="NAME"]').click();
            await preview.until(async () => {
                const names = await texts('li.abm-card .abm-card__name');
                return names.join('|') === [...names].sort((a, b) => a.localeCompare(b)).join('|') && names[0] !== 'Blue Foods';
            }, true);
            await first.locator('[data-id="edit-next-step"] button').click();
            await preview.check('health-scorecard-list-narrow-editing');
        });
    });
}
