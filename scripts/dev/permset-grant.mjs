#!/usr/bin/env node
// Adds grants to permission sets, keeping each block type contiguous and sorted (Salesforce rejects split blocks).
// Usage: node scripts/dev/permset-grant.mjs ABM_Seller,ABM_Admin field Account.ABM_X__c read|edit
//        node scripts/dev/permset-grant.mjs ABM_Seller class AbmHealthController
//        node scripts/dev/permset-grant.mjs ABM_Admin permission ABM_BypassRouting
//        node scripts/dev/permset-grant.mjs ABM_Seller tab ABM_Seller__c
import { readFileSync, writeFileSync } from 'node:fs';

const [sets, kind, name, access = 'read'] = process.argv.slice(2);
if (!sets || !kind || !name) {
    console.error('usage: permset-grant.mjs SET[,SET] field|class|permission|tab NAME [read|edit]');
    process.exit(2);
}
const spec = {
    field: {
        tag: 'fieldPermissions',
        key: 'field',
        body: (n) => `<editable>${access === 'edit'}</editable><field>${n}</field><readable>true</readable>`
    },
    class: { tag: 'classAccesses', key: 'apexClass', body: (n) => `<apexClass>${n}</apexClass><enabled>true</enabled>` },
    permission: { tag: 'customPermissions', key: 'name', body: (n) => `<enabled>true</enabled><name>${n}</name>` },
    tab: { tag: 'tabSettings', key: 'tab', body: (n) => `<tab>${n}</tab><visibility>Visible</visibility>` }
}[kind];
if (!spec) throw new Error(`unknown kind ${kind}`);

for (const set of sets.split(',')) {
    const path = `force-app/main/default/permissionsets/${set}.permissionset-meta.xml`;
    let xml = readFileSync(path, 'utf8');
    const re = new RegExp(`\\s*<${spec.tag}>[\\s\\S]*?</${spec.tag}>`, 'g');
    const blocks = xml.match(re) ?? [];
    const keyOf = (b) => new RegExp(`<${spec.key}>([^<]*)</${spec.key}>`).exec(b)?.[1] ?? '';
    const kept = blocks.filter((b) => keyOf(b) !== name);
    const all = [...kept.map((b) => b.trim()), `<${spec.tag}>${spec.body(name)}</${spec.tag}>`].sort((a, b) =>
        keyOf(a).localeCompare(keyOf(b))
    );
    if (blocks.length) {
        const first = xml.search(re);
        xml = xml.replace(re, '');
        xml = `${xml.slice(0, first)}\n${all.join('\n')}${xml.slice(first)}`;
    } else {
        // New block type: insert before the first top-level element that sorts after it (the WSDL order is alphabetical here).
        const next = [...xml.matchAll(/\n {4}<([a-zA-Z]+)>/g)].find((m) => m[1] > spec.tag);
        const anchor = next ? next.index + 1 : xml.indexOf('</PermissionSet>');
        xml = `${xml.slice(0, anchor)}${all.join('\n')}\n${xml.slice(anchor)}`;
    }
    writeFileSync(path, xml);
    console.log(`${set}: ${kind} ${name}${kind === 'field' ? ` (${access})` : ''}`);
}
