/**
 * A Metadata API double for `abm deploy` and `abm setup`: the SOAP `deploy` / `checkDeployStatus` / `readMetadata` calls
 * (as the Metadata API WSDL defines them; deploy zips are opened and successful deploys change the org's state), the
 * Tooling API (`executeAnonymous` scheduling and aborting jobs, FlexiPage queries), and the REST calls the commands make
 * (API versions, Organization, permission sets, users, assignments, ABM_Seller__c records and describe, CronTrigger,
 * ApexClass, and the OAuth identity probes of @salesforce/core). Test code: it answers over real HTTP on 127.0.0.1.
 */
import '../error-realm';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The classes `abm setup` schedules (config/scheduled-jobs.json) and the dispatcher they run on: a deployed org has them. */
const SCHEDULED_CLASSES: string[] = [
    ...(JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'scheduled-jobs.json'), 'utf8')) as { class: string }[]).map(
        (j) => j.class
    ),
    'AbmScheduledJob'
];
import JSZip from 'jszip';

export type DeployOutcome =
    | { kind: 'success' }
    | { kind: 'componentFailure'; fileName: string; problem: string; lineNumber: number; componentType: string; fullName: string }
    | { kind: 'testFailure'; className: string; methodName: string; message: string };

export type DeployRecord = {
    checkOnly: boolean;
    testLevel: string;
    runTests: string[];
    zipBytes: number;
    /** The zip's file names (`objects/Account.object`, `customMetadata/ABM_Setting.Default.md`, …). */
    files: string[];
    /** Text of the zip's files (by name). */
    contents: Map<string, string>;
};

/** A scheduled job: `Class` is the class it is scheduled on, `Worker` the class the dispatcher AbmScheduledJob starts. */
export type CronTriggerRow = { Id: string; Name: string; CronExpression: string; State: string; Class: string; Worker?: string };
export type ActionOverrideRow = { actionName: string; type: string; formFactor?: string; content?: string; skipRecordTypeSelect?: boolean };

export type MetadataDouble = {
    url: string;
    requests: { method: string; path: string; soapAction?: string; body: string; at: number }[];
    deploys: DeployRecord[];
    assignments: { Id?: string; AssigneeId: string; PermissionSetId: string }[];
    sellers: Map<string, Record<string, unknown>>;
    cronTriggers: CronTriggerRow[];
    /** The org's Account action overrides (changed by a deploy of objects/Account.object). */
    accountOverrides: ActionOverrideRow[];
    /** Anonymous Apex bodies the double ran. */
    anonymousApex: string[];
    /** Start a new scenario on the same server: new org shape and outcome, empty request/deploy/assignment logs. */
    configure(options: DoubleOptions): void;
    stop(): Promise<void>;
};

export type DoubleOptions = {
    org: { IsSandbox: boolean; TrialExpirationDate: string | null };
    outcome: DeployOutcome;
    pollsBeforeDone?: number;
    existingAssignments?: { AssigneeId: string; PermissionSetId: string }[];
    /** The org already has the ABM_Setting__mdt Default record (a re-deploy). */
    settingsInOrg?: boolean;
    /** Apex classes the org has (default: the classes of config/scheduled-jobs.json and the dispatcher, as after a deploy). */
    apexClasses?: string[];
    /** The org's source of Apex classes, by name (answers `SELECT Body FROM ApexClass`; default: empty bodies). */
    apexClassBodies?: Record<string, string>;
    /** Lightning pages the org has (default: ABM_Account_Record_Page). */
    flexiPages?: string[];
    /** The org's Account action overrides before the test (default: the standard page everywhere). */
    accountOverrides?: ActionOverrideRow[];
    /** Seller records already in the org. */
    sellers?: Record<string, unknown>[];
    /** Scheduled jobs already in the org. */
    cronTriggers?: CronTriggerRow[];
    /** Setup > Deployment Settings allows deployments of components when corresponding Apex jobs are pending. */
    allowDeployWithPendingJobs?: boolean;
    /** Fail the next deploy of objects/Account.object with this problem. */
    recordPageDeployProblem?: string;
};

