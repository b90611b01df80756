/**
 * The plan's HTML report as a RevOps lead sees it: rendered in headless Chromium (Debian's, driven by playwright-core),
 * with assertions on the rendered DOM and a screenshot in test-results/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { abmArgv } from '../abm-cli';
import { CHROMIUM_ARGS } from '../chromium';

jest.setTimeout(120_000);
const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let out: string;

beforeAll(async () => {
    if (!existsSync(CHROMIUM))
        throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
    out = mkdtempSync(join(tmpdir(), 'abm-report-'));
    execFileSync(process.execPath, abmArgv(['rebalance', 'plan', '--snapshot', 'data/sample-org', '--out', out]), {
        cwd: ROOT,
        stdio: 'pipe'
    });
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [...CHROMIUM_ARGS]
    });
});
afterAll(async () => browser?.close());

it('shows each tier with its KPIs, one load bar per seller against the band, the secondary owners, and every move', async () => {
    const saved = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as {
        plan: {
            moves: unknown[];
            metrics: { tier: string; capacityViolations: number; perSeller: unknown[] }[];
            secondaryChanges: unknown[];
            secondaryMetrics: { tier: string; perSeller: unknown[] }[];
        };
    };
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${join(out, 'report.html')}`);
    expect(await page.locator('h1').innerText()).toBe('Territory rebalance plan');
    expect(await page.locator('h2').allInnerTexts()).toEqual([
        ...saved.plan.metrics.map((m) => `Tier ${m.tier}`),
        ...saved.plan.secondaryMetrics.map((m) => `Tier ${m.tier} secondary owners (specialists)`),
        'Every move'
    ]);
    // The secondary owners' section: one band per specialist, one row per change.
    const specialists = page.locator('h2', { hasText: 'secondary owners' }).locator('xpath=following-sibling::figure[1]');
    expect(await specialists.locator('rect.after').count()).toBe(saved.plan.secondaryMetrics[0]!.perSeller.length);
    expect(
        await page.locator('h2', { hasText: 'secondary owners' }).locator('xpath=following-sibling::table[1]').locator('tbody tr').count()
    ).toBe(saved.plan.secondaryChanges.length);
    const tier1 = saved.plan.metrics[0]!;
    const kpi = page.locator('.kpi', { hasText: 'Capacity violations' }).first();
    expect(await kpi.locator('b').innerText()).toBe(String(tier1.capacityViolations));
    expect(await page.locator('figure').first().locator('rect.after').count()).toBe(tier1.perSeller.length);
    expect(await page.locator('figure').first().locator('rect.band').count()).toBe(tier1.perSeller.length);
    // The last table lists every move, one row each.
    expect(await page.locator('table').last().locator('tbody tr').count()).toBe(saved.plan.moves.length);
    // Self-contained: nothing but the file itself was requested.
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'rebalance-report.png'), fullPage: false });
    await page.close();
});
