/**
 * Every view the preview tests open before any interaction, per component, each checked with axe-core and the overlap
 * check by that component's suite (`viewCheck(preview, '<name>')` in <component>.ts, right before a test that
 * opens the same view: that test then starts on the checked page if nothing touched it, not showing it again). A view
 * with `docs` is the README's screenshot, refreshed by `npm run screenshots`. States reached by interaction (a detail
 * panel, a modal) are checked inside the component's own suite with `preview.check(name)`. preview.test.ts proves that
 * these are the views the preview serves and that each view is checked in its component's suite.
 *
 * Adding a component view: implement it in preview/src/views/<component>.js, list it in preview/views.json, add a row
 * here (and a narrow-region row once the component adapts to flexipageRegionWidth) and a `viewCheck` in the
 * component's suite; a new component gets its own test/preview/<component>.ts, run by preview.test.ts.
 */
import type { OpenOptions, Preview } from './harness';

export type ViewCheck = { name: string; view: string; docs?: string } & OpenOptions;

export const COMPONENT_VIEWS = {
    'health-scorecard': [
        { name: 'health-scorecard', view: 'scorecard', docs: 'health-scorecard' },
        { name: 'health-scorecard-narrow', view: 'scorecard', region: 'SMALL', docs: 'health-scorecard-narrow' },
        { name: 'health-scorecard-list', view: 'scorecard-list', docs: 'health-scorecard-list' },
        { name: 'health-scorecard-list-narrow', view: 'scorecard-list', region: 'SMALL', docs: 'health-scorecard-list-narrow' }
    ],
    'account-plan': [
        { name: 'account-plan', view: 'plan', docs: 'account-plan' },
        { name: 'account-plan-narrow', view: 'plan', region: 'SMALL', docs: 'account-plan-narrow' }
    ],
    'territory-map': [
        { name: 'territory-map', view: 'territory', docs: 'territory-map' },
        { name: 'territory-map-narrow', view: 'territory', region: 'SMALL', docs: 'territory-map-narrow' },
        { name: 'territory-map-no-permission', view: 'territory', query: 'noPermission' }
    ]
} satisfies Record<string, ViewCheck[]>;

export type Component = keyof typeof COMPONENT_VIEWS;

export const VIEWS: ViewCheck[] = Object.values(COMPONENT_VIEWS).flat();

/** One test: the view `name` of views.ts opened fresh, then axe-core and the overlap check (preview.check). */
export function viewCheck(preview: Preview, name: string): void {
    const found = VIEWS.find((v) => v.name === name);
    if (!found) throw new Error(`no view "${name}" in test/preview/views.ts`);
    const { view, docs, ...options } = found;
    it(`${name}: axe-core and no overlapping text`, async () => {
        await preview.open(view, options);
        await preview.check(name, { docs });
        preview.keepForNextTest();
    });
}
