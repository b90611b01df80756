/**
 * The ABM components rendered for real outside Salesforce (preview/: LWC engine, synthetic shadow,
 * lightning-base-components, SLDS, stand-ins for the platform modules, fixture data) in headless Chromium (harness.ts).
 * One test file per component (<component>.test.ts: every view of views.ts through axe-core and the overlap check, and
 * the component's behaviour and keyboard suite), each with its own browser, so that Jest's two workers share them;
 * this file proves that every view the preview serves is checked, and runs the bite tests of the checks (checks.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, usePreview } from './harness';
import { COMPONENT_VIEWS, VIEWS } from './views';
import { checksSuite } from './checks';

jest.setTimeout(90_000);

describe('every preview view is checked', () => {
    it('covers every view the preview serves', () => {
        const served = (JSON.parse(readFileSync(join(ROOT, 'preview', 'views.json'), 'utf8')) as { view: string }[]).map((v) => v.view);
        expect([...new Set(VIEWS.map((v) => v.view))].sort()).toEqual([...served].sort());
    });

    it.each(Object.entries(COMPONENT_VIEWS))("test/preview/%s.test.ts checks each of the component's views", (component, views) => {
        const file = join(ROOT, 'test', 'preview', `${component}.test.ts`);
        expect(existsSync(file)).toBe(true);
        const source = readFileSync(file, 'utf8');
        expect(views.filter((v) => !source.includes(`viewCheck(preview, '${v.name}');`))).toEqual([]);
    });
});

checksSuite(usePreview());
