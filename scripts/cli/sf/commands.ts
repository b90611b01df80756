/**
 * Every `sf abm …` command: summary, description, examples and flags, from which the sf CLI builds the help
 * (`sf abm rebalance plan --help`) and validates input. oclif finds them here (package.json `oclif.commands`, strategy
 * "explicit"); the logic is in scripts/cli/commands/<name>.ts. `abm …` (bin/abm.mjs, `npm run abm --`) runs the same.
 */
import { Args } from '@oclif/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { LIST_FIELDS } from '../../core/lists.js';
import { BOOK_OBJECTS } from '../../org/describe.js';
import { AbmCommand } from './base.js';

const commands = {
    snapshot: () => import('../commands/snapshot.js'),
    rebalance: () => import('../commands/rebalance.js'),
    domain: () => import('../commands/domain.js'),
    match: () => import('../commands/match.js'),
    load: () => import('../commands/load.js'),
    audit: () => import('../commands/audit.js'),
    tier: () => import('../commands/tier.js'),
    quarter: () => import('../commands/quarter.js'),
    deploy: () => import('../commands/deploy.js'),
    setup: () => import('../commands/setup.js'),
    report: () => import('../commands/report.js'),
    comp: () => import('../commands/comp.js')
};

// ───────────── shared flags ─────────────

/** An org or a snapshot folder (exactly one): commands that read the book. */
const book = {
    'target-org': Flags.optionalOrg({
        summary: 'Org alias or username; default: your default org (sf config set target-org) or SF_TARGET_ORG.',
        description: 'The sf CLI keeps the login (sf org login web); no credentials are stored by this project.'
    }),
    'api-version': Flags.orgApiVersion(),
    snapshot: Flags.string({
        summary: 'Work offline on a snapshot folder (one <Object>.csv per object, as "abm snapshot" writes) instead of an org.',
        exclusive: ['target-org']
    })
};

/** An org is required (deploy, setup). */
const org = {
    'target-org': Flags.requiredOrg({
        summary: 'Org alias or username; default: your default org (sf config set target-org) or SF_TARGET_ORG.'
    }),
    'api-version': Flags.orgApiVersion()
};

const asOf = Flags.string({
    summary: "The day dated rules are evaluated on (YYYY-MM-DD); default: the snapshot's asOf (snapshot.json), else today."
});
const out = (defaultDir: string | undefined, what: string) =>
    Flags.string({ summary: `Folder for ${what}.`, ...(defaultDir ? { default: defaultDir } : {}) });
const runsDir = Flags.string({
    summary: 'Where each run keeps its rollback file, failures and journal (<runs-dir>/<runId>/).',
    default: 'out/runs'
});
const runId = (what: string) =>
    Flags.string({ summary: `Id of the ${what} (names its run folder and audit records); default: generated.` });
const resume = Flags.boolean({
    summary: 'Finish an interrupted apply with the rollback file it saved (refused when that file is incomplete).',
    default: false
});
const rollbackRun = Flags.string({ summary: 'The run Id to roll back (its folder under --runs-dir).', required: true });

// ───────────── snapshot ─────────────

export class Snapshot extends AbmCommand {
    public static override readonly summary = 'Export the ABM book from an org into a snapshot folder (Bulk API 2.0 queries).';
    public static override readonly description = `One <ApiName>.csv per object, as "sf data export bulk" writes them, with only the fields the org has (read through describe), and snapshot.json ({ asOf }) beside them. Result pages are streamed to the files (an org's 500,000 tasks are never all in memory); a file is replaced only when its export succeeded. With --snapshot, copies or filters an existing snapshot instead.
Default objects: ${BOOK_OBJECTS.join(', ')}. Exit 68 when an object was skipped (named in a warning).`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --target-org prod --out data/prod',
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org --out out/small --objects Account,User,ABM_Seller__c'
    ];
    public static override readonly flags = {
        ...book,
        out: Flags.string({ summary: 'The folder to write (created when missing).', required: true }),
        objects: Flags.string({ summary: 'Comma-separated object API names; default: the objects of the ABM book.' })
    };
    public static override readonly module = commands.snapshot;
}

// ───────────── rebalance ─────────────