const USERS = [
    { Id: '005000000000001AAA', Username: 'admin@abm.example', Name: 'Admin User', IsActive: true },
    { Id: '005000000000002AAA', Username: 'ada@abm.example', Name: 'Ada Lovelace', IsActive: true },
    { Id: '005000000000003AAA', Username: 'grace@abm.example', Name: 'Grace Hopper', IsActive: true },
    { Id: '005000000000004AAA', Username: 'gone@abm.example', Name: 'Former Seller', IsActive: false }
];
const PERMISSION_SETS = [
    { Id: '0PS000000000001AAA', Name: 'ABM_Admin' },
    { Id: '0PS000000000002AAA', Name: 'ABM_Seller' },
    { Id: '0PS000000000003AAA', Name: 'ABM_Operations' }
];

const envelope = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/** `field = 'x'` or `field IN ('a', 'b')` in a SOQL WHERE: the quoted values, or undefined when the field isn't there. */
function whereValues(soql: string, field: string): string[] | undefined {
    const match = new RegExp(`\\b${field.replace('.', '\\.')}\\s*(=\\s*'((?:[^'\\\\]|\\\\.)*)'|IN\\s*\\(([^)]*)\\))`, 'i').exec(soql);
    if (!match) return undefined;
    if (match[2] !== undefined) return [match[2].replace(/\\(.)/g, '$1')];
    return [...(match[3] ?? '').matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => (m[1] ?? '').replace(/\\(.)/g, '$1'));
}

