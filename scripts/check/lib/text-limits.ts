/**
 * Length limits of metadata text, per metadata type and element (issue 12, org review finding 1–2). The Metadata API
 * stores these texts in fixed-length columns and rejects a longer value at deploy time ("Description: data value too
 * large: … (max length=255)", "Value too long for field: MasterLabel maximum length is:80"); no schema says so, the
 * WSDL types them all as plain `xsd:string`.
 *
 * Every entry names where the limit is documented (each looked up before it was added). Text elements whose limit we
 * found no documentation for (Flow and flow element descriptions, FlexiPage, CustomTab and CustomApplication
 * descriptions, picklist value labels, report names, dashboard titles) are listed in docs/checks.md as "only an org
 * proves"; add them here once a source is found, never from a guess.
 *
 * Lengths are counted in characters of the element's text after XML unescaping and trimming (`&amp;` is one character),
 * as the platform counts them (Java string length).
 */

export interface TextLimit {
    /** Metadata type (root element of the file). */
    type: string;
    /** Element path below the root, dot-separated (`labels.shortDescription` = `<labels><shortDescription>`). */
    path: string;
    max: number;
    /** Where the limit is documented. */
    source: string;
    /** Only for names ending like this (custom fields and objects; standard ones are Salesforce's). */
    onlyNamed?: RegExp;
}

const FIELD_REF = 'Salesforce Field Reference';
const OBJ_REF = 'Object Reference for the Salesforce Platform';

export const TEXT_LIMITS: readonly TextLimit[] = [
    // Access
    { type: 'PermissionSet', path: 'description', max: 255, source: `${FIELD_REF}, PermissionSet.Description (string 255; Tooling API "Limit: 255 characters")` },
    { type: 'PermissionSet', path: 'label', max: 80, source: `${FIELD_REF}, PermissionSet.Label (string 80)` },
    { type: 'CustomPermission', path: 'description', max: 255, source: 'Metadata API, CustomPermission.description ("Limit: 255 characters")' },
    { type: 'CustomPermission', path: 'label', max: 80, source: 'Metadata API, CustomPermission.label ("Limit: 80 characters")' },
    // Components and resources
    {
        type: 'LightningComponentBundle',
        path: 'description',
        max: 255,
        source: 'Tooling API, LightningComponentBundle.Description ("Maximum size of 255 characters")'
    },
    { type: 'StaticResource', path: 'description', max: 255, source: `${OBJ_REF}, StaticResource.Description ("Limit: 255 characters")` },
    // Labels: the short description is stored as the label's MasterLabel
    {
        type: 'CustomLabels',
        path: 'labels.shortDescription',
        max: 80,
        source: 'the label\'s MasterLabel (deploy error "Value too long for field: MasterLabel maximum length is:80", coveo/ui-kit#1128)'
    },
    { type: 'CustomLabels', path: 'labels.value', max: 1000, source: 'Metadata API, CustomLabels ("up to 1,000 characters")' },
    { type: 'CustomLabels', path: 'labels.categories', max: 255, source: 'Metadata API, CustomLabel.categories ("Limit: 255 characters")' },
    // Data model
    { type: 'CustomObject', path: 'label', max: 40, source: 'Salesforce Help 000381913 (labels: 40 characters)', onlyNamed: /__(c|mdt|e)$/ },
    { type: 'CustomObject', path: 'pluralLabel', max: 40, source: 'Salesforce Help 000381913 (labels: 40 characters)', onlyNamed: /__(c|mdt|e)$/ },
    { type: 'CustomObject', path: 'description', max: 1000, source: 'Salesforce Help, custom object description (1,000 characters)', onlyNamed: /__(c|mdt|e)$/ },
    { type: 'CustomField', path: 'label', max: 40, source: 'Salesforce Help 000381913 (field names and labels: 40 characters)', onlyNamed: /__c$/ },
    { type: 'CustomField', path: 'inlineHelpText', max: 510, source: 'Salesforce Help, Custom Field Attributes (help text 510 characters)', onlyNamed: /__c$/ },
    { type: 'CustomField', path: 'description', max: 1000, source: 'Salesforce Help, Custom Field Attributes (description 1,000 characters)', onlyNamed: /__c$/ },
    { type: 'ValidationRule', path: 'errorMessage', max: 255, source: 'Tooling API, ValidationRule.ErrorMessage ("must be 255 characters or less")' },
    { type: 'ValidationRule', path: 'description', max: 255, source: 'Salesforce Help, Validation Rule Fields (description "255-character or less")' },
    // Analytics
    { type: 'Report', path: 'description', max: 255, source: `${OBJ_REF}, Report.Description ("Limit: 255 characters")` },
    { type: 'ReportType', path: 'label', max: 50, source: 'Salesforce Help, Create a Custom Report Type (label "up to 50 characters")' },
    { type: 'ReportType', path: 'description', max: 255, source: 'Salesforce Help, Create a Custom Report Type (description "up to 255 characters")' },
    { type: 'Dashboard', path: 'description', max: 255, source: `${OBJ_REF}, Dashboard.Description ("Limit: 255 characters")` }
];

/** The limits of one metadata type, by element path. */
export function limitsFor(type: string): TextLimit[] {
    return TEXT_LIMITS.filter((l) => l.type === type);
}

/**
 * The longest value a custom metadata record may hold in a field of this type: a Text or long text area field's own
 * `<length>`, 255 for a TextArea (Salesforce Help, "Custom Field Types"); undefined for other types.
 */
export function cmdtValueLimit(fieldType: string | undefined, length: number | undefined): number | undefined {
    if (fieldType === 'Text' || fieldType === 'LongTextArea') return length;
    return fieldType === 'TextArea' ? 255 : undefined;
}