export class RebalancePlan extends AbmCommand {
    public static override readonly summary = 'Plan the quarterly territory rebalance: an exact, explainable plan; nothing changes.';
    public static override readonly description =
        'Reads the book, solves it (exact min-cost flow per tier: capacity windows, expertise before even distribution) and writes plan.json, moves.csv, secondary.csv and report.html. --departures-only moves only the accounts of departed or ineligible owners (the "within 2 days" run; allowed any day).';
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org --out out/demo',
        '<%= config.bin %> <%= command.id %> --target-org prod --departures-only'
    ];
    public static override readonly flags = {
        ...book,
        policy: Flags.string({ summary: 'Rebalance policy JSON; default: config/rebalance-policy.json when present.' }),
        'departures-only': Flags.boolean({
            summary: "Reassign only departed or unavailable sellers' accounts (the 2-day rule), nothing else.",
            default: false
        }),
        out: out('out/rebalance', 'plan.json, moves.csv, secondary.csv and report.html'),
        'run-id': runId('rebalance run'),
        'as-of': asOf
    };
    public static override readonly module = commands.rebalance;
    public static override readonly words = ['plan'];
}

export class RebalanceApply extends AbmCommand {
    public static override readonly summary =
        'Apply a saved rebalance plan: owners through the Bulk API, audit records, read-back, rollback file.';
    public static override readonly description =
        'Re-reads the owners and refuses when a moved account changed owner since the plan (drift) unless --force; refuses mid-quarter on an org unless --force or a departures plan (a snapshot is a simulation: always allowed). Writes <runs-dir>/<runId>/rollback.csv before the first change, updates the owners (Bulk API 2.0 for 2,000+ rows), retries row-lock failures, records every change in ABM_Assignment__c, then reads back and verifies. Exit 68 when some accounts failed.';
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --target-org prod --plan out/rebalance/plan.json',
        '<%= config.bin %> <%= command.id %> --target-org prod --plan out/rebalance/plan.json --resume'
    ];
    public static override readonly flags = {
        ...book,
        plan: Flags.string({ summary: 'The saved plan (plan.json from "abm rebalance plan").', required: true }),
        force: Flags.boolean({ summary: 'Apply even mid-quarter or after owners drifted from the plan.', default: false }),
        resume: Flags.boolean({
            summary: 'Finish an interrupted apply: accounts already at their planned owner are skipped, the rollback file is kept.',
            default: false
        }),
        'runs-dir': runsDir,
        'fiscal-start-month': Flags.string({ summary: "Month (1-12) the fiscal year starts, for the quarter check; default: the org's." }),
        'quarter-start': Flags.string({ summary: "First day of the current quarter (YYYY-MM-DD), instead of the org's fiscal year." }),
        'as-of': asOf,
        'retry-delay-ms': Flags.string({ summary: 'Wait before retrying row-locked accounts (milliseconds); default 2000.' })
    };
    public static override readonly module = commands.rebalance;
    public static override readonly words = ['apply'];
}

export class RebalanceRollback extends AbmCommand {
    public static override readonly summary = 'Roll back an applied rebalance run from its rollback file.';
    public static override readonly description =
        "Restores exactly the owners in the run's rollback file (and what the owner change moved with them), and audits that.";
    public static override readonly examples = ['<%= config.bin %> <%= command.id %> --target-org prod --run 2026-Q3-rebalance'];
    public static override readonly flags = {
        ...book,
        run: rollbackRun,
        'runs-dir': runsDir,
        force: Flags.boolean({ summary: 'Roll back even accounts whose owner changed after the run (drift).', default: false })
    };
    public static override readonly module = commands.rebalance;
    public static override readonly words = ['rollback'];
}

// ───────────── domain, match ─────────────

export class Domain extends AbmCommand {
    public static override readonly summary = 'Print the normalised web domain of emails, URLs or domains, with the reason.';
    public static override readonly description = `Lower case, no scheme, path, port or www, punycode for international names, hosting-platform shops kept whole, webmail flagged, garbage reported as invalid with a reason: the same normaliser as the Apex lead matcher, with the default hosting and webmail lists of the ABM settings (ABM_Setting__mdt Default).`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> "Jane.Doe+news@Mail.Acme.co.uk" https://www.münchen.de/rathaus acme.myshopify.com'
    ];
    public static override readonly strict = false;
    public static override readonly args = { values: Args.string({ description: 'Emails, URLs or domains.', required: true }) };
    public static override readonly flags = {};
    public static override readonly module = commands.domain;
}

