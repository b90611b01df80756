/** Flags for the headless Chromium (Debian's, driven by playwright-core) of the browser tests and the territory-map benchmark. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
]);
