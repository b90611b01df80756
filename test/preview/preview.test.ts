/**
 * The three ABM components rendered for real outside Salesforce: the preview bundle (preview/build.mjs: LWC engine,
 * synthetic shadow, lightning-base-components, SLDS, stand-ins for the platform modules and fixture data) served on
 * 127.0.0.1 and opened in headless Chromium. Asserts on what a user sees and writes a screenshot of each view to
 * docs/screenshots/ (for the README) and test-results/preview/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromium';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '..', '..');
const CHROMIUM = process.env.ABM_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'docs', 'screenshots');
const RESULTS = join(ROOT, 'test-results', 'preview');

let server: ChildProcess | undefined;
let base = '';
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

async function startServer(): Promise<string> {
    server = spawn(process.execPath, [join(ROOT, 'preview', 'serve.mjs'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolveUrl, reject) => {
        let out = '';
        server!.stdout!.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
            if (m) resolveUrl(`http://127.0.0.1:${m[1]}`);
        });
        server!.on('exit', (code) => reject(new Error(`preview server exited with ${code}: ${out}`)));
    });
}

async function open(view: string, query = ''): Promise<void> {
    await page.goto(`${base}/preview/index.html?view=${view}${query}`);
    await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
}

async function shot(name: string): Promise<void> {
    const png = await page.screenshot({ fullPage: true });
    writeFileSync(join(SHOTS, `${name}.png`), png);
    writeFileSync(join(RESULTS, `${name}.png`), png);
}

const texts = (selector: string): Promise<string[]> => page.locator(selector).allInnerTexts();

/** Polls until `read()` returns `expected` (synthetic shadow hides component DOM from document.querySelector). */
async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    while (Date.now() < deadline) {
        last = await read().catch(() => undefined);
        if (last === expected) return;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set ABM_CHROMIUM`);
    }
    const build = spawnSync(process.execPath, [join(ROOT, 'preview', 'build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    if (build.status !== 0) throw new Error(`preview build failed:\n${build.stderr}`);
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(RESULTS, { recursive: true });
    base = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
}, 360_000);

afterAll(async () => {
    await browser?.close();
    server?.kill();
});

afterEach(() => {
    expect(pageErrors).toEqual([]);
});

describe('preview in headless Chromium', () => {
    it('health scorecard on a record page: band with text and icon, score, drivers, flags, team, signals', async () => {
        await open('scorecard');
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
        expect(await page.locator('li.abm-driver[data-key="recency"] .abm-driver-value').innerText()).toContain('64 days (stalling at 21)');
        expect(await texts('li.abm-team-member')).toEqual(['Owner: Ana Lopez', 'SDR: Ben Okafor']);
        expect(await page.locator('li.abm-signal').count()).toBe(2);
        expect(await page.locator('.abm-stage').innerText()).toBe('SQL Account · 34 days in stage');
        expect(await page.locator('.abm-last-engagement').innerText()).toContain('64 days ago');
        await shot('health-scorecard');
    });

    it('health scorecard in list mode: riskiest first, stalling flagged, paginated', async () => {
        await open('scorecard-list');
        expect(await page.locator('lightning-card .slds-card__header-title').innerText()).toBe("My team's Tier 1 accounts by risk");
        expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
        expect(await page.locator('table.abm-list tbody tr.abm-row_stalling').count()).toBe(8);
        expect(await page.locator('.abm-page-text').innerText()).toBe('Page 1 of 3');
        await shot('health-scorecard-list');
        await page.locator('[data-id="next"] button').click();
        await until(() => page.locator('.abm-page-text').innerText(), 'Page 2 of 3');
        expect(await page.locator('table.abm-list tbody tr').count()).toBe(8);
        await page.locator('[data-id="next"] button').click();
        await until(() => page.locator('.abm-page-text').innerText(), 'Page 3 of 3');
        expect(await page.locator('table.abm-list tbody tr').count()).toBe(7);
        expect(await page.locator('[data-id="next"] button').isDisabled()).toBe(true);
    });

    it('territory map at 500 AEs / 7,500 Tier 1 accounts: totals, gaps, problems, first page, lazy detail, AE search', async () => {
        await open('territory');
        expect(await page.locator('.abm-totals').innerText()).toBe('500 AEs · 7500 Tier 1 accounts');
        expect(await page.locator('.abm-gap-count').innerText()).toContain('40 unassigned Tier 1 accounts');
        expect(await page.locator('li.abm-gap').count()).toBe(10);
        expect(await page.locator('li.abm-problem').count()).toBe(10);
        expect(await page.locator('li.abm-problem[data-code="OWNER_NOT_ACTIVE_AE"]').count()).toBe(0); // listed after the AE problems
        expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
        expect(await page.locator('.abm-showing').innerText()).toBe('Showing 50 of 500 AEs');
        const first = page.locator('table.abm-aes tbody tr').first();
        expect(await first.locator('.abm-tier1-count').innerText()).toMatch(/^\d+ \(band 10-15\)$/);
        expect(['Over capacity', 'Under capacity', 'Within capacity']).toContain(await first.locator('lightning-badge').innerText());
        const metrics = await page.evaluate(
            () => (globalThis as unknown as { __preview: { metrics: Record<string, number> } }).__preview.metrics
        );
        expect(metrics.aeCount).toBe(500);
        expect(metrics.tier1Count).toBe(7500);
        expect(metrics.firstRenderMs).toBeGreaterThan(0);
        writeFileSync(join(RESULTS, 'territory-metrics.json'), `${JSON.stringify(metrics, null, 4)}\n`);
        await shot('territory-map');

        const count = Number(/^(\d+)/.exec(await first.locator('.abm-tier1-count').innerText())![1]);
        const name = await first.locator('.abm-ae-name').innerText();
        await first.locator('lightning-button.abm-show-accounts button').click();
        await page.waitForSelector('tr.abm-ae-account');
        expect(await page.locator('section.abm-detail h2').innerText()).toBe(`Accounts of ${name}`);
        expect(await page.locator('tr.abm-ae-account').count()).toBe(count);
        expect(await page.locator('.preview-marker').count()).toBe(count);
        expect(await page.locator('tr.abm-ae-account lightning-button.abm-reassign').count()).toBe(count);
        await shot('territory-map-detail');

        await page.locator('[data-id="ae-search"] input').fill('Ben Okafor');
        await until(() => page.locator('table.abm-aes tbody tr').count(), 1);
        expect(await page.locator('.abm-ae-name').innerText()).toBe('Ben Okafor');
    });

    it('territory map without ABM_ReassignAccounts offers no reassign action', async () => {
        await open('territory', '&noPermission');
        expect(await page.locator('table.abm-aes tbody tr').count()).toBe(50);
        expect(await page.locator('lightning-button.abm-reassign').count()).toBe(0);
    });

    it('account plan: overdue review, completeness, sections, committee gaps, inline edit', async () => {
        await open('plan');
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
        await shot('account-plan');

        await page.locator('li.abm-section[data-field="Timeline__c"] lightning-button-icon.abm-edit button').click();
        await page
            .locator('lightning-textarea.abm-draft textarea')
            .fill('Pilot in April, UK rollout in Q3, EU in Q4 after the union consultation.');
        await page.locator('[data-id="save"] button').click();
        await page.waitForSelector('li.abm-section[data-field="Timeline__c"] .abm-section-text');
        expect(await page.locator('li.abm-section[data-field="Timeline__c"] .abm-section-text').innerText()).toContain('Pilot in April');
        expect(await page.locator('li.abm-section[data-field="Timeline__c"] .abm-section-percent').innerText()).toBe('36% complete');
        expect(await page.locator('#toasts h2').first().innerText()).toBe('Saved');
    });
});