export class Match extends AbmCommand {
    public static override readonly summary = 'Explain lead-to-account matches (reason codes) for emails, URLs or a CSV of leads.';
    public static override readonly description = `For each email or URL (or each row of a leads CSV): the matched account, the reason code (Exact domain, Alias, Parent domain walk, Hosting subdomain, None: webmail, None: no account, None: invalid), the domains looked up and every candidate account with why it won or lost.
--file reads a CSV of leads with a header row: its Email and Website columns by default (either may be missing); --column names one column instead (a value with an @ is an email, else a website).
Settings (hosting and webmail lists, PreferParentAccount__c) come from the org's ABM_Setting__mdt Default record; a snapshot uses the documented defaults.`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> jane@acme.com --snapshot data/sample-org',
        '<%= config.bin %> <%= command.id %> --file leads.csv --column Email --target-org prod'
    ];
    public static override readonly strict = false;
    public static override readonly args = { inputs: Args.string({ description: 'Emails or URLs (or use --file).' }) };
    public static override readonly flags = {
        ...book,
        file: Flags.string({ summary: 'A CSV of leads to match.' }),
        column: Flags.string({ summary: 'The column of --file holding the email or website; default: detected.' }),
        'prefer-parent': Flags.boolean({
            summary: 'Prefer the parent account when a domain matches a parent and its child.',
            default: false
        })
    };
    public static override readonly module = commands.match;
}

// ───────────── load ─────────────

export class LoadAccounts extends AbmCommand {
    public static override readonly summary =
        "Reconcile the teams' account lists (CSV, XLSX) into one account per web domain; --apply upserts.";
    public static override readonly description = `Reads every list first (one unreadable list stops the load with nothing written), maps columns (a mapping file or header synonyms), checks every cell, reconciles by web domain against the org's accounts and aliases, and writes reconciliation.csv, conflicts.csv, rejects.csv (file, line, column, reason), report.html and plan.json. Nothing changes without --apply (or "abm load apply").
--source: CSV (delimiter , ; tab or |; UTF-8, UTF-16 or Windows-1252, detected) or XLSX (#SHEET, else the first sheet).
--mapping: {"columns": {"name": "Company", "website": "Web", "tier": "Tier", "ownerEmail": "AE"}, "dateFormat": "DD/MM/YYYY", "tierValues": {"Strategic": "1"}}; fields: ${LIST_FIELDS.join(', ')}.
Exit codes: 0 ok (rejected rows are in rejects.csv), 1 a list could not be read (nothing written), 2 usage, 68 some rows failed, 130 interrupted (finish with "abm load apply --resume").`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org --source marketing=data/lists/marketing.csv --source sales=data/lists/sales.csv --source finance=data/lists/finance.xlsx#Approved --mapping marketing=data/lists/marketing.mapping.json --policy data/lists/precedence.json'
    ];
    public static override readonly flags = {
        ...book,
        source: Flags.string({ summary: 'A list: NAME=FILE (CSV, any delimiter and encoding) or NAME=FILE.xlsx#SHEET.', multiple: true }),
        mapping: Flags.string({
            summary: 'NAME=FILE.json: which column is which field, date format, tier values; default: headers by synonyms.',
            multiple: true
        }),
        precedence: Flags.string({
            summary: 'Which list wins per field: "tier=finance,sales;owner=sales" ("org" keeps the org\'s value).'
        }),
        policy: Flags.string({ summary: 'The precedence as JSON: {"precedence": {"tier": ["finance", "sales"]}}.' }),
        out: out('out/load', 'the reconciliation, conflicts, rejects, report and plan'),
        apply: Flags.boolean({
            summary: 'Apply the plan just written (the same as "abm load apply --plan <out>/plan.json").',
            default: false
        }),
        'as-of': asOf,
        'run-id': runId('load'),
        'runs-dir': runsDir,
        force: Flags.boolean({
            summary: 'With --apply: write even accounts that changed in the org since the plan (drift).',
            default: false
        })
    };
    public static override readonly module = commands.load;
    public static override readonly words = ['accounts'];
}

