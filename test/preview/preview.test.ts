/**
 * The ABM components rendered for real outside Salesforce (preview/: LWC engine, synthetic shadow,
 * lightning-base-components, SLDS, stand-ins for the platform modules, fixture data) in headless Chromium. One browser
 * session for all suites (harness.ts): first every view of views.ts through axe-core and the overlap check, then each
 * component's behaviour and keyboard suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, usePreview } from './harness';
import { VIEWS } from './views';
import { accountPlanSuite } from './account-plan';
import { checksSuite } from './checks';
import { healthScorecardSuite } from './health-scorecard';
import { territoryMapSuite } from './territory-map';

jest.setTimeout(90_000);

const preview = usePreview();

describe('every preview view: axe-core and no overlapping text', () => {
    it('covers every view the preview serves', () => {
        const served = (JSON.parse(readFileSync(join(ROOT, 'preview', 'views.json'), 'utf8')) as { view: string }[]).map((v) => v.view);
        expect([...new Set(VIEWS.map((v) => v.view))].sort()).toEqual([...served].sort());
    });

    it.each(VIEWS.map((v) => [v.name, v] as const))('%s', async (name, { view, docs, ...options }) => {
        await preview.open(view, options);
        await preview.check(name, { docs });
    });
});

checksSuite(preview);
healthScorecardSuite(preview);
accountPlanSuite(preview);
territoryMapSuite(preview);
