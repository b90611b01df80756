/**
 * The platform rules bite: each mistake planted into a copy of force-app (or a small file added to it) is reported at
 * its file, line and token; the project's only findings are the known ones of config/platform-rules-known.json, each of
 * which still occurs (so the list cannot rot); the CLI fails on a new finding and on a stale known entry.
 */
import { packageDirectories } from '../../scripts/check/lib/tools-common';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildInventory } from '../../scripts/check/lib/inventory';
import { PlatformRules, type PlatformFinding } from '../../scripts/check/lib/platform-rules';
import { expectOnlyFinding, PlantedProject, plantedProjects, ROOT, SRC } from './planted';
import { checkInProcess } from './run-check';
import { PLATFORM_RULES } from '../../scripts/check/platform-rules';

const STANDARD = readFileSync(join(ROOT, 'config', 'standard-fields.txt'), 'utf8');
const KNOWN = JSON.parse(readFileSync(join(ROOT, 'config', 'platform-rules-known.json'), 'utf8')) as { rule: string; file: string }[];

const rules = (dir: string): PlatformFinding[] =>
    new PlatformRules(buildInventory(packageDirectories(dir), STANDARD, 'standard-fields.txt', dir), dir).run();
const isKnown = (f: PlatformFinding): boolean => KNOWN.some((k) => k.rule === f.rule && k.file === f.file);

const planted = plantedProjects();

/** The findings a planted copy has beyond the known ones. */
const fresh = (p: PlantedProject): PlatformFinding[] => rules(p.dir).filter((f) => !isKnown(f));

describe('the project', () => {
    it('has only the known findings, and every known entry still occurs', () => {
        const findings = rules(ROOT);
        expect(findings.filter((f) => !isKnown(f))).toEqual([]);
        for (const k of KNOWN) expect(findings.some((f) => f.rule === k.rule && f.file === k.file)).toBe(true);
    });
});

const PLAN_CLASS = (body: string): string => `public with sharing class AbmPlanted {\n${body}\n}\n`;