export class LoadSignals extends AbmCommand {
    public static override readonly summary = 'Load intent signals from a CSV onto the matched accounts; --apply inserts them.';
    public static override readonly description = `Matches each row of an intent export (domain, topic, strength, source, type, date; headers by synonyms or a mapping) to its account by web domain and alias, skips signals already loaded, and writes plan.json and rejects.csv. Nothing changes without --apply (or "abm load apply").`;
    public static override readonly examples = ['<%= config.bin %> <%= command.id %> --file signals.csv --snapshot data/sample-org'];
    public static override readonly flags = {
        ...book,
        file: Flags.string({ summary: 'The intent signals CSV.', required: true }),
        mapping: Flags.string({ summary: 'Column mapping JSON; default: headers by synonyms.' }),
        out: out('out/load-signals', 'the plan and rejects'),
        apply: Flags.boolean({
            summary: 'Insert the new signals (the same as "abm load apply --plan <out>/plan.json").',
            default: false
        }),
        'run-id': runId('load'),
        'runs-dir': runsDir,
        force: Flags.boolean({ summary: 'With --apply: insert even when the org changed since the plan (drift).', default: false })
    };
    public static override readonly module = commands.load;
    public static override readonly words = ['signals'];
}

export class LoadApply extends AbmCommand {
    public static override readonly summary = 'Apply a saved load plan (accounts or signals), exactly as planned, with a rollback file.';
    public static override readonly description =
        'Upserts accounts by ABM_WebDomain__c (Bulk API 2.0 from 2,000 rows), only the fields that change, or inserts the new signals. Refuses a plan for another org or snapshot, edited since, or whose accounts changed since (drift) unless --force; saves <runs-dir>/<runId>/rollback.csv (verified) before the first write; failures go to failures.csv (exit 68). Re-running is a no-op; --resume finishes an interrupted run (exit 130 after Ctrl-C).';
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --plan out/load/plan.json --target-org prod',
        '<%= config.bin %> <%= command.id %> --plan out/load/plan.json --target-org prod --resume'
    ];
    public static override readonly flags = {
        ...book,
        plan: Flags.string({ summary: 'The saved plan (plan.json from "abm load accounts" or "abm load signals").', required: true }),
        resume,
        force: Flags.boolean({ summary: 'Write even records that changed in the org since the plan (drift).', default: false }),
        'runs-dir': runsDir
    };
    public static override readonly module = commands.load;
    public static override readonly words = ['apply'];
}

export class LoadRollback extends AbmCommand {
    public static override readonly summary = 'Roll back an applied load: restore the fields it changed, delete what it created.';
    public static override readonly description =
        "Puts back every field the run changed and deletes the accounts (or signals) it created, from the run's rollback file; records changed since the run (drift) are refused, or with --force left as they are.";
    public static override readonly examples = ['<%= config.bin %> <%= command.id %> --run load-20261001T0900-1a2b3c4d --target-org prod'];
    public static override readonly flags = {
        ...book,
        run: rollbackRun,
        force: Flags.boolean({ summary: 'Leave records that changed since the run as they are and roll back the rest.', default: false }),
        'runs-dir': runsDir
    };
    public static override readonly module = commands.load;
    public static override readonly words = ['rollback'];
}

// ───────────── audit, tier, quarter ─────────────

export class Audit extends AbmCommand {
    public static override readonly summary = 'Data-quality audit of the ABM book; --fail-on makes it a CI gate.';
    public static override readonly description = `Duplicate domains, coverage, owners breaking the tier rules, stalling and dormant accounts, sunset candidates and more: each finding names the record, what is wrong and the fix. Writes a summary, findings.csv and report.html.
Thresholds come from the policy (default config/audit-policy.json, the ABM_Setting__mdt defaults: stalling 21 days, dormant 60, coverage 3 contacts, sunset Tier 1 90-180 days, Tier 2 180-365). --only takes check names (an unknown name lists them all).
Exit 1 with --fail-on when a finding is at or above that severity (a CI gate).`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org',
        '<%= config.bin %> <%= command.id %> --target-org prod --fail-on high'
    ];
    public static override readonly flags = {
        ...book,
        policy: Flags.string({ summary: 'Thresholds JSON; default: config/audit-policy.json (the ABM_Setting__mdt defaults).' }),
        'as-of': asOf,
        out: out('out/audit', 'the summary, findings.csv and report.html'),
        'fail-on': Flags.string({ summary: 'Exit 1 when any finding is at or above this severity.', options: ['high', 'medium', 'low'] }),
        only: Flags.string({ summary: 'Comma-separated checks to run (default: all).' })
    };
    public static override readonly module = commands.audit;
}

