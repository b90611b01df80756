/**
 * The browser side of the preview tests: builds the preview bundle (preview/build.mjs, cached), serves it on 127.0.0.1,
 * drives headless Chromium through playwright-core, and checks what users see on every view:
 *
 * - `check(name)`: axe-core (WCAG 2.0/2.1/2.2 A and AA plus best practices) on the page as rendered, failing on any
 *   violation and on any rule axe could not run; then the overlap check (no text box painted over another); then a
 *   screenshot to test-results/preview/<name>.png when either fails. ABM_SCREENSHOTS=1 (`npm run screenshots`) writes one
 *   for every checked state and refreshes docs/screenshots/<docs>.png from the views that name a `docs` file;
 *   ABM_SCREENSHOTS=results writes only test-results/. A plain `npm test` never writes into docs/.
 * - `open(view, …)`: one preview view (preview/src/views), optionally in a narrow region (`region: 'SMALL'`). The first
 *   open loads the page; later ones show the view in that page (preview/src/main.js `__previewShow`: the component
 *   removed, the page as served, the globals and view state the last view added gone), which costs a tenth of a page
 *   load's CPU. checks.ts proves that a view shown so is the page a page load shows.
 * - keyboard helpers: `tab()`, `tabTo(name)`, `focused()`, `focusInside()`.
 *
 * One browser and one page per test file: preview.test.ts runs every component's suite in it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromium';

export const ROOT = resolve(__dirname, '..', '..');
const CHROMIUM = process.env.ABM_CHROMIUM ?? '/usr/bin/chromium';
const DOCS_SHOTS = join(ROOT, 'docs', 'screenshots');
const RESULTS = join(ROOT, 'test-results', 'preview');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PAGE_CHECKS = join(__dirname, 'page-checks.js');
/** `npm run screenshots` sets it: refresh docs/screenshots from the views that name a docs file. */
export const WRITE_DOCS = process.env.ABM_SCREENSHOTS === '1';
/** Every checked state to test-results/preview/<name>.png: with ABM_SCREENSHOTS=1 (also `test-results` only: =results). */
const WRITE_SCREENSHOTS = WRITE_DOCS || process.env.ABM_SCREENSHOTS === 'results';
/** ABM_PREVIEW_RELOAD=1: a page load for every view opened (as before views were shown in the loaded page). */
const RELOAD = process.env.ABM_PREVIEW_RELOAD === '1';

/**
 * V8 in the page without helper threads (--single-threaded: compilation and garbage collection on the main thread, not
 * on worker threads beside it). The page runs the same code to the same results; the helper threads only added CPU in
 * all (six alternated runs of preview.test.ts: 59.8 -> 55.8 CPU-s on average), and the tests wait on the page either
 * way. Not in CHROMIUM_ARGS: the territory-map benchmark times first renders as a browser runs them.
 */
const V8_WITHOUT_HELPER_THREADS = '--js-flags=--single-threaded';

/** Desktop: a Lightning app page in a 1280 px browser. A narrow region (sidebar, utility bar) is 380 px wide. */
export const DESKTOP = { width: 1200, height: 900 };
export type Region = 'SMALL' | 'MEDIUM' | 'LARGE';

export type OpenOptions = {
    /** Extra query parameters, e.g. `noPermission` or `aes=40`. */
    query?: string;
    /** flexipageRegionWidth passed to the component; SMALL also renders it in a 380 px wide region. */
    region?: Region;
    /** A page load, not the view shown in the page already loaded (the bite tests compare the two). */
    reload?: boolean;
};

export type CheckOptions = {
    /** docs/screenshots/<docs>.png, refreshed by `npm run screenshots`. */
    docs?: string;
    /** Only this part of the page in the screenshot (default: the full page). */
    clip?: 'page' | 'viewport';
};

export type AxeFinding = { rule: string; impact: string; help: string; nodes: string[] };
export type Overlap = { first: string; second: string; where: string; overlap: string };

export type Preview = {
    readonly page: Page;
    readonly pageErrors: string[];
    open(view: string, options?: OpenOptions): Promise<void>;
    /**
     * The page as opened (and checked) so far may serve the next `open` of the same view, in this test or the next one,
     * instead of a new page load, when nothing touched it in between (no DOM change, input or focus change:
     * page-checks.js `watch`). For tests that open a view and only read it (viewCheck).
     */
    keepForNextTest(): void;
    check(name: string, options?: CheckOptions): Promise<void>;
    axe(): Promise<{ violations: AxeFinding[]; errors: string[] }>;
    overlaps(): Promise<Overlap[]>;
    tab(times?: number, shift?: boolean): Promise<void>;
    /** Presses Tab (Shift+Tab with `shift`) until the focused element's name is `name`; fails after `max` presses. */
    tabTo(name: string, options?: { max?: number; shift?: boolean }): Promise<void>;
    focused(): Promise<{ name: string; tag: string; path: string; role: string }>;
    focusInside(selector: string): Promise<boolean>;
    /**
     * Presses Tab `times` times and returns, after each press, whether the focus is inside `selector` (focusInside after
     * every press, noted in the page: one round trip per press instead of two). Fewer entries than presses means the
     * focus left the page.
     */
    tabInside(times: number, selector: string): Promise<boolean[]>;
    until<T>(read: () => Promise<T>, expected: T, timeoutMs?: number): Promise<void>;
    texts(selector: string): Promise<string[]>;
};

