/**
 * The ABM components rendered for real outside Salesforce (preview/: LWC engine, synthetic shadow,
 * lightning-base-components, SLDS, stand-ins for the platform modules, fixture data) in headless Chromium (harness.ts).
 * One suite per component (<component>.ts: every view of views.ts through axe-core and the overlap check, and the
 * component's behaviour and keyboard suite), all run here in one browser and one loaded page: the first view loads the
 * page, every later one is shown in it (harness `open`), so a file per component would only add a browser start and a
 * first page load each (~8 CPU-s). This file also proves that every view the preview serves is checked, and runs the
 * bite tests of the checks (checks.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, usePreview } from './harness';
import { COMPONENT_VIEWS, VIEWS } from './views';
import { checksSuite } from './checks';
import { territoryMapSuite } from './territory-map';
import { healthScorecardSuite } from './health-scorecard';
import { accountPlanSuite } from './account-plan';

jest.setTimeout(90_000);

describe('every preview view is checked', () => {
    it('covers every view the preview serves', () => {
        const served = (JSON.parse(readFileSync(join(ROOT, 'preview', 'views.json'), 'utf8')) as { view: string }[]).map((v) => v.view);
        expect([...new Set(VIEWS.map((v) => v.view))].sort()).toEqual([...served].sort());
    });

    it.each(Object.entries(COMPONENT_VIEWS))(
        "test/preview/%s.ts checks each of the component's views, and runs here",
        (component, views) => {
            const file = join(ROOT, 'test', 'preview', `${component}.ts`);
            expect(existsSync(file)).toBe(true);
            const source = readFileSync(file, 'utf8');
            expect(views.filter((v) => !source.includes(`viewCheck(preview, '${v.name}');`))).toEqual([]);
            const suite = /export function (\w+Suite)\(preview: Preview\)/.exec(source)?.[1];
            expect(readFileSync(__filename, 'utf8')).toContain(`${suite}(preview);`);
        }
    );
});

const preview = usePreview();
checksSuite(preview);
territoryMapSuite(preview);
healthScorecardSuite(preview);
accountPlanSuite(preview);
