/**
 * `npm run bench -- territory-map`: the territory map at 500 AEs / 7,500 Tier 1 accounts (+ Tier 2 books) in the local
 * preview (real LWC engine + lightning-base-components + SLDS in headless Chromium, generated fixture): first render,
 * measured in the page from createElement to the frame after the first AE rows are painted (the summary arrives in one
 * stubbed call like the controller's single round trip), then, from the test driver, the AE name filter, a sort by
 * Tier 1 book and opening the 2,000-account book of a departed AE (first keyset page). Browser-side figures; the Apex
 * side runs in the org.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromium';

const ROOT = resolve(__dirname, '..', '..');
const RUNS = 7;

type Metrics = { firstRenderMs: number; fixtureLoadMs: number; aeCount: number; tier1Count: number; summaryBytes: number };

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

export async function run(): Promise<void> {
    const build = spawnSync(process.execPath, [join(ROOT, 'preview', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`preview build failed: ${build.stderr}`);
    const server = spawn(process.execPath, [join(ROOT, 'preview', 'serve.mjs'), '--port', '0'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit']
    });
    const base = await new Promise<string>((ok) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
            if (m) ok(`http://127.0.0.1:${m[1]}`);
        });
    });
    const browser = await chromium.launch({
        executablePath: process.env.ABM_CHROMIUM ?? '/usr/bin/chromium',
        args: [...CHROMIUM_ARGS]
    });
    try {
        const samples: Metrics[] = [];
        const filterMs: number[] = [];
        const sortMs: number[] = [];
        const detailMs: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
            await page.goto(`${base}/preview/index.html?view=territory`);
            await page.waitForSelector('body[data-ready="true"]');
            samples.push(await page.evaluate(() => (globalThis as unknown as { __preview: { metrics: Metrics } }).__preview.metrics));
            const firstName = await page.locator('table.abm-aes .abm-ae-name').first().innerText();
            let started = Date.now();
            await page.locator('button.abm-sort[data-key="tier1"]').click();
            while ((await page.locator('table.abm-aes .abm-ae-name').first().innerText()) === firstName) await page.waitForTimeout(5);
            sortMs.push(Date.now() - started);
            started = Date.now();
            await page.locator('li.abm-other-owner lightning-button.abm-show-accounts button').first().click();
            await page.waitForSelector('tr.abm-detail-account');
            detailMs.push(Date.now() - started);
            started = Date.now();
            await page.locator('[data-id="ae-search"] input').fill('Ben');
            while ((await page.locator('table.abm-aes tbody tr').count()) === 50) await page.waitForTimeout(5);
            filterMs.push(Date.now() - started);
            await page.close();
        }
        const first = samples.map((s) => s.firstRenderMs);
        const s0 = samples[0]!;
        process.stdout.write(
            `territory map, ${s0.aeCount} AEs / ${s0.tier1Count} Tier 1 accounts, summary ${(s0.summaryBytes / 1024).toFixed(0)} KB, ${RUNS} cold page loads:\n` +
                `  first render (createElement → first 50 AE rows painted): median ${median(first).toFixed(0)} ms, min ${Math.min(...first).toFixed(0)} ms, max ${Math.max(...first).toFixed(0)} ms\n` +
                `  fixture fetch + parse (stands in for the one Apex call): median ${median(samples.map((s) => s.fixtureLoadMs)).toFixed(0)} ms\n` +
                `  sort by Tier 1 book (click → first row changed, from the test driver): median ${median(sortMs)} ms\n` +
                `  open a departed AE's 2,000-account book (click → first 50 rows, model fetch included on the first open): median ${median(detailMs)} ms\n` +
                `  AE name filter "Ben" (keystrokes → rows updated, from the test driver): median ${median(filterMs)} ms\n`
        );
    } finally {
        await browser.close();
        server.kill();
    }
}