function startServer(): Promise<{ server: ChildProcess; base: string }> {
    const server = spawn(process.execPath, [join(ROOT, 'preview', 'serve.mjs'), '--port', '0'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    return new Promise((ok, fail) => {
        let out = '';
        server.stdout!.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
            if (m) ok({ server, base: `http://127.0.0.1:${m[1]}` });
        });
        server.on('exit', (code) => fail(new Error(`preview server exited with ${code}: ${out}`)));
    });
}

function hashes(dir: string): Map<string, string> {
    const map = new Map<string, string>();
    if (!existsSync(dir)) return map;
    for (const name of readdirSync(dir))
        map.set(
            name,
            createHash('sha256')
                .update(readFileSync(join(dir, name)))
                .digest('hex')
        );
    return map;
}

/** Registers beforeAll/afterAll/afterEach for one browser session and returns the helpers. */
export function usePreview(): Preview {
    let server: ChildProcess | undefined;
    let browser: Browser | undefined;
    let base = '';
    let page!: Page;
    const pageErrors: string[] = [];
    let docsBefore = new Map<string, string>();
    let opened = '';
    let kept: { url: string; test: string | undefined } | undefined;
    const currentTest = () => expect.getState().currentTestName;

    beforeAll(async () => {
        if (!existsSync(CHROMIUM)) {
            throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set ABM_CHROMIUM`);
        }
        const build = spawnSync(process.execPath, [join(ROOT, 'preview', 'build.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
        if (build.status !== 0) throw new Error(`preview build failed:\n${build.stderr}`);
        mkdirSync(RESULTS, { recursive: true });
        docsBefore = hashes(DOCS_SHOTS);
        ({ server, base } = await startServer());
        browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, V8_WITHOUT_HELPER_THREADS] });
        page = await browser.newPage({ viewport: DESKTOP, reducedMotion: 'reduce' });
        page.setDefaultTimeout(15_000);
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.addInitScript({ path: PAGE_CHECKS });
        await page.addInitScript({ path: AXE });
    }, 360_000);

    afterAll(async () => {
        await browser?.close();
        server?.kill();
        if (!WRITE_DOCS) {
            // `npm test` must leave the working tree as it found it.
            expect(hashes(DOCS_SHOTS)).toEqual(docsBefore);
        }
    });

    afterEach(() => {
        // A kept page serves only the test right after the one that kept it.
        if (kept && kept.test !== currentTest()) kept = undefined;
        const errors = pageErrors.splice(0);
        expect(errors).toEqual([]);
    });

    const preview: Preview = {
        get page() {
            return page;
        },
        pageErrors,

        async open(view, options = {}) {
            const params = new URLSearchParams({ view });
            if (options.region) params.set('region', options.region);
            const query = [params.toString(), options.query].filter(Boolean).join('&');
            const url = `${base}/preview/index.html?${query}`;
            const reuse = kept?.url === url && page.url() === url;
            kept = undefined;
            if (
                reuse &&
                (await page.evaluate(() => (globalThis as unknown as { __abmChecks: { untouched(): boolean } }).__abmChecks.untouched()))
            ) {
                return;
            }
            opened = url;
            // The bundle already runs in this page: show the view in it (main.js `__previewShow`: the component removed,
            // the page as served, the view's fresh state) instead of loading the page, its 5 MB bundle and SLDS again.
            const shown =
                !RELOAD && !options.reload && page.url().startsWith(`${base}/preview/index.html?`)
                    ? await page.evaluate(
                          (q) => (globalThis as unknown as { __previewShow?: (q: string) => Promise<string> }).__previewShow?.(q) ?? null,
                          query
                      )
                    : null;
            if (shown === null) {
                await page.goto(url);
                await page.waitForSelector('body[data-ready]', { timeout: 30_000 });
            }
            const ready = await page.evaluate(() => {
                const w = globalThis as unknown as {
                    document: { body: { getAttribute(name: string): string | null } };
                    __abmChecks: { watch(): void };
                };
                const state = w.document.body.getAttribute('data-ready');
                if (state === 'true') w.__abmChecks.watch();
                return state;
            });
            if (ready !== 'true') throw new Error(`preview view "${view}" failed: ${await page.locator('#root').innerText()}`);
        },

        keepForNextTest() {
            kept = { url: opened, test: currentTest() };
        },

        async axe() {
            return page.evaluate(async () => {
                const w = globalThis as unknown as {
                    document: unknown;
                    __abmChecks: { shimSyntheticShadowForAxe(): void };
                    axe: {
                        configure(spec: { noHtml: boolean }): void;
                        run(
                            context: unknown,
                            options: object
                        ): Promise<{
                            violations: {
                                id: string;
                                impact: string;
                                help: string;
                                nodes: { target: string[]; failureSummary: string }[];
                            }[];
                            incomplete: { id: string; error?: { message?: string } }[];
                        }>;
                    };
                };
                w.__abmChecks.shimSyntheticShadowForAxe();
                // No HTML source of each node checked: the report names nodes by selector, and building the source
                // (outerHTML through synthetic shadow's JavaScript serializer) for every node a rule looks at is a fifth
                // of axe's time on the territory map. The rules and what they check are the same.
                w.axe.configure({ noHtml: true });
                const result = await w.axe.run(w.document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                    resultTypes: ['violations']
                });
                return {
                    violations: result.violations.map((v) => ({
                        rule: v.id,
                        impact: v.impact,
                        help: v.help,
                        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' > ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`)
                    })),
                    // A rule that threw is reported as "incomplete" with an error: it checked nothing, so it must fail.
                    errors: result.incomplete.filter((i) => i.error).map((i) => `${i.id}: ${i.error?.message ?? 'error'}`)
                };
            });
        },

        async overlaps() {
            return page.evaluate(() =>
                (globalThis as unknown as { __abmChecks: { findOverlaps(): Overlap[] } }).__abmChecks.findOverlaps()
            );
        },

        async check(name, options = {}) {
            const axe = await preview.axe();
            const overlaps = await preview.overlaps();
            const failed = axe.errors.length > 0 || axe.violations.length > 0 || overlaps.length > 0;
            // Encoding a full-page PNG costs more than axe on some views: only for people who look at it (a failing check,
            // or `npm run screenshots`), never on a passing `npm test`.
            if (failed || WRITE_SCREENSHOTS) {
                const png = await page.screenshot({ fullPage: options.clip !== 'viewport', animations: 'disabled', caret: 'hide' });
                writeFileSync(join(RESULTS, `${name}.png`), png);
                if (WRITE_DOCS && options.docs) {
                    mkdirSync(DOCS_SHOTS, { recursive: true });
                    writeFileSync(join(DOCS_SHOTS, `${options.docs}.png`), png);
                }
            }
            expect({ view: name, axeErrors: axe.errors, axeViolations: axe.violations }).toEqual({
                view: name,
                axeErrors: [],
                axeViolations: []
            });
            expect({ view: name, overlaps }).toEqual({ view: name, overlaps: [] });
        },

        async tab(times = 1, shift = false) {
            for (let i = 0; i < times; i++) await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
        },

        async tabTo(name, { max = 60, shift = false } = {}) {
            const passed: string[] = [];
            for (let i = 0; i < max; i++) {
                await preview.tab(1, shift);
                const focused = await preview.focused();
                if (focused.name === name) return;
                passed.push(focused.name || focused.tag);
            }
            throw new Error(
                `"${name}" not reached in ${max} ${shift ? 'Shift+Tab' : 'Tab'} presses; focus went through: ${passed.join(' | ')}`
            );
        },

        async focused() {
            return page.evaluate(() =>
                (
                    globalThis as unknown as { __abmChecks: { focused(): { name: string; tag: string; path: string; role: string } } }
                ).__abmChecks.focused()
            );
        },

        async focusInside(selector) {
            return page.evaluate(
                (s) => (globalThis as unknown as { __abmChecks: { focusInside(s: string): boolean } }).__abmChecks.focusInside(s),
                selector
            );
        },

        async tabInside(times, selector) {
            type Recorder = { __abmChecks: { recordTabs(s: string): void; tabsRecorded(): boolean[] } };
            await page.evaluate((s) => (globalThis as unknown as Recorder).__abmChecks.recordTabs(s), selector);
            await preview.tab(times);
            return page.evaluate(() => (globalThis as unknown as Recorder).__abmChecks.tabsRecorded());
        },

        /** Polls until `read()` returns `expected` (synthetic shadow hides component DOM from document.querySelector). */
        async until(read, expected, timeoutMs = 15_000) {
            const deadline = Date.now() + timeoutMs;
            let last: unknown;
            while (Date.now() < deadline) {
                last = await read().catch((error: Error) => `error: ${error.message}`);
                if (JSON.stringify(last) === JSON.stringify(expected)) return;
                await new Promise((r) => setTimeout(r, 50));
            }
            throw new Error(`expected ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
        },

        texts(selector) {
            return page.locator(selector).allInnerTexts();
        }
    };
    return preview;
}
