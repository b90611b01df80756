// Rollup plugin: stands in for the Salesforce platform modules so the real components run outside an org.
// - @salesforce/apex/Class.method: a callable (imperative) with a wire adapter, both answered by window.__preview.apex
// - @salesforce/apex: refreshApex re-runs the wire that produced the value
// - @salesforce/schema/Object.Field: { objectApiName, fieldApiName } (as in Jest)
// - @salesforce/label/c.Name: the label's real value from CustomLabels.labels-meta.xml (a missing label fails the build)
// - @salesforce/customPermission/Name: true unless the page's query (src/query.js) has noPermission
// - @salesforce/i18n/locale and /timeZone (our components only): en-US and UTC, or ?locale=de-DE&timeZone=Europe/Berlin;
//   the other @salesforce/i18n values: lightning-base-components' own (en-US)
// - @salesforce/gate/bc.260.enableComboboxElementInternals: false (see resolveId)
// - lightning/uiRecordApi, lightning/uiObjectInfoApi, lightning/platformShowToastEvent, lightning/navigation,
//   lightning/pageReferenceUtils, lightning/refresh, lightning/confirm: small stubs (src/stubs/*.js)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const STUBS = fileURLToPath(new URL('./src/stubs/', import.meta.url));
// @salesforce/i18n/* for our components: the same values lightning-base-components uses (en-US, the preview user).
const I18N = fileURLToPath(new URL('../node_modules/lightning-base-components/scopedImports/', import.meta.url));
const PREFIX = '\0abm-preview:';
const QUERY = `import { onQuery } from ${JSON.stringify(fileURLToPath(new URL('./src/query.js', import.meta.url)))};`;

export function readLabels(file) {
    const xml = new XMLParser({ isArray: (name) => name === 'labels' }).parse(readFileSync(file, 'utf8'));
    const labels = new Map();
    for (const label of xml.CustomLabels?.labels ?? []) labels.set(String(label.fullName), String(label.value ?? ''));
    return labels;
}

export default function salesforceStubs({ labelsFile }) {
    const labels = readLabels(labelsFile);
    return {
        name: 'abm-salesforce-stubs',
        resolveId(id, importer) {
            // lightning-base-components resolves its own @salesforce/i18n modules (its lwc config).
            if (/^@salesforce\/i18n\/(locale|timeZone)$/.test(id) && !String(importer).includes('node_modules')) return PREFIX + id;
            if (id === 'lightning/uiRecordApi') return `${STUBS}uiRecordApi.js`;
            if (id === 'lightning/uiObjectInfoApi') return `${STUBS}uiObjectInfoApi.js`;
            if (id === 'lightning/platformShowToastEvent') return `${STUBS}platformShowToastEvent.js`;
            // Platform modules lightning-base-components does not ship (lightning/navigation re-exports force/navigation).
            if (id === 'lightning/navigation') return `${STUBS}navigation.js`;
            if (id === 'lightning/pageReferenceUtils') return `${STUBS}pageReferenceUtils.js`;
            if (id === 'lightning/refresh') return `${STUBS}refresh.js`;
            // Answers come from the page (window.__preview.confirm), so a test can say yes or no.
            if (id === 'lightning/confirm') return `${STUBS}confirm.js`;
            if (id === '@salesforce/apex') return `${STUBS}apex.js`;
            if (id.startsWith('@salesforce/i18n/')) {
                const file = `${I18N}@salesforce-i18n-${id.slice('@salesforce/i18n/'.length)}.js`;
                if (existsSync(file)) return file;
            }
            // Only our own imports: lightning-base-components resolves its own @salesforce/i18n and label modules.
            if (/^@salesforce\/(apex\/|schema\/|label\/c\.|customPermission\/)/.test(id)) return PREFIX + id;
            // Off as in orgs that run synthetic shadow: with it on, lightning-combobox calls attachInternals, which
            // synthetic shadow refuses ("attachInternals API is not supported in synthetic shadow").
            if (id === '@salesforce/gate/bc.260.enableComboboxElementInternals') return PREFIX + id;
            return null;
        },
        load(id) {
            if (!id.startsWith(PREFIX)) return null;
            const spec = id.slice(PREFIX.length);
            const [, kind, rest] = /^@salesforce\/([a-zA-Z0-9]+)\/(.+)$/.exec(spec) ?? [];
            switch (kind) {
                case 'apex':
                    return `import { apexMethod } from ${JSON.stringify(`${STUBS}apex.js`)};\nexport default apexMethod(${JSON.stringify(rest)});`;
                case 'schema': {
                    const [objectApiName, ...path] = rest.split('.');
                    const value = path.length ? { objectApiName, fieldApiName: path.join('.') } : { objectApiName };
                    return `export default ${JSON.stringify(value)};`;
                }
                case 'label': {
                    const name = rest.replace(/^c\./, '');
                    if (!labels.has(name)) this.error(`custom label ${name} is not in ${labelsFile}`);
                    return `export default ${JSON.stringify(labels.get(name))};`;
                }
                // Live bindings (`export { value as default }`, reassigned): a view shown in the same page with another
                // query (src/query.js) renders with its values, as after a page load.
                case 'i18n': {
                    const fallback = rest === 'locale' ? 'en-US' : 'UTC';
                    return `${QUERY}\nlet value;\nonQuery((params) => { value = params.get(${JSON.stringify(rest)}) || ${JSON.stringify(fallback)}; });\nexport { value as default };`;
                }
                case 'gate':
                    return 'export default { isOpen: () => false };';
                case 'customPermission':
                    return `${QUERY}\nlet value;\nonQuery((params) => { value = !params.has('noPermission'); });\nexport { value as default };`;
                default:
                    this.error(`no preview stub for ${spec}`);
            }
            return null;
        }
    };
}
