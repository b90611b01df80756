/**
 * Every view the preview tests open before any interaction, each checked with axe-core and the overlap check
 * (preview.test.ts) and photographed into test-results/preview/<name>.png. A view with `docs` is the README's
 * screenshot, refreshed only by `npm run screenshots`. States reached by interaction (a detail panel, a modal) are
 * checked inside the component's own suite with `preview.check(name)`.
 *
 * Adding a component view: implement it in preview/src/views/<component>.js, list it in preview/views.json, add a row
 * here (and a narrow-region row once the component adapts to flexipageRegionWidth).
 */
import type { OpenOptions } from './harness';

export type ViewCheck = { name: string; view: string; docs?: string } & OpenOptions;

export const VIEWS: ViewCheck[] = [
    { name: 'health-scorecard', view: 'scorecard', docs: 'health-scorecard' },
    { name: 'health-scorecard-list', view: 'scorecard-list', docs: 'health-scorecard-list' },
    { name: 'account-plan', view: 'plan', docs: 'account-plan' },
    { name: 'territory-map', view: 'territory', docs: 'territory-map' },
    { name: 'territory-map-no-permission', view: 'territory', query: 'noPermission' }
];