/** The flags of a re-tiering plan (`abm tier plan`, and `abm tier` in one step). */
const tierPlan = {
    ...book,
    policy: Flags.string({ summary: 'Tiering policy JSON (weights, sizes, margin, dormant days); default: config/tiering-policy.json.' }),
    'tier1-size': Flags.string({ summary: 'Accounts in Tier 1 (overrides the policy).' }),
    'tier2-size': Flags.string({ summary: 'Accounts in Tier 2 (overrides the policy).' }),
    margin: Flags.string({ summary: 'Score points an incumbent keeps its tier by (hysteresis).' }),
    'as-of': asOf,
    out: out('out/tier', 'plan.json, moves.csv and report.html'),
    'run-id': runId('re-tiering run')
};
const tierDescription =
    'Composite score (ICP fit, intent, engagement): Tier 1 = top N, Tier 2 = next M, Tier 3 = the rest of the target list, with a hysteresis margin; locked accounts keep their tier and dormant Tier 1 accounts are proposed for Tier 2.';
const tierDrift = Flags.boolean({ summary: 'Write even accounts whose tier changed since the plan or run (drift).', default: false });

export class Tier extends AbmCommand {
    public static override readonly summary =
        'Quarterly re-tiering in one step: plan (Tier 1 = top N by fit, intent and engagement, with hysteresis); --apply writes it.';
    public static override readonly description = `${tierDescription} Without --apply the same as "abm tier plan"; with --apply it plans and applies at once, or applies the saved --plan ("abm tier apply").`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org --tier1-size 50',
        '<%= config.bin %> <%= command.id %> --target-org prod --apply --plan out/tier/plan.json'
    ];
    public static override readonly flags = {
        ...tierPlan,
        apply: Flags.boolean({
            summary: 'Write ABM_Tier__c and ABM_TierChangedDate__c for the accounts that move (rollback file first).',
            default: false
        }),
        plan: Flags.string({
            summary: 'With --apply: the saved plan to write (refused when a tier changed since, unless --force); default: a fresh plan.'
        }),
        force: tierDrift,
        'runs-dir': runsDir
    };
    public static override readonly module = commands.tier;
}

export class TierPlan extends AbmCommand {
    public static override readonly summary = 'Plan the quarterly re-tiering: plan.json, moves.csv, report.html; nothing changes.';
    public static override readonly description = tierDescription;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org',
        '<%= config.bin %> <%= command.id %> --target-org prod --tier1-size 60 --out out/tier'
    ];
    public static override readonly flags = tierPlan;
    public static override readonly module = commands.tier;
    public static override readonly words = ['plan'];
}

export class TierApply extends AbmCommand {
    public static override readonly summary = 'Apply a saved re-tiering plan: ABM_Tier__c and ABM_TierChangedDate__c, rollback file first.';
    public static override readonly description =
        'Writes exactly the saved plan: refuses a plan for another org or snapshot, or edited since; refuses when a planned tier changed since (drift) unless --force; skips accounts locked since the plan; saves <runs-dir>/<runId>/rollback.csv (verified) before the first change. Exit 68 when some accounts failed, 130 when interrupted (finish with --resume).';
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --plan out/tier/plan.json --target-org prod',
        '<%= config.bin %> <%= command.id %> --plan out/tier/plan.json --target-org prod --resume'
    ];
    public static override readonly flags = {
        ...book,
        plan: Flags.string({ summary: 'The saved plan (plan.json from "abm tier plan").', required: true }),
        resume,
        force: tierDrift,
        'runs-dir': runsDir
    };
    public static override readonly module = commands.tier;
    public static override readonly words = ['apply'];
}

export class TierRollback extends AbmCommand {
    public static override readonly summary = 'Roll back an applied re-tiering run from its rollback file.';
    public static override readonly description =
        "Restores the tiers (and tier-changed dates) in the run's rollback file; refuses when one changed since the run (drift) unless --force.";
    public static override readonly examples = ['<%= config.bin %> <%= command.id %> --run tier-2026-10-01 --target-org prod'];
    public static override readonly flags = { ...book, run: rollbackRun, force: tierDrift, 'runs-dir': runsDir };
    public static override readonly module = commands.tier;
    public static override readonly words = ['rollback'];
}