describe('bite tests', () => {
    const cases: { name: string; file: string; from?: string; to: string; line: string; token: string; rule: string; message: RegExp }[] = [
        {
            name: 'owner-on-detail: OwnerId on the Account Plan layout',
            file: 'layouts/ABM_AccountPlan__c-ABM Account Plan Layout.layout-meta.xml',
            from: '<field>Account__c</field>\n            </layoutItems>',
            to: '<field>Account__c</field>\n            </layoutItems>\n            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>OwnerId</field>\n            </layoutItems>',
            line: '<field>OwnerId</field>',
            token: 'OwnerId',
            rule: 'owner-on-detail',
            message: /layout field: ABM_AccountPlan__c is the detail side of a master-detail \(Account__c → Account\) and has no owner/
        },
        {
            name: 'owner-on-detail: an owner column in a list view',
            file: 'objects/ABM_AccountPlan__c/listViews/All.listView-meta.xml',
            from: '<columns>Status__c</columns>',
            to: '<columns>Status__c</columns>\n    <columns>OWNER.ALIAS</columns>',
            line: 'OWNER.ALIAS',
            token: 'OWNER.ALIAS',
            rule: 'owner-on-detail',
            message: /list view column\/filter/
        },
        {
            name: 'owner-on-detail: OwnerId in a compact layout',
            file: 'objects/ABM_AccountPlan__c/compactLayouts/Highlights.compactLayout-meta.xml',
            from: '<fields>Status__c</fields>',
            to: '<fields>Status__c</fields>\n    <fields>OwnerId</fields>',
            line: '<fields>OwnerId</fields>',
            token: 'OwnerId',
            rule: 'owner-on-detail',
            message: /compact layout field/
        },
        {
            name: 'owner-on-detail: Owner.Name in Apex SOQL on the detail',
            file: 'classes/AbmPlanted.cls',
            to: PLAN_CLASS(
                '    public static List<ABM_AccountPlan__c> plans(Id accountId) {\n        return [\n            SELECT Id, Owner.Name\n            FROM ABM_AccountPlan__c\n            WHERE Account__c = :accountId\n            WITH USER_MODE\n        ];\n    }'
            ),
            line: 'Owner.Name',
            token: 'Owner.Name',
            rule: 'owner-on-detail',
            message: /SOQL: ABM_AccountPlan__c is the detail side/
        },
        {
            name: 'owner-on-detail: OwnerId in a subquery through the child relationship',
            file: 'classes/AbmPlanted.cls',
            to: PLAN_CLASS(
                '    public static List<Account> accounts() {\n        return [SELECT Id, (SELECT Id FROM AccountPlans__r WHERE OwnerId = :UserInfo.getUserId()) FROM Account WITH USER_MODE LIMIT 10];\n    }'
            ),
            line: 'AccountPlans__r WHERE OwnerId',
            token: 'OwnerId',
            rule: 'owner-on-detail',
            message: /SOQL: ABM_AccountPlan__c/
        },
        {
            name: 'owner-on-detail: an LWC schema import of the owner',
            file: 'lwc/abmAccountPlan/abmAccountPlan.js',
            from: "import PLAN_ID from '@salesforce/schema/ABM_AccountPlan__c.Id';",
            to: "import PLAN_ID from '@salesforce/schema/ABM_AccountPlan__c.Id';\nimport OWNER from '@salesforce/schema/ABM_AccountPlan__c.OwnerId';",
            line: 'ABM_AccountPlan__c.OwnerId',
            token: '@salesforce/schema/ABM_AccountPlan__c.OwnerId',
            rule: 'owner-on-detail',
            message: /LWC schema import/
        },
        {
            name: 'cmdt-long-text-getinstance: a long text field read from getAll()',
            file: 'classes/AbmPlanted.cls',
            to: PLAN_CLASS(
                '    public static String webmail() {\n        for (ABM_Setting__mdt s : ABM_Setting__mdt.getAll().values()) {\n            return s.WebmailDomains__c;\n        }\n        return null;\n    }'
            ),
            line: 'ABM_Setting__mdt.getAll()',
            token: 'ABM_Setting__mdt.getAll',
            rule: 'cmdt-long-text-getinstance',
            message: /returns only the first 255 characters of the long text area field WebmailDomains__c/
        },
        {
            name: 'profile-by-name: a profile found by its localised name',
            file: 'classes/AbmPlanted.cls',
            to: PLAN_CLASS(
                "    public static Id profile() {\n        return [SELECT Id FROM Profile WHERE Name = 'System Administrator' LIMIT 1].Id;\n    }"
            ),
            line: "Name = 'System",
            token: "Name = 'System Administrator'",
            rule: 'profile-by-name',
            message: /standard profile names are translated/
        },
        {
            name: 'label-copy-in-test: a test comparing with a copy of a label',
            file: 'classes/AbmPlanted.cls',
            to: "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldShowTheMessage() {\n        Assert.areEqual('Tier 1 accounts must be owned by an active AE: an active user whose active ABM seller record has the role AE.', AbmPlanted.message(), 'message');\n    }\n}\n",
            line: "'Tier 1 accounts",
            token: "'Tier 1 accounts must be owned by an a...'",
            rule: 'label-copy-in-test',
            message: /a copy of custom label ABM_OwnerRuleTier1's text: compare with System\.Label\.ABM_OwnerRuleTier1/
        },
        {
            name: 'without-sharing-why: a without sharing class whose ApexDoc does not say why',
            file: 'classes/AbmPlanted.cls',
            to: '/**\n * @description Reads plans.\n */\npublic without sharing class AbmPlanted {\n}\n',
            line: 'public without sharing',
            token: 'without sharing class AbmPlanted',
            rule: 'without-sharing-why',
            message: /its ApexDoc does not say why/
        },
        {
            name: 'settings-without-mock: a test that runs a settings reader and asserts the shipped thresholds',
            file: 'classes/AbmPlanted.cls',
            to: "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldUseTheStallingThreshold() {\n        Assert.areEqual(21, AbmHealthController.getThresholds().stallingDays, 'stalling days');\n    }\n}\n",
            line: 'AbmHealthController.getThresholds',
            token: 'AbmHealthController',
            rule: 'settings-without-mock',
            message: /reads the org's settings \(AbmSettingSelector\.getDefault\(\)\), without AbmSettingSelector\.useMock/
        },
        {
            name: 'settings-without-mock: the selector test looking for a shipped webmail domain in the live record',
            file: 'classes/AbmPlanted.cls',
            to: "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldShipGmail() {\n        Assert.isTrue(AbmSettingSelector.webmailDomains().contains('gmail.com'), 'shipped');\n    }\n}\n",
            line: "'gmail.com'",
            token: "'gmail.com'",
            rule: 'settings-without-mock',
            message: /looks for 'gmail\.com', a value shipped in ABM_Setting\.Default/
        },
        {
            name: 'org-job-count-in-test: a test counting AsyncApexJob rows of a class with no baseline',
            file: 'classes/AbmPlanted.cls',
            to: "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldStartTheRecount() {\n        Test.startTest();\n        Database.executeBatch(new AbmOwnerBookBatch());\n        Test.stopTest();\n        Assert.areEqual(1, [SELECT COUNT() FROM AsyncApexJob WHERE ApexClass.Name = 'AbmOwnerBookBatch'], 'one run');\n    }\n}\n",
            line: 'SELECT COUNT() FROM AsyncApexJob',
            token: 'count FROM AsyncApexJob',
            rule: 'org-job-count-in-test',
            message: /the org's own scheduled and batch runs are visible to tests/
        },
        {
            name: 'schedule-off-dispatcher: production code scheduling a job on the worker class',
            file: 'classes/AbmPlanted.cls',
            to: PLAN_CLASS(
                "    public static Id nightly() {\n        return System.schedule('ABM recount', '0 0 2 * * ?', new AbmOwnerBookBatch());\n    }"
            ),
            line: 'System.schedule',
            token: 'new AbmOwnerBookBatch',
            rule: 'schedule-off-dispatcher',
            message: /schedule it as new AbmScheduledJob\('AbmOwnerBookBatch'\)/
        },
        {
            name: 'org-job-count-in-test: CronTrigger rows counted by job name (.size())',
            file: 'classes/AbmPlanted.cls',
            to: "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldScheduleOnce() {\n        Assert.areEqual(1, [SELECT Id FROM CronTrigger WHERE CronJobDetail.Name = 'ABM owner book recount'].size(), 'one job');\n    }\n}\n",
            line: 'FROM CronTrigger',
            token: 'count FROM CronTrigger',
            rule: 'org-job-count-in-test',
            message: /bind the job Id/
        },
        {
            name: 'slds-component-hook: a component styling hook in LWC CSS',
            file: 'lwc/abmEmptyState/abmEmptyState.css',
            to: ':host {\n    --slds-c-card-color-background: #fff;\n}\n',
            line: '--slds-c-card',
            token: '--slds-c-card-color-background',
            rule: 'slds-component-hook',
            message: /not supported by SLDS 2/
        }
    ];

    it.each(cases)('$name', ({ file, from, to, ...expected }) => {
        const p = planted();
        const rel = from === undefined ? p.write(file, to) : p.plant(file, from, to);
        expectOnlyFinding(fresh(p), p, rel, expected);
    });

    describe('duplicate-alert-save', () => {
        const DML_CLASS = (body: string): string =>
            `public with sharing class AbmPlantedSave {\n    public static void save(List<Lead> leads, Id accountId, Id ownerId) {\n${body}\n    }\n}\n`;
        const saves: { name: string; body: string; line: string; token: string; type: string }[] = [
            {
                name: 'an update statement on a List<Lead>',
                body: '        update leads;',
                line: 'update leads;',
                token: 'update',
                type: 'Lead'
            },
            {
                name: 'a user-mode insert statement of a new Contact',
                body: "        insert as user new Contact(LastName = 'Planted', AccountId = accountId);",
                line: 'insert as user',
                token: 'insert',
                type: 'Contact'
            },
            {
                name: 'Database.update of Accounts with allOrNone and an access level',
                body: '        List<Account> accounts = new List<Account>{ new Account(Id = accountId, OwnerId = ownerId) };\n        Database.update(accounts, false, AccessLevel.SYSTEM_MODE);',
                line: 'Database.update(accounts',
                token: 'Database.update',
                type: 'Account'
            },
            {
                name: 'Database.upsert of a map of leads, with options that do not allow the save',
                body: '        Map<Id, Lead> byId = new Map<Id, Lead>(leads);\n        Database.DMLOptions options = new Database.DMLOptions();\n        options.OptAllOrNone = false;\n        Database.upsert(byId.values(), options);',
                line: 'Database.upsert(',
                token: 'Database.upsert',
                type: 'Lead'
            },
            {
                name: 'Database.insert of one account variable',
                body: "        Account account = new Account(Name = 'Planted');\n        Database.insert(account, AccessLevel.USER_MODE);",
                line: 'Database.insert(',
                token: 'Database.insert',
                type: 'Account'
            }
        ];
        it.each(saves)('flags $name', ({ body, line, token, type }) => {
            const p = planted();
            const rel = p.write('classes/AbmPlantedSave.cls', DML_CLASS(body));
            expectOnlyFinding(fresh(p), p, rel, {
                line,
                token,
                rule: 'duplicate-alert-save',
                message: new RegExp(
                    `^${token.replace('.', '\\.')} of ${type} records without DMLOptions that allow saving duplicates: .*DUPLICATES_DETECTED`
                )
            });
        });

        it('flags a later save of a variable that an earlier, marked save excused, and a this. field declared below', () => {
            const p = planted();
            const rel = p.write(
                'classes/AbmPlantedSave.cls',
                DML_CLASS(
                    [
                        '        insert leads; // honours duplicate rules: the planted reason',
                        '        leads[0].Company = accountId;',
                        '        update leads;',
                        '        update this.contacts;'
                    ].join('\n')
                ).replace(/\n}\n$/, '\n    private List<Contact> contacts = new List<Contact>();\n}\n')
            );
            expect(fresh(p).map((f) => [f.line, f.token, f.message.split(' records')[0]])).toEqual([
                [p.lineOf(rel, '        update leads;'), 'update', 'update of Lead'],
                [p.lineOf(rel, 'update this.contacts;'), 'update', 'update of Contact']
            ]);
        });

        it('flags the routing save when its options are taken away', () => {
            const p = planted();
            const rel = p.plant(
                'classes/AbmRoutingWriter.cls',
                'Database.update(updates, AbmSaveResults.partialSaveAllowingDuplicates(), System.AccessLevel.SYSTEM_MODE)',
                'Database.update(updates, false, AccessLevel.SYSTEM_MODE)'
            );
            expectOnlyFinding(fresh(p), p, rel, {
                line: 'Database.update(updates, false, AccessLevel',
                token: 'Database.update',
                rule: 'duplicate-alert-save',
                message: /of Lead records without DMLOptions/
            });
        });

        it('passes the helpers, options with allowSave, the marker, other objects and test classes', () => {
            const p = planted();
            p.write(
                'classes/AbmPlantedSave.cls',
                DML_CLASS(
                    [
                        '        Database.update(leads, AbmSaveResults.partialSaveAllowingDuplicates(), AccessLevel.USER_MODE);',
                        '        Database.update(leads, AbmSaveResults.allOrNoneSaveAllowingDuplicates());',
                        '        Database.DMLOptions dml = new Database.DMLOptions();',
                        '        dml.DuplicateRuleHeader.allowSave = true;',
                        '        Database.insert(new Contact(LastName = accountId), dml, AccessLevel.SYSTEM_MODE);',
                        '        // honours duplicate rules: the user asked to create this lead from a form, as the UI would',
                        '        insert new Lead(LastName = ownerId);',
                        '        update leads; // honours duplicate rules: the planted reason',
                        '        List<ABM_Seller__c> sellers = new List<ABM_Seller__c>();',
                        '        update sellers;',
                        '        List<SObject> records = new List<SObject>(leads);',
                        '        update records;'
                    ].join('\n')
                )
            );
            p.write(
                'classes/AbmPlantedSaveTest.cls',
                "@IsTest\nprivate class AbmPlantedSaveTest {\n    @IsTest\n    static void shouldSave() {\n        Account account = new Account(Name = 'Planted');\n        insert account;\n        Assert.isNotNull(account.Id, 'inserted');\n    }\n}\n"
            );
            expect(fresh(p)).toEqual([]);
        });
    });

    it('a test that mocks the settings, counts against a baseline or binds the job Id passes', () => {
        const p = planted();
        p.write(
            'classes/AbmPlanted.cls',
            "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldUseTheMockedThreshold() {\n        AbmSettingSelector.useMock(AbmTestData.settings());\n        AbmAccountTriggerHandler.bypassOverride = true;\n        Assert.areEqual(21, AbmHealthController.getThresholds().stallingDays, 'mocked');\n    }\n    @IsTest\n    static void shouldCountOnlyItsOwnJobs() {\n        Set<Id> before = AbmTestData.asyncJobIds('AbmOwnerBookBatch');\n        Id jobId = Database.executeBatch(new AbmOwnerBookBatch());\n        Assert.areEqual(1, [SELECT COUNT() FROM AsyncApexJob WHERE ApexClass.Name = 'AbmOwnerBookBatch' AND Id NOT IN :before], 'new');\n        Assert.areEqual(1, [SELECT Id FROM AsyncApexJob WHERE Id = :jobId].size(), 'bound');\n    }\n}\n"
        );
        expect(fresh(p)).toEqual([]);
    });

    it('setting only the trigger seam (bypassOverride) of a settings reader is not running it', () => {
        const p = planted();
        p.write(
            'classes/AbmPlanted.cls',
            "@IsTest\nprivate class AbmPlanted {\n    @IsTest\n    static void shouldInsertQuietly() {\n        AbmAccountTriggerHandler.bypassOverride = true;\n        insert new Account(Name = 'Quiet');\n        AbmAccountTriggerHandler.bypassOverride = null;\n    }\n}\n"
        );
        expect(fresh(p)).toEqual([]);
    });

    it('a without sharing class whose ApexDoc says why passes', () => {
        const p = planted();
        p.write(
            'classes/AbmPlanted.cls',
            '/**\n * @description Runs without sharing: reads every seller for routing, after the ABM_Operations permission check.\n */\npublic without sharing class AbmPlanted {\n}\n'
        );
        expect(fresh(p)).toEqual([]);
    });

    const META = (targets: string[]): string =>
        '<?xml version="1.0" encoding="UTF-8"?>\n<LightningComponentBundle xmlns="http://soap.sforce.com/2006/04/metadata">\n' +
        `    <apiVersion>66.0</apiVersion>\n    <isExposed>${targets.length > 0}</isExposed>\n` +
        (targets.length > 0 ? `    <targets>\n${targets.map((t) => `        <target>${t}</target>\n`).join('')}    </targets>\n` : '') +
        '</LightningComponentBundle>\n';
    /** Adds a bundle (js, html, meta) to the planted copy; returns the js path. */
    const bundle = (p: PlantedProject, name: string, js: string, targets: string[]): string => {
        mkdirSync(join(p.dir, SRC, 'lwc', name));
        p.write(`lwc/${name}/${name}.js-meta.xml`, META(targets));
        p.write(`lwc/${name}/${name}.html`, '<template></template>\n');
        return p.write(`lwc/${name}/${name}.js`, js);
    };
    // A record-page card wiring cacheable Apex by the record id, whose only refreshApex follows its own save.
    const CARD =
        "import { LightningElement, api, wire } from 'lwc';\n" +
        "import { refreshApex } from '@salesforce/apex';\n" +
        "import { updateRecord } from 'lightning/uiRecordApi';\n" +
        "import getPlan from '@salesforce/apex/AbmAccountPlanController.getPlan';\n\n" +
        'export default class AbmPlantedCard extends LightningElement {\n    @api recordId;\n    wired;\n' +
        "    @wire(getPlan, { accountId: '$recordId' })\n    plan(result) {\n        this.wired = result;\n    }\n" +
        '    async handleSave(fields) {\n        await updateRecord({ fields });\n        await refreshApex(this.wired);\n    }\n}\n';
    const staleOnly = (p: PlantedProject): PlatformFinding[] => rules(p.dir).filter((f) => f.rule === 'stale-cacheable-wire');

    it('stale-cacheable-wire: a record-page component whose only refreshApex follows its own save is flagged', () => {
        const p = planted();
        const rel = bundle(p, 'abmPlantedCard', CARD, ['lightning__RecordPage']);
        expectOnlyFinding(fresh(p), p, rel, {
            line: '@wire(getPlan',
            token: '@wire(getPlan',
            rule: 'stale-cacheable-wire',
            message:
                /abmPlantedCard is on record pages and wires cacheable AbmAccountPlanController.getPlan .* nothing refreshes it when the page does/
        });
    });

    it('stale-cacheable-wire: a RefreshView provider or a getRecord wire handler that reaches refreshApex clears it', () => {
        const p = planted();
        const withProvider = CARD.replace(
            "from 'lightning/uiRecordApi';\n",
            "from 'lightning/uiRecordApi';\nimport { registerRefreshHandler } from 'lightning/refresh';\n"
        ).replace(
            '    async handleSave',
            '    connectedCallback() {\n        registerRefreshHandler(this, this.refreshView);\n    }\n' +
                '    refreshView() {\n        return this.reload();\n    }\n    reload() {\n        return refreshApex(this.wired);\n    }\n    async handleSave'
        );
        bundle(p, 'abmPlantedCard', withProvider, ['lightning__RecordPage']);
        const withRecordWire = CARD.replace('import { updateRecord }', 'import { getRecord, updateRecord }').replace(
            '    async handleSave',
            "    @wire(getRecord, { recordId: '$recordId', fields: ['Account.Name'] })\n    record() {\n        refreshApex(this.wired);\n    }\n    async handleSave"
        );
        bundle(p, 'abmPlantedCard2', withRecordWire.replace('AbmPlantedCard', 'AbmPlantedCard2'), ['lightning__RecordPage']);
        // A provider that does not refresh the Apex (only toasts) does not count.
        const idle = CARD.replace(
            "from 'lightning/uiRecordApi';\n",
            "from 'lightning/uiRecordApi';\nimport { registerRefreshHandler } from 'lightning/refresh';\n"
        ).replace(
            '    async handleSave',
            '    connectedCallback() {\n        registerRefreshHandler(this, () => Promise.resolve(true));\n    }\n    async handleSave'
        );
        const idleRel = bundle(p, 'abmPlantedCard3', idle.replace('AbmPlantedCard', 'AbmPlantedCard3'), ['lightning__RecordPage']);
        expect(staleOnly(p).map((f) => f.file)).toEqual([idleRel]);
    });

    it('stale-cacheable-wire: a child component rendered inside a record-page component counts as on the record page', () => {
        const p = planted();
        const child = CARD.replace('AbmPlantedCard', 'AbmPlantedChild');
        const rel = bundle(p, 'abmPlantedChild', child, []);
        expect(staleOnly(p)).toEqual([]); // nothing renders it yet
        p.plant(
            'lwc/abmAccountPlan/abmAccountPlan.html',
            '<c-abm-account-plan-committee',
            '<c-abm-planted-child record-id={recordId}></c-abm-planted-child>\n<c-abm-account-plan-committee'
        );
        expectOnlyFinding(fresh(p), p, rel, {
            line: '@wire(getPlan',
            token: '@wire(getPlan',
            rule: 'stale-cacheable-wire',
            message: /abmPlantedChild is on record pages \(inside abmAccountPlan\)/
        });
    });

    it('imperative-cacheable-call: a component that awaits a cacheable method after a mutation is flagged; wires and non-cacheable calls are not', () => {
        const p = planted();
        const js =
            "import { LightningElement, wire } from 'lwc';\n" +
            "import getSummary from '@salesforce/apex/AbmTerritoryMapController.getSummary';\n" +
            "import reassignAccount from '@salesforce/apex/AbmTerritoryMapController.reassignAccount';\n\n" +
            'export default class AbmPlantedMap extends LightningElement {\n' +
            "    @wire(getSummary, { includeTier2: '$tier2' })\n    summary;\n    tier2 = false;\n" +
            '    async handleMove(accountId, ownerId) {\n        await reassignAccount({ accountId, newOwnerId: ownerId, reason: null });\n' +
            '        this.latest = await getSummary({ includeTier2: false });\n    }\n}\n';
        const rel = bundle(p, 'abmPlantedMap', js, ['lightning__AppPage']);
        expectOnlyFinding(fresh(p), p, rel, {
            line: 'this.latest = await getSummary',
            token: 'getSummary',
            rule: 'imperative-cacheable-call',
            message:
                /abmPlantedMap calls cacheable AbmTerritoryMapController.getSummary imperatively: the client-side cache answers a repeated call with its earlier result/
        });
        // Passed on instead of called (a .then chain, an alias) is still an imperative use.
        p.write(
            `lwc/abmPlantedMap/abmPlantedMap.js`,
            js.replace(
                'this.latest = await getSummary({ includeTier2: false });',
                'const read = getSummary;\n        this.latest = await read({});'
            )
        );
        expect(fresh(p).map((f) => [f.rule, f.line])).toEqual([['imperative-cacheable-call', p.lineOf(rel, 'const read = getSummary')]]);
    });

    it('unbound-refresh-handler: a RefreshView handler passed as an unbound method; bound and arrow handlers are not', () => {
        const p = planted();
        const js =
            "import { LightningElement } from 'lwc';\n" +
            "import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';\n\n" +
            'export default class AbmPlantedRefresh extends LightningElement {\n' +
            '    connectedCallback() {\n        this.id = registerRefreshHandler(this, this.refreshHandler);\n    }\n' +
            '    disconnectedCallback() {\n        unregisterRefreshHandler(this.id);\n    }\n' +
            '    refreshHandler() {\n        return Promise.resolve(this.isConnected);\n    }\n}\n';
        const rel = bundle(p, 'abmPlantedRefresh', js, ['lightning__AppPage']);
        expectOnlyFinding(fresh(p), p, rel, {
            line: 'registerRefreshHandler(this, this.refreshHandler)',
            token: 'this.refreshHandler',
            rule: 'unbound-refresh-handler',
            message: /abmPlantedRefresh registers the RefreshView handler this.refreshHandler unbound: under Lightning Locker/
        });
        p.write('lwc/abmPlantedRefresh/abmPlantedRefresh.js', js.replace('this.refreshHandler)', 'this.refreshHandler.bind(this))'));
        expect(fresh(p)).toEqual([]);
        p.write(
            'lwc/abmPlantedRefresh/abmPlantedRefresh.js',
            js.replace(
                '    refreshHandler() {\n        return Promise.resolve(this.isConnected);\n    }',
                '    refreshHandler = () => Promise.resolve(this.isConnected);'
            )
        );
        expect(fresh(p)).toEqual([]);
    });

    it('dynamic-dashboard-limit: a fourth dashboard running as the viewer (Developer edition allows 3)', () => {
        const p = planted();
        const src = readFileSync(join(p.dir, SRC, 'dashboards', 'ABM_Dashboards', 'ABM_Program.dashboard-meta.xml'), 'utf8');
        for (const n of [2, 3, 4]) p.write(`dashboards/ABM_Dashboards/ABM_Program${n}.dashboard-meta.xml`, src);
        const findings = fresh(p);
        const rel = join(SRC, 'dashboards', 'ABM_Dashboards', 'ABM_Program4.dashboard-meta.xml');
        expect(findings).toEqual([
            expect.objectContaining({
                file: rel,
                line: p.lineOf(rel, '<dashboardType>'),
                token: 'LoggedInUser',
                rule: 'dynamic-dashboard-limit'
            })
        ]);
        expect(findings[0]!.message).toMatch(/4 dashboards run as the viewer \(LoggedInUser\); developer edition orgs .* allow 3/);
    });

    it('detail-edit-without-master-edit: a permission set editing a detail of a custom master it cannot edit', () => {
        const p = planted();
        p.write(
            'objects/ABM_IntentSignal__c/fields/Seller__c.field-meta.xml',
            '<?xml version="1.0" encoding="UTF-8" ?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Seller__c</fullName>\n    <label>Seller</label>\n    <referenceTo>ABM_Seller__c</referenceTo>\n    <relationshipName>Signals</relationshipName>\n    <type>MasterDetail</type>\n    <writeRequiresMasterRead>false</writeRequiresMasterRead>\n</CustomField>\n'
        );
        const rel = p.write(
            'permissionsets/ABM_Planted.permissionset-meta.xml',
            '<?xml version="1.0" encoding="UTF-8" ?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>Planted</label>\n    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>ABM_IntentSignal__c</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n</PermissionSet>\n'
        );
        const findings = fresh(p).filter((f) => f.file === rel);
        expect(findings).toEqual([
            expect.objectContaining({
                line: p.lineOf(rel, '<objectPermissions>'),
                token: 'ABM_IntentSignal__c',
                rule: 'detail-edit-without-master-edit'
            })
        ]);
        expect(findings[0]!.message).toMatch(/not edit on its master ABM_Seller__c/);
    });

    it('CLI: known findings do not fail, a new one does, a stale known entry does', async () => {
        const p = planted();
        const knownFile = join(p.dir, 'known.json');
        writeFileSync(knownFile, readFileSync(join(ROOT, 'config', 'platform-rules-known.json')));
        const argv = ['--standard', join(ROOT, 'config', 'standard-fields.txt'), '--known', knownFile];
        // In-process (test/check/run-check.ts), then the last run as the real process.
        const ok = await checkInProcess(PLATFORM_RULES, argv, p.dir);
        expect(ok.status).toBe(0);
        expect(ok.stdout).toMatch(/: 0 findings, \d+ known, 0 stale known\n$/);
        writeFileSync(
            knownFile,
            JSON.stringify([...KNOWN, { rule: 'profile-by-name', file: 'force-app/main/default/classes/Gone.cls', owner: 'x', why: 'x' }])
        );
        const stale = await checkInProcess(PLATFORM_RULES, argv, p.dir);
        expect(stale.status).toBe(1);
        expect(stale.stdout).toContain(
            'known finding profile-by-name in force-app/main/default/classes/Gone.cls no longer occurs: remove it from the list'
        );
        writeFileSync(knownFile, JSON.stringify(KNOWN));
        const rel = p.write(
            'classes/AbmPlanted.cls',
            PLAN_CLASS(
                "    public static Id p() {\n        return [SELECT Id FROM Profile WHERE Name = 'Standard User' LIMIT 1].Id;\n    }"
            )
        );
        const bad = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'check', 'platform-rules.ts'), ...argv], {
            cwd: p.dir,
            encoding: 'utf8'
        });
        expect(bad.status).toBe(1);
        expect(bad.stdout).toContain(`${rel}:${p.lineOf(rel, "Name = 'Standard")}: profile-by-name: `);
        expect(bad.stdout).toMatch(/: 1 finding, \d+ known, 0 stale known\n$/);
    });
});