/** ABM_Seller__c's describe, read from the project's field files (type, createable), as a real org would report it. */
function sellerDescribe(): { name: string; type: string; createable: boolean; updateable: boolean; nillable: boolean }[] {
    const dir = join(__dirname, '..', '..', 'force-app', 'main', 'default', 'objects', 'ABM_Seller__c', 'fields');
    const types: Record<string, string> = {
        Text: 'string',
        Number: 'double',
        Checkbox: 'boolean',
        Picklist: 'picklist',
        MultiselectPicklist: 'multipicklist',
        Date: 'date',
        DateTime: 'datetime',
        Currency: 'currency',
        Percent: 'percent',
        Lookup: 'reference',
        LongTextArea: 'textarea',
        TextArea: 'textarea'
    };
    const fields = readdirSync(dir).map((file) => {
        const xml = readFileSync(join(dir, file), 'utf8');
        const formula = /<formula>/.test(xml);
        const type = types[tag(xml, 'type') ?? ''] ?? 'string';
        return { name: file.replace('.field-meta.xml', ''), type, createable: !formula, updateable: !formula, nillable: true };
    });
    return [
        { name: 'Id', type: 'id', createable: false, updateable: false, nillable: false },
        { name: 'Name', type: 'string', createable: true, updateable: true, nillable: false },
        { name: 'OwnerId', type: 'reference', createable: true, updateable: true, nillable: false },
        ...fields
    ];
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string): string[] =>
    [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`, 'g'))].map((m) => m[1] ?? '');

export async function startMetadataDouble(initial: DoubleOptions): Promise<MetadataDouble> {
    let options = initial;
    const requests: MetadataDouble['requests'] = [];
    const deploys: MetadataDouble['deploys'] = [];
    const assignments: MetadataDouble['assignments'] = [];
    const sellers: MetadataDouble['sellers'] = new Map();
    const cronTriggers: CronTriggerRow[] = [];
    const accountOverrides: ActionOverrideRow[] = [];
    const anonymousApex: string[] = [];
    let settingsInOrg = false;
    let polls = 0;
    let ids = 0;
    let url = '';
    const nextId = (prefix: string) => `${prefix}${String(++ids).padStart(12, '0')}AAA`;
    function reset(next: DoubleOptions): void {
        options = next;
        polls = 0;
        requests.length = 0;
        deploys.length = 0;
        anonymousApex.length = 0;
        settingsInOrg = next.settingsInOrg ?? false;
        assignments.splice(0, assignments.length, ...(next.existingAssignments ?? []));
        sellers.clear();
        for (const s of next.sellers ?? []) sellers.set(String(s.Id), { ...s });
        cronTriggers.splice(0, cronTriggers.length, ...(next.cronTriggers ?? []).map((c) => ({ ...c })));
        accountOverrides.splice(
            0,
            accountOverrides.length,
            ...(next.accountOverrides ?? [{ actionName: 'View', type: 'Default' }]).map((o) => ({ ...o }))
        );
    }
    reset(initial);

    function json(res: ServerResponse, status: number, body: unknown): void {
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify(body));
    }

    function query(soql: string): unknown[] {
        if (/FROM Organization/i.test(soql)) {
            return [
                {
                    attributes: { type: 'Organization' },
                    Id: '00D000000000001AAA',
                    Name: 'ABM Double',
                    InstanceName: 'CS1',
                    OrganizationType: 'Enterprise Edition',
                    NamespacePrefix: null,
                    ...options.org
                }
            ];
        }
        if (/FROM PermissionSetAssignment/i.test(soql)) {
            const psIds = whereValues(soql, 'PermissionSetId');
            const userIds = whereValues(soql, 'AssigneeId');
            return assignments
                .filter((a) => (!psIds || psIds.includes(a.PermissionSetId)) && (!userIds || userIds.includes(a.AssigneeId)))
                .map((a) => ({ attributes: { type: 'PermissionSetAssignment' }, ...a }));
        }
        if (/FROM PermissionSet\b/i.test(soql)) {
            const names = whereValues(soql, 'Name') ?? [];
            return PERMISSION_SETS.filter((p) => names.includes(p.Name)).map((p) => ({ attributes: { type: 'PermissionSet' }, ...p }));
        }
        if (/FROM User\b/i.test(soql)) {
            const names = (whereValues(soql, 'Username') ?? []).map((n) => n.toLowerCase());
            return USERS.filter((u) => names.includes(u.Username.toLowerCase())).map((u) => ({ attributes: { type: 'User' }, ...u }));
        }
        if (/FROM ABM_Setting__mdt/i.test(soql))
            return settingsInOrg ? [{ attributes: { type: 'ABM_Setting__mdt' }, DeveloperName: 'Default' }] : [];
        if (/FROM ScratchOrgInfo/i.test(soql)) return [];
        if (/FROM ApexClass/i.test(soql)) {
            const names = whereValues(soql, 'Name') ?? [];
            return (options.apexClasses ?? SCHEDULED_CLASSES)
                .filter((c) => names.includes(c))
                .map((Name) => ({ attributes: { type: 'ApexClass' }, Name, Body: options.apexClassBodies?.[Name] ?? '' }));
        }
        if (/FROM AsyncApexJob/i.test(soql)) {
            // Scheduled jobs are AsyncApexJob rows of type ScheduledApex on the class they were scheduled on.
            const classes = whereValues(soql, 'ApexClass.Name') ?? [];
            if (!/JobType\s*=\s*'ScheduledApex'/i.test(soql)) return [];
            return cronTriggers
                .filter((c) => classes.includes(c.Class))
                .map((c) => ({
                    attributes: { type: 'AsyncApexJob' },
                    CronTriggerId: c.Id,
                    ApexClass: { attributes: { type: 'ApexClass' }, Name: c.Class },
                    CronTrigger: {
                        attributes: { type: 'CronTrigger' },
                        CronExpression: c.CronExpression,
                        State: c.State,
                        CronJobDetail: { attributes: { type: 'CronJobDetail' }, Name: c.Name }
                    }
                }));
        }
        if (/FROM CronTrigger/i.test(soql)) {
            const names = whereValues(soql, 'CronJobDetail.Name') ?? [];
            const rows = cronTriggers.filter((c) => names.includes(c.Name));
            return (/ORDER BY CreatedDate DESC/i.test(soql) ? [...rows].reverse() : rows).map((c) => ({
                attributes: { type: 'CronTrigger' },
                Id: c.Id,
                CronExpression: c.CronExpression,
                State: c.State,
                CronJobDetail: { attributes: { type: 'CronJobDetail' }, Name: c.Name }
            }));
        }
        if (/FROM ABM_Seller__c/i.test(soql)) {
            const userIds = whereValues(soql, 'User__c') ?? [];
            const fields = (/SELECT (.*) FROM/i.exec(soql)?.[1] ?? 'Id').split(',').map((f) => f.trim());
            return [...sellers.values()]
                .filter((r) => userIds.includes(String(r.User__c)))
                .map((r) => ({ attributes: { type: 'ABM_Seller__c' }, ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null])) }));
        }
        return [];
    }

    /** Apply a successful deploy to the org's state: settings records appear, Account's action overrides change. */
    function applyDeploy(record: DeployRecord): void {
        if (record.files.some((f) => /^customMetadata\/ABM_Setting\./.test(f))) settingsInOrg = true;
        const account = record.contents.get('objects/Account.object');
        if (account) {
            const blocks = [...account.matchAll(/<actionOverrides>([\s\S]*?)<\/actionOverrides>/g)].map((m) => m[1] ?? '');
            accountOverrides.splice(
                0,
                accountOverrides.length,
                ...blocks.map((b) => ({
                    actionName: tag(b, 'actionName') ?? '',
                    type: tag(b, 'type') ?? '',
                    ...(tag(b, 'formFactor') ? { formFactor: tag(b, 'formFactor') } : {}),
                    ...(tag(b, 'content') ? { content: tag(b, 'content') } : {})
                }))
            );
        }
    }

    /** `System.schedule('name', 'cron', new Class());` and `System.abortJob('id');`, as Apex would run them. */
    function runAnonymous(apex: string): Record<string, unknown> {
        anonymousApex.push(apex);
        const str = `'((?:[^'\\\\]|\\\\.)*)'`;
        const unescape = (v: string) => v.replace(/\\(.)/g, '$1');
        for (const m of apex.matchAll(new RegExp(`System\\.abortJob\\(${str}\\)`, 'g'))) {
            const index = cronTriggers.findIndex((c) => c.Id === unescape(m[1] ?? ''));
            if (index >= 0) cronTriggers.splice(index, 1);
        }
        for (const m of apex.matchAll(new RegExp(`System\\.schedule\\(${str},\\s*${str},\\s*new (\\w+)\\((?:${str})?\\)\\)`, 'g'))) {
            // `new AbmScheduledJob('Worker')` is scheduled on the dispatcher; the worker must exist too (Type.forName).
            const [name, cron, cls, worker] = [unescape(m[1] ?? ''), unescape(m[2] ?? ''), m[3] ?? '', m[4]];
            const missing = [cls, ...(worker === undefined ? [] : [unescape(worker)])].find(
                (c) => !(options.apexClasses ?? SCHEDULED_CLASSES).includes(c)
            );
            if (missing !== undefined) {
                return {
                    compiled: false,
                    success: false,
                    line: 1,
                    column: 1,
                    compileProblem: `Invalid type: ${missing}`,
                    exceptionMessage: null,
                    exceptionStackTrace: null
                };
            }
            if (cronTriggers.some((c) => c.Name === name)) {
                return {
                    compiled: true,
                    success: false,
                    line: 1,
                    column: 1,
                    compileProblem: null,
                    exceptionMessage: `System.AsyncException: The Apex job named "${name}" is already scheduled for execution.`,
                    exceptionStackTrace: 'AnonymousBlock: line 1, column 1'
                };
            }
            cronTriggers.push({
                Id: nextId('08e'),
                Name: name,
                CronExpression: cron,
                State: 'WAITING',
                Class: cls,
                ...(worker === undefined ? {} : { Worker: unescape(worker) })
            });
        }
        return {
            compiled: true,
            success: true,
            line: -1,
            column: -1,
            compileProblem: null,
            exceptionMessage: null,
            exceptionStackTrace: null
        };
    }

    function readMetadata(body: string): string {
        const type = tag(body, 'type');
        const names = tags(body, 'fullNames');
        const records = names
            .filter(() => type === 'CustomObject')
            .map((name) =>
                name === 'Account'
                    ? `<records xsi:type="CustomObject"><fullName>Account</fullName>${accountOverrides
                          .map(
                              (o) =>
                                  `<actionOverrides><actionName>${o.actionName}</actionName>${o.content ? `<content>${o.content}</content>` : ''}${o.formFactor ? `<formFactor>${o.formFactor}</formFactor>` : ''}<skipRecordTypeSelect>false</skipRecordTypeSelect><type>${o.type}</type></actionOverrides>`
                          )
                          .join('')}<sharingModel>ReadWrite</sharingModel></records>`
                    : '<records xsi:nil="true"/>'
            );
        return envelope(
            `<readMetadataResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><result>${records.join('')}</result></readMetadataResponse>`
        );
    }

    /** sObject collection writes: PermissionSetAssignment and ABM_Seller__c, with the errors a real org gives. */
    function write(method: string, records: Record<string, unknown>[]): unknown[] {
        const roles = ['AE', 'SDR', 'Specialist', 'Marketer', 'CS', 'Automation'];
        return records.map((r) => {
            const type = (r.attributes as { type?: string } | undefined)?.type;
            const fail = (statusCode: string, message: string, fields: string[] = []) => ({
                id: null,
                success: false,
                errors: [{ statusCode, message, fields }]
            });
            if (type === 'PermissionSetAssignment') {
                const a = { Id: nextId('0Pa'), AssigneeId: String(r.AssigneeId), PermissionSetId: String(r.PermissionSetId) };
                if (assignments.some((x) => x.AssigneeId === a.AssigneeId && x.PermissionSetId === a.PermissionSetId))
                    return fail('DUPLICATE_VALUE', 'Duplicate PermissionSetAssignment');
                assignments.push(a);
                return { id: a.Id, success: true, errors: [] };
            }
            if (type === 'ABM_Seller__c') {
                if (r.Role__c !== undefined && r.Role__c !== null && !roles.includes(String(r.Role__c)))
                    return fail(
                        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                        `Role: bad value for restricted picklist field: ${String(r.Role__c)}`,
                        ['Role__c']
                    );
                const { attributes: _attributes, ...fields } = r;
                void _attributes;
                if (method === 'POST') {
                    if ([...sellers.values()].some((x) => x.User__c === fields.User__c))
                        return fail('DUPLICATE_VALUE', 'duplicate value found: UserKey__c duplicates value on another record', [
                            'UserKey__c'
                        ]);
                    const id = nextId('a01');
                    sellers.set(id, { Id: id, ...fields });
                    return { id, success: true, errors: [] };
                }
                const current = sellers.get(String(fields.Id));
                if (!current) return fail('ENTITY_IS_DELETED', 'entity is deleted');
                Object.assign(current, fields);
                return { id: current.Id, success: true, errors: [] };
            }
            return fail('INVALID_TYPE', `the double does not write ${type ?? 'records without attributes.type'}`);
        });
    }

    function deployResult(id: string, done: boolean, outcome?: DeployOutcome): string {
        const last = deploys[deploys.length - 1]!;
        const o = outcome ?? options.outcome;
        const success = done && o.kind === 'success';
        const status = !done ? 'InProgress' : success ? 'Succeeded' : 'Failed';
        let details = '';
        if (done && o.kind === 'componentFailure') {
            details = `<details><componentFailures><changed>false</changed><componentType>${o.componentType}</componentType><created>false</created><deleted>false</deleted><fileName>${o.fileName}</fileName><fullName>${o.fullName}</fullName><lineNumber>${o.lineNumber}</lineNumber><columnNumber>1</columnNumber><problem>${o.problem}</problem><problemType>Error</problemType><success>false</success></componentFailures><runTestResult><numFailures>0</numFailures><numTestsRun>0</numTestsRun><totalTime>0</totalTime></runTestResult></details>`;
        } else if (done && o.kind === 'testFailure') {
            details = `<details><runTestResult><failures><id>01p000000000001AAA</id><message>${o.message}</message><methodName>${o.methodName}</methodName><name>${o.className}</name><stackTrace>Class.${o.className}.${o.methodName}: line 7, column 1</stackTrace><time>12</time></failures><numFailures>1</numFailures><numTestsRun>3</numTestsRun><totalTime>40</totalTime></runTestResult></details>`;
        } else if (done) {
            details =
                '<details><runTestResult><numFailures>0</numFailures><numTestsRun>0</numTestsRun><totalTime>0</totalTime></runTestResult></details>';
        }
        return envelope(
            `<checkDeployStatusResponse><result><checkOnly>${last.checkOnly}</checkOnly><completedDate>2026-11-23T12:00:00.000Z</completedDate><createdBy>005000000000001</createdBy><createdByName>Admin</createdByName><createdDate>2026-11-23T11:59:00.000Z</createdDate>${details}<done>${done}</done><id>${id}</id><ignoreWarnings>false</ignoreWarnings><lastModifiedDate>2026-11-23T12:00:00.000Z</lastModifiedDate><numberComponentErrors>${done && o.kind === 'componentFailure' ? 1 : 0}</numberComponentErrors><numberComponentsDeployed>${done ? 10 : 3}</numberComponentsDeployed><numberComponentsTotal>10</numberComponentsTotal><numberTestErrors>${done && o.kind === 'testFailure' ? 1 : 0}</numberTestErrors><numberTestsCompleted>0</numberTestsCompleted><numberTestsTotal>0</numberTestsTotal><rollbackOnError>true</rollbackOnError><runTestsEnabled>false</runTestsEnabled><status>${status}</status><success>${success}</success></result></checkDeployStatusResponse>`
        );
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '').split('?')[0] ?? '';
        const soapAction = req.headers.soapaction as string | undefined;
        requests.push({ method: req.method ?? '', path, soapAction, body: body.slice(0, 2000), at: Date.now() });

        if (path.startsWith('/services/Soap/m/')) {
            res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
            if (/<(\w+:)?deploy>/.test(body)) {
                const zip = Buffer.from(tag(body, 'ZipFile') ?? '', 'base64');
                const archive = await JSZip.loadAsync(zip);
                const files = Object.keys(archive.files)
                    .filter((f) => !archive.files[f]!.dir)
                    .map((f) => f.replace(/^unpackaged\//, ''))
                    .sort();
                const contents = new Map<string, string>();
                for (const [name, file] of Object.entries(archive.files)) {
                    if (!file.dir && /\.(object|md|xml)$/.test(name))
                        contents.set(name.replace(/^unpackaged\//, ''), await file.async('string'));
                }
                deploys.push({
                    checkOnly: tag(body, 'checkOnly') === 'true',
                    testLevel: tag(body, 'testLevel') ?? '',
                    runTests: tags(body, 'runTests'),
                    zipBytes: zip.length,
                    files,
                    contents
                });
                res.end(
                    envelope(
                        `<deployResponse><result><done>false</done><id>0Af000000000001AAA</id><state>Queued</state></result></deployResponse>`
                    )
                );
                return;
            }
            if (/checkDeployStatus/.test(body)) {
                polls += 1;
                const done = polls > (options.pollsBeforeDone ?? 1);
                const last = deploys[deploys.length - 1]!;
                const locked = cronTriggers.find((c) => last.files.includes(`classes/${c.Class}.cls`));
                if (done && locked !== undefined && !options.allowDeployWithPendingJobs) {
                    res.end(
                        deployResult(tag(body, 'asyncProcessId') ?? '0Af000000000001AAA', true, {
                            kind: 'componentFailure',
                            fileName: `classes/${locked.Class}.cls`,
                            fullName: locked.Class,
                            componentType: 'ApexClass',
                            lineNumber: 1,
                            problem: 'This schedulable class has jobs pending or in progress'
                        })
                    );
                    polls = 0;
                    return;
                }
                if (done && options.recordPageDeployProblem && last.contents.has('objects/Account.object')) {
                    res.end(
                        deployResult(tag(body, 'asyncProcessId') ?? '0Af000000000001AAA', true, {
                            kind: 'componentFailure',
                            fileName: 'objects/Account.object',
                            fullName: 'Account',
                            componentType: 'CustomObject',
                            lineNumber: 1,
                            problem: options.recordPageDeployProblem
                        })
                    );
                    return;
                }
                res.end(deployResult(tag(body, 'asyncProcessId') ?? '0Af000000000001AAA', done));
                if (done) {
                    if (options.outcome.kind === 'success' && !last.checkOnly) applyDeploy(last);
                    polls = 0;
                }
                return;
            }
            if (/readMetadata/.test(body)) {
                res.end(readMetadata(body));
                return;
            }
            res.end(
                envelope(
                    '<soapenv:Fault><faultcode>sf:UNKNOWN_EXCEPTION</faultcode><faultstring>not in the double</faultstring></soapenv:Fault>'
                )
            );
            return;
        }
        if (path === '/services/oauth2/userinfo') {
            json(res, 200, {
                user_id: USERS[0]!.Id,
                organization_id: '00D000000000001AAA',
                preferred_username: USERS[0]!.Username,
                email: USERS[0]!.Username
            });
            return;
        }
        if (path === '/services/data' || path === '/services/data/') {
            json(res, 200, [{ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' }]);
            return;
        }
        if (/^\/services\/data\/v[\d.]+\/tooling\/executeAnonymous\/?$/.test(path)) {
            json(res, 200, runAnonymous(new URL(req.url ?? '', url).searchParams.get('anonymousBody') ?? ''));
            return;
        }
        if (/^\/services\/data\/v[\d.]+\/tooling\/query\/?$/.test(path)) {
            const soql = new URL(req.url ?? '', url).searchParams.get('q') ?? '';
            const names = whereValues(soql, 'DeveloperName') ?? [];
            const records = /FROM FlexiPage/i.test(soql)
                ? (options.flexiPages ?? ['ABM_Account_Record_Page'])
                      .filter((p) => names.includes(p))
                      .map((DeveloperName) => ({ attributes: { type: 'FlexiPage' }, DeveloperName }))
                : [];
            json(res, 200, { size: records.length, totalSize: records.length, done: true, records });
            return;
        }
        if (/^\/services\/data\/v[\d.]+\/sobjects\/ABM_Seller__c\/describe\/?$/.test(path)) {
            json(res, 200, { name: 'ABM_Seller__c', fields: sellerDescribe() });
            return;
        }
        const q = /^\/services\/data\/v[\d.]+\/query\/?$/.test(path) ? new URL(req.url ?? '', url).searchParams.get('q') : null;
        if (q !== null) {
            const records = query(q);
            json(res, 200, { totalSize: records.length, done: true, records });
            return;
        }
        const user = /^\/services\/data\/v[\d.]+\/sobjects\/User\/(\w+)/.exec(path);
        if (user) {
            json(res, 200, {
                attributes: { type: 'User' },
                Id: user[1],
                Username: USERS.find((u) => u.Id === user[1])?.Username ?? USERS[0]!.Username
            });
            return;
        }
        if (/\/composite\/sobjects$/.test(path) && (req.method === 'POST' || req.method === 'PATCH')) {
            const payload = JSON.parse(body) as { records: Record<string, unknown>[] };
            json(res, 200, write(req.method, payload.records));
            return;
        }
        json(res, 404, [{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist: ${req.method} ${path}` }]);
    }

    const server: Server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => json(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        requests,
        deploys,
        assignments,
        sellers,
        cronTriggers,
        accountOverrides,
        anonymousApex,
        configure: reset,
        stop: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            })
    };
}

/** An authenticated @salesforce/core Connection to the double (an access token; nothing is saved to the auth store). */
export async function connectToDouble(double: MetadataDouble): Promise<import('@salesforce/core').Connection> {
    const { AuthInfo, Connection } = await import('@salesforce/core');
    const authInfo = await AuthInfo.create({
        accessTokenOptions: { accessToken: '00D!double', instanceUrl: double.url, loginUrl: double.url }
    });
    return Connection.create({ authInfo, connectionOptions: { version: '66.0' } });
}
