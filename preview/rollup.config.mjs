// Builds the three ABM components with their real source, lightning-base-components and stand-ins for the Salesforce
// platform modules (stubs.mjs) into one ES module (out/preview/app.js). Recipe and gotchas: TOOLCHAIN-NOTES §8.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import resolve from '@rollup/plugin-node-resolve';
import salesforceStubs from './stubs.mjs';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const LWC_DIR = root('force-app/main/default/lwc');
const bundles = readdirSync(LWC_DIR, { withFileTypes: true }).filter((d) => d.isDirectory());

export default {
    input: fileURLToPath(new URL('./src/main.js', import.meta.url)),
    output: { file: root('out/preview/app.js'), format: 'esm', inlineDynamicImports: true },
    plugins: [
        salesforceStubs({ labelsFile: root('force-app/main/default/labels/CustomLabels.labels-meta.xml') }),
        // LBC reads import.meta.env.SSR and process.env.NODE_ENV (without this: "Cannot read properties of undefined (reading 'SSR')").
        replace({ preventAssignment: true, 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' }),
        resolve(),
        lwc({
            enableDynamicComponents: true,
            modules: [
                ...bundles.map((d) => ({ name: `c/${d.name}`, path: `${LWC_DIR}/${d.name}/${d.name}.js` })),
                // lightning-map exists only inside Salesforce: a stand-in that lists the markers.
                { name: 'lightning/map', path: fileURLToPath(new URL('./src/stubs/map/map.js', import.meta.url)) },
                { npm: 'lightning-base-components' }
            ]
        })
    ],
    onwarn(warning, warn) {
        // lightning-base-components prints hundreds of template warnings; ours must stay clean.
        if (String(warning.id || warning.loc?.file || '').includes('node_modules')) return;
        if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
        warn(warning);
    }
};