export class Quarter extends AbmCommand {
    public static override readonly summary =
        'The quarterly run: re-tier, then plan the territory rebalance on the re-tiered book (plan only).';
    public static override readonly description =
        'Writes tier/{plan.json,moves.csv,report.html}, rebalance-moves.csv and one report.html; nothing changes. Then apply with "abm tier apply --plan" and "abm rebalance plan/apply". Exit 1 when no feasible rebalance exists for the new tiers.';
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --target-org prod',
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org --tier1-size 200 --tier2-size 400'
    ];
    public static override readonly flags = {
        ...book,
        'tiering-policy': Flags.string({ summary: 'Tiering policy JSON; default: config/tiering-policy.json.' }),
        'rebalance-policy': Flags.string({ summary: 'Rebalance policy JSON; default: config/rebalance-policy.json.' }),
        'tier1-size': Flags.string({ summary: 'Accounts in Tier 1.' }),
        'tier2-size': Flags.string({ summary: 'Accounts in Tier 2.' }),
        margin: Flags.string({ summary: 'Tiering hysteresis margin.' }),
        'as-of': asOf,
        out: out('out/quarter', 'the two plans and the report')
    };
    public static override readonly module = commands.quarter;
}

// ───────────── deploy, setup ─────────────

export class Deploy extends AbmCommand {
    public static override readonly summary =
        "Deploy the project to an org with the right tests; the org's settings are never overwritten.";
    public static override readonly description =
        "Deploys the package directories of sfdx-project.json (force-app-settings, then force-app). Custom metadata records are created only when the org lacks them. Tests: none in scratch orgs, the project's test classes in sandboxes and production. Exit 68 when deployed but a permission set could not be assigned.";
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --target-org uat --dry-run',
        '<%= config.bin %> <%= command.id %> --target-org prod --assign ABM_Seller=ada@acme.com,bo@acme.com'
    ];
    public static override readonly flags = {
        ...org,
        'dry-run': Flags.boolean({
            summary: 'Validate only (a check-only deploy): nothing is saved, no permission sets are assigned.',
            default: false
        }),
        'test-level': Flags.string({
            summary: "Test level; default: NoTestRun in scratch orgs, the project's tests elsewhere.",
            options: ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg']
        }),
        assign: Flags.string({
            summary: 'PERMSET or PERMSET=user1,user2 to assign after the deploy; default: ABM_Admin to you.',
            multiple: true,
            default: []
        }),
        'source-dir': Flags.string({
            summary: 'A folder to deploy; default: the package directories of sfdx-project.json.',
            multiple: true,
            default: []
        }),
        wait: Flags.string({ summary: 'Minutes to wait for the deploy.', default: '33' })
    };
    public static override readonly module = commands.deploy;
}

export class Setup extends AbmCommand {
    public static override readonly summary =
        'After an install or deploy: permission sets, the Account record page, sellers from a CSV, scheduled jobs.';
    public static override readonly description = `One idempotent command, plan first: each step compares the org with what it should be and does only the difference.
1. Permission sets: ABM_Admin and ABM_Operations to you (scheduled jobs run as you); ABM_Seller to every seller in --sellers; plus each --assign.
2. Record page: ABM_Account_Record_Page becomes the org default Account page on desktop (another custom page the org already uses is kept unless --replace-record-page).
3. Sellers: ABM_Seller__c records from --sellers, created for users without one, changed fields updated.
4. Scheduled jobs: every job of --jobs not scheduled yet (one scheduled with another cron is kept unless --reschedule).
Nothing changes when the sellers file has a bad row, a user or permission set is missing, or a job's Apex class is not in the org: every problem is listed with its file, row and field (exit 1). Writes plan.json and rollback.json; exit 68 when some steps failed.`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --target-org prod --sellers sellers.csv --dry-run',
        '<%= config.bin %> <%= command.id %> --target-org prod --sellers sellers.csv'
    ];
    public static override readonly flags = {
        ...org,
        'dry-run': Flags.boolean({ summary: 'Print the plan and change nothing.', default: false }),
        sellers: Flags.string({
            summary: 'Sellers CSV: Username plus ABM_Seller__c field API names (see data/setup/sellers.example.csv).'
        }),
        assign: Flags.string({ summary: 'More assignments: PERMSET or PERMSET=user1,user2.', multiple: true, default: [] }),
        jobs: Flags.string({ summary: 'Scheduled jobs file.', default: 'config/scheduled-jobs.json' }),
        reschedule: Flags.boolean({ summary: 'Replace jobs scheduled under the same name with another cron.', default: false }),
        'record-page': Flags.string({ summary: 'The Account Lightning page to make the org default.', default: 'ABM_Account_Record_Page' }),
        'skip-record-page': Flags.boolean({ summary: "Leave the org's Account page alone.", default: false }),
        'replace-record-page': Flags.boolean({
            summary: 'Replace another custom page the org uses as its Account default.',
            default: false
        }),
        out: out(undefined, 'plan.json and rollback.json (default out/setup-<time>)')
    };
    public static override readonly module = commands.setup;
}

