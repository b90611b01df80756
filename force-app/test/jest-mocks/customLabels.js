// Real Custom Label values for Jest. sfdx-lwc-jest gives every label the value "c.<Name>", which is enough to see that
// a label is used but not that a component fills its {0} arguments or picks the right plural form. A test that
// asserts on the words mocks just those labels with their real text:
//   jest.mock('@salesforce/label/c.ABM_NextStepAge', () => require('../../../../../test/jest-mocks/customLabels').realLabel('ABM_NextStepAge'), { virtual: true });
const { readFileSync } = require('fs');
const { join } = require('path');
const { XMLParser } = require('fast-xml-parser');

const FILE = join(__dirname, '..', '..', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
let labels;

function all() {
    if (!labels) {
        const xml = new XMLParser({ isArray: (name) => name === 'labels' }).parse(readFileSync(FILE, 'utf8'));
        labels = new Map((xml.CustomLabels?.labels ?? []).map((l) => [String(l.fullName), String(l.value ?? '')]));
    }
    return labels;
}

/**
 * The module a label import resolves to, with the label's value from CustomLabels.labels-meta.xml.
 * @param {string} name label API name, e.g. ABM_NextStepAge
 * @returns {{__esModule: boolean, default: string}} module
 */
function realLabel(name) {
    if (!all().has(name)) {
        throw new Error(`Custom label ${name} is not in ${FILE}`);
    }
    return { __esModule: true, default: all().get(name) };
}

module.exports = { realLabel, allLabels: all };
