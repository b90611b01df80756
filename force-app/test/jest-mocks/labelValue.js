// The value of a custom label as deployed (CustomLabels.labels-meta.xml), for tests that assert on formatted text:
// sfdx-lwc-jest answers every @salesforce/label import with its name ("c.ABM_X"), which hides plural forms and
// placeholders. Use inside a jest.mock factory:
//   jest.mock('@salesforce/label/c.ABM_X', () => ({ default: require('<path>/labelValue').labelValue('ABM_X') }), { virtual: true });
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

let values;

function load() {
    const xml = readFileSync(join(__dirname, '..', '..', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml'), 'utf8');
    const map = new Map();
    for (const [, block] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
        const name = /<fullName>([^<]+)<\/fullName>/.exec(block);
        const value = /<value>([\s\S]*?)<\/value>/.exec(block);
        if (name && value) {
            map.set(
                name[1],
                value[1]
                    .replace(/&lt;/g, '<')
                    .replace(/&gt;/g, '>')
                    .replace(/&quot;/g, '"')
                    .replace(/&apos;/g, "'")
                    .replace(/&amp;/g, '&')
            );
        }
    }
    return map;
}

function labelValue(name) {
    values = values || load();
    if (!values.has(name)) {
        throw new Error(`custom label ${name} is not in CustomLabels.labels-meta.xml`);
    }
    return values.get(name);
}

module.exports = { labelValue };