// ───────────── report, comp ─────────────

const analytics = {
    'as-of': asOf,
    from: Flags.string({ summary: 'First day of the period (YYYY-MM-DD); with --to. Default: the last full fiscal quarter.' }),
    to: Flags.string({ summary: 'Last day of the period (YYYY-MM-DD); with --from.' }),
    'fiscal-start-month': Flags.string({ summary: "Month (1-12) the fiscal year starts; default: the snapshot's, else 1." }),
    policy: Flags.string({
        summary: 'Analytics policy JSON (engagement window, signal-to-meeting window, comp weights); default: config/analytics-policy.json.'
    }),
    'audit-policy': Flags.string({
        summary: 'Thresholds shared with "abm audit" (stalling, dormant, coverage minimum); default: config/audit-policy.json.'
    })
};

export class Report extends AbmCommand {
    public static override readonly summary = 'Account-level analytics for the quarterly business review (Markdown and HTML).';
    public static override readonly description = `Pipeline contribution and win rate by tier, Tier 1 to pipeline conversion, signal-to-meeting conversion by signal type, list health and coverage gaps, ABM vs non-ABM deal size and cycle length, the AE productivity table and the growth-planning calculator; writes report.md and report.html. Definitions: docs/metrics.md.
Period: --from/--to, else the last full fiscal quarter before the as-of date; states (dormant, engaged, books) are taken at the as-of date from the activity up to it; "year to date" starts at the fiscal year start.`;
    public static override readonly examples = [
        '<%= config.bin %> <%= command.id %> --snapshot data/sample-org',
        '<%= config.bin %> <%= command.id %> --target-org prod --from 2026-07-01 --to 2026-09-30'
    ];
    public static override readonly flags = {
        ...book,
        ...analytics,
        out: out(undefined, 'report.md and report.html (default out/report)'),
        'revenue-goal': Flags.string({
            summary: "The next period's revenue goal for the growth calculator; default: this period's won revenue × 1.2."
        })
    };
    public static override readonly module = commands.report;
}

export class Comp extends AbmCommand {
    public static override readonly summary = 'The ABM compensation model per AE: 50% quota, 25% account engagement, 25% pipeline.';
    public static override readonly description = `Applied to each AE's on-target earnings for the period: ABM_Seller__c.QuotaAmount__c and OnTargetEarnings__c are annual (policy comp.quotaPeriodMonths) and prorated to the period.
Credit: closed-won and Tier 1 pipeline go to the opportunity owner; engagement is judged on the Tier 1 accounts the AE owned at the period end, from the activity in the engagement window up to the period end.
Payout: period OTE x weighted attainment, each attainment capped (policy comp.attainmentCap); payouts to inactive sellers are flagged. Writes comp.csv. Definitions: docs/metrics.md.`;
    public static override readonly examples = ['<%= config.bin %> <%= command.id %> --snapshot data/sample-org'];
    public static override readonly flags = { ...book, ...analytics, out: out(undefined, 'comp.csv (default out/comp)') };
    public static override readonly module = commands.comp;
}

/** oclif's command table (package.json `oclif.commands`: strategy explicit, identifier COMMANDS). */
export const COMMANDS = {
    'abm:snapshot': Snapshot,
    'abm:rebalance:plan': RebalancePlan,
    'abm:rebalance:apply': RebalanceApply,
    'abm:rebalance:rollback': RebalanceRollback,
    'abm:domain': Domain,
    'abm:match': Match,
    'abm:load:accounts': LoadAccounts,
    'abm:load:signals': LoadSignals,
    'abm:load:apply': LoadApply,
    'abm:load:rollback': LoadRollback,
    'abm:audit': Audit,
    'abm:tier': Tier,
    'abm:tier:plan': TierPlan,
    'abm:tier:apply': TierApply,
    'abm:tier:rollback': TierRollback,
    'abm:quarter': Quarter,
    'abm:deploy': Deploy,
    'abm:setup': Setup,
    'abm:report': Report,
    'abm:comp': Comp
};
