/**
 * Generates data/sample-org/: a reproducible snapshot (fixed seed, fixed "as of" date) of a realistic ABM book, in the
 * shape `sf data export bulk` writes (one `<ApiName>.csv` per object, header row of field API names).
 * Run: npm run data:generate (or `tsx data/generate-sample-org.ts --out DIR`). Same seed, same bytes.
 *
 * Self-consistent by construction (test/data/sample-org.test.ts checks it): every field that Salesforce or the project's
 * automation derives is computed here from the records it derives from, never drawn at random:
 * - Account.LastActivityDate = the latest ActivityDate of the account's completed tasks (open tasks do not count);
 * - ABM_ContactCoverage__c / ABM_BuyingCommitteeCompleteness__c = the rules of AbmHealthService over the account's
 *   contacts (scripts/core/metrics.ts coverageOf / completenessOf);
 * - ABM_HealthScore__c = the weighted score of the default ABM settings (fit 0.4, intent 0.3, engagement 0.3);
 * - ABM_LastEngagementDate__c (engagement recorded outside activities) = the latest campaign response of a contact;
 * - stage dates follow the stage (Identified ≤ SQL; the stage-entered date is the one of the current stage).
 * The automation user and every seller have their own username.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { completenessOf, coverageOf } from '../scripts/core/metrics.js';
import { makeId } from '../scripts/org/ids.js';

const AS_OF = '2026-10-01';
const OUT = resolve(parseArgs({ options: { out: { type: 'string' } } }).values.out ?? join(import.meta.dirname, 'sample-org'));

/** mulberry32: a small seeded PRNG, so the sample is identical on every machine. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
const rand = prng(20261001);
// Values added since the first version draw from their own stream, so the original records (names, owners, tiers,
// opportunities) stay the same when a derived field is added; draws whose value is now derived are still taken.
const rand2 = prng(20261002);
const int2 = (min: number, max: number) => min + Math.floor(rand2() * (max - min + 1));
/** A draw of the first version whose value is now derived: taken (for the stream), then replaced by `value`. */
const skip = <T>(_draw: unknown, value: T): T => value;
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const chance = (p: number) => rand() < p;
const day = (offset: number) => new Date(Date.parse(AS_OF) + offset * 86_400_000).toISOString().slice(0, 10);

const INDUSTRIES = ['Technology', 'Finance', 'Healthcare', 'Manufacturing', 'Retail', 'Energy', 'Telecommunications', 'Insurance'] as const;
const REGIONS = {
    'North America': [
        ['United States', 'CA', 'San Francisco', 37.77, -122.42],
        ['United States', 'NY', 'New York', 40.71, -74.0],
        ['United States', 'TX', 'Austin', 30.27, -97.74],
        ['Canada', 'ON', 'Toronto', 43.65, -79.38]
    ],
    EMEA: [
        ['United Kingdom', '', 'London', 51.51, -0.13],
        ['Germany', '', 'Munich', 48.14, 11.58],
        ['France', '', 'Paris', 48.86, 2.35],
        ['Netherlands', '', 'Amsterdam', 52.37, 4.9]
    ],
    APAC: [
        ['Australia', 'NSW', 'Sydney', -33.87, 151.21],
        ['Singapore', '', 'Singapore', 1.35, 103.82],
        ['Japan', '', 'Tokyo', 35.68, 139.69]
    ],
    LATAM: [
        ['Brazil', '', 'São Paulo', -23.55, -46.63],
        ['Mexico', '', 'Mexico City', 19.43, -99.13]
    ]
} as const;
type Region = keyof typeof REGIONS;
const REGION_NAMES = Object.keys(REGIONS) as Region[];
const STAGES = ['Unknown', 'Identified', 'Engaged', 'MQL Account', 'SQL Account', 'Opportunity', 'Customer'] as const;
const PHASES = ['Prospecting', 'Nurturing', 'Evaluation', 'Negotiation', 'Customer', 'Archived'] as const;
const ROLES = ['Decision Maker', 'Economic Buyer', 'Champion', 'Influencer', 'Evaluator', 'Blocker', 'User', 'Other'] as const;
const SYLLABLES = [
    'ac',
    'me',
    'glo',
    'bex',
    'ini',
    'tech',
    'um',
    'brel',
    'sto',
    'ne',
    'vo',
    'lt',
    'ra',
    'dix',
    'pen',
    'ta',
    'qua',
    'nt',
    'zen',
    'ith',
    'or',
    'bit',
    'lu',
    'mio',
    'sol',
    'ar',
    'ky',
    'ver',
    'da',
    'nex'
];
const SUFFIXES = ['Systems', 'Group', 'Labs', 'Holdings', 'Industries', 'Partners', 'Networks', 'Health', 'Capital', 'Works'] as const;
const TLDS = ['com', 'com', 'com', 'io', 'co.uk', 'de', 'com.au', 'fr', 'nl', 'com.br'] as const;

type Row = Record<string, string | number | boolean | null>;
const tables: Record<string, { header: string[]; rows: Row[] }> = {};
const table = (name: string, header: string[]): { header: string[]; rows: Row[] } => (tables[name] = { header, rows: [] as Row[] });
const counters = new Map<string, number>();
const id = (prefix: string) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return makeId(prefix, n);
};

// ---- Users and sellers -----------------------------------------------------------------------------------------------
const users = table('User', ['Id', 'Name', 'FirstName', 'LastName', 'Username', 'Email', 'IsActive', 'Title']);
const sellers = table('ABM_Seller__c', [
    'Id',
    'Name',
    'User__c',
    'Role__c',
    'Industries__c',
    'Regions__c',
    'Tier1CapacityMin__c',
    'Tier1CapacityMax__c',
    'Tier2CapacityMin__c',
    'Tier2CapacityMax__c',
    'SecondaryCapacityMin__c',
    'SecondaryCapacityMax__c',
    'IsActive__c',
    'IsAcceptingAccounts__c',
    'UnavailableUntilDate__c',
    'QuotaAmount__c',
    'OnTargetEarnings__c',
    'RoutingPool__c',
    'RoutingWeight__c',
    'DailyLeadCap__c'
]);
const FIRST = [
    'Ada',
    'Bo',
    'Cy',
    'Dee',
    'Eli',
    'Fay',
    'Gus',
    'Hana',
    'Ivo',
    'Jun',
    'Kai',
    'Lea',
    'Max',
    'Noa',
    'Oli',
    'Pia',
    'Quin',
    'Rui',
    'Sam',
    'Tia',
    'Uma',
    'Vic'
];
const LAST = [
    'Lovelace',
    'Berg',
    'Young',
    'Diaz',
    'Eng',
    'Fox',
    'Grant',
    'Hale',
    'Ito',
    'Jansen',
    'Kim',
    'Lund',
    'Moss',
    'Nakamura',
    'Ortiz',
    'Park',
    'Quist',
    'Reyes',
    'Silva',
    'Tan',
    'Ueda',
    'Voss'
];
type Person = { id: string; name: string; role: string; industries: string[]; regions: Region[]; active: boolean };
const people: Person[] = [];
function addUser(role: string, index: number, active = true, title = role, names?: readonly [string, string]): Person {
    const first = names?.[0] ?? FIRST[index % FIRST.length]!;
    const last = names?.[1] ?? LAST[(index * 7) % LAST.length]!;
    const person: Person = { id: id('005'), name: `${first} ${last}`, role, industries: [], regions: [], active };
    const handle = `${first}.${last}`.toLowerCase();
    users.rows.push({
        Id: person.id,
        Name: person.name,
        FirstName: first,
        LastName: last,
        Username: `${handle}@sample.abm.example`,
        Email: `${handle}@sample.abm.example`,
        IsActive: active,
        Title: title
    });
    people.push(person);
    return person;
}
const automation = addUser('Automation', 99, true, 'Marketing Automation', ['ABM', 'Automation']);
const aes: Person[] = [];
for (let i = 0; i < 15; i++) {
    const ae = addUser('AE', i);
    ae.regions = [REGION_NAMES[i % 4]!, ...(i % 5 === 0 ? [REGION_NAMES[(i + 1) % 4]!] : [])];
    ae.industries = [INDUSTRIES[i % INDUSTRIES.length]!, INDUSTRIES[(i + 3) % INDUSTRIES.length]!];
    aes.push(ae);
}
const departed = addUser('AE', 15, false, 'AE (left the company)');
departed.regions = ['North America'];
departed.industries = ['Technology', 'Finance'];
const newcomer = addUser('AE', 16, true, 'AE (new hire)');
newcomer.regions = ['EMEA'];
newcomer.industries = ['Healthcare', 'Insurance'];
const sdrs = [0, 1, 2, 3].map((i) => {
    const sdr = addUser('SDR', 17 + i);
    sdr.regions = [REGION_NAMES[i]!];
    sdr.industries = [...INDUSTRIES];
    return sdr;
});
const marketer = addUser('Marketer', 21);
const csOwner = addUser('CS', 22, true, 'CS', ['Cleo', 'Sato']);
// Industry specialists, secondary owners of Tier 1 accounts (ABM_SecondaryOwner__c); one has left and still covers accounts.
const specialists = (
    [
        [['Wren', 'Cole'], ['Finance', 'Insurance'], ['North America', 'EMEA'], true],
        [['Yara', 'Hill'], ['Healthcare', 'Technology'], [...REGION_NAMES], true],
        [['Zed', 'Moreau'], ['Manufacturing', 'Energy'], [...REGION_NAMES], true],
        [['Xia', 'Lin'], ['Telecommunications', 'Retail'], ['North America'], false]
    ] as const
).map(([names, industries, regions, active], i) => {
    const title = active ? 'Industry Specialist' : 'Industry Specialist (left the company)';
    const sp = addUser('Specialist', 23 + i, active, title, names);
    sp.industries = [...industries];
    sp.regions = [...regions];
    return sp;
});
const usernames = users.rows.map((u) => String(u.Username));
if (new Set(usernames).size !== usernames.length) throw new Error('data/generate-sample-org.ts: two users share a username');
for (const p of people) {
    const isAe = p.role === 'AE';
    sellers.rows.push({
        Id: id('a05'),
        Name: p.name,
        User__c: p.id,
        Role__c: p.role,
        Industries__c: p.industries.join(';'),
        Regions__c: p.regions.join(';'),
        Tier1CapacityMin__c: isAe ? 10 : 0,
        Tier1CapacityMax__c: isAe ? (p === aes[3] ? 12 : 15) : 0,
        Tier2CapacityMin__c: p.role === 'SDR' ? 60 : 0,
        Tier2CapacityMax__c: p.role === 'SDR' ? 120 : isAe ? 20 : 0,
        SecondaryCapacityMin__c: p.role === 'Specialist' ? 5 : 0,
        SecondaryCapacityMax__c: p.role === 'Specialist' ? 25 : 0,
        IsActive__c: p.active,
        IsAcceptingAccounts__c: p.active,
        UnavailableUntilDate__c: p === aes[7] ? day(10) : null,
        QuotaAmount__c: isAe ? 1_000_000 + 100_000 * (people.indexOf(p) % 5) : null,
        OnTargetEarnings__c: isAe ? 80_000 + 10_000 * (people.indexOf(p) % 4) : null,
        RoutingPool__c: p.role === 'SDR' || isAe ? 'Default' : null,
        RoutingWeight__c: p.role === 'SDR' ? 2 : isAe ? 1 : null,
        DailyLeadCap__c: p.role === 'SDR' ? 40 : isAe ? 15 : null
    });
}

// ---- Accounts --------------------------------------------------------------------------------------------------------
const accounts = table('Account', [
    'Id',
    'Name',
    'OwnerId',
    'Industry',
    'Website',
    'BillingCountry',
    'BillingState',
    'BillingCity',
    'BillingLatitude',
    'BillingLongitude',
    'NumberOfEmployees',
    'AnnualRevenue',
    'ParentId',
    'CreatedDate',
    'LastActivityDate',
    'ABM_Tier__c',
    'ABM_Stage__c',
    'ABM_LifecyclePhase__c',
    'ABM_Region__c',
    'ABM_IcpFitScore__c',
    'ABM_IntentScore__c',
    'ABM_EngagementScore__c',
    'ABM_WebDomain__c',
    'ABM_SecondaryOwner__c',
    'ABM_Sdr__c',
    'ABM_Marketer__c',
    'ABM_CsOwner__c',
    'ABM_StageEnteredDate__c',
    'ABM_IdentifiedDate__c',
    'ABM_SqlEnteredDate__c',
    'ABM_TierChangedDate__c',
    'ABM_LastEngagementDate__c',
    'ABM_NextStep__c',
    'ABM_IsTerritoryLocked__c',
    'ABM_ContactCoverage__c',
    'ABM_BuyingCommitteeCompleteness__c',
    'ABM_DecisionTimeline__c',
    'ABM_HealthScore__c',
    'ABM_LastAssignmentRunId__c'
]);
type Acct = Row & { Id: string; OwnerId: string; ABM_Tier__c: string; ABM_WebDomain__c: string; Industry: string; ABM_Region__c: string };
const usedDomains = new Set<string>();
const usedNames = new Set<string>();
function companyName(): string {
    for (;;) {
        const word = pick(SYLLABLES) + pick(SYLLABLES) + (chance(0.4) ? pick(SYLLABLES) : '');
        const name = `${word[0]!.toUpperCase()}${word.slice(1)} ${pick(SUFFIXES)}`;
        if (!usedNames.has(name)) {
            usedNames.add(name);
            return name;
        }
    }
}
const TIER_COUNTS: [string, number][] = [
    ['1', 200],
    ['2', 400],
    ['3', 700],
    ['Not ABM', 700]
];
const aeFor = (industry: string, region: Region) => {
    const fits = aes.filter((a) => a.regions.includes(region) && a.industries.includes(industry));
    return fits.length && chance(0.7) ? pick(fits) : pick(aes.filter((a) => a.regions.includes(region)));
};
const all: Acct[] = [];
for (const [tier, count] of TIER_COUNTS) {
    for (let i = 0; i < count; i++) {
        const name = companyName();
        const industry = pick(INDUSTRIES);
        const region = pick(REGION_NAMES);
        const [country, state, city, lat, lng] = pick(REGIONS[region] as readonly (readonly [string, string, string, number, number])[]);
        let domain = `${name.split(' ')[0]!.toLowerCase()}.${pick(TLDS)}`;
        while (usedDomains.has(domain)) domain = `${name.split(' ')[0]!.toLowerCase()}${int(2, 99)}.${pick(TLDS)}`;
        usedDomains.add(domain);
        const stageIndex = tier === '1' ? int(1, 6) : tier === '2' ? int(0, 4) : int(0, 2);
        const stage = STAGES[stageIndex]!;
        // Days since the last completed activity (null: none ever); the tasks below are generated to match it.
        const lastActivityAgo = chance(0.12) ? null : int(0, tier === '1' ? 90 : 200);
        const identifiedAgo = stageIndex >= 1 ? int(120, 400) : null;
        const sqlAgo = stageIndex >= 4 && identifiedAgo !== null ? int(5, 110) : null;
        const identified = identifiedAgo === null ? null : day(-identifiedAgo);
        const sql = sqlAgo === null ? null : day(-sqlAgo);
        // The stage-entered date is the date of the current stage: Identified and SQL Account have their own stamps,
        // later stages were entered after SQL, Engaged and MQL after Identified. (`firstDraw`: the first version's draw.)
        const stageEntered = (firstDraw: number) =>
            stageIndex === 1
                ? identified
                : stageIndex === 4
                  ? sql
                  : stageIndex > 4
                    ? day(-int2(0, sqlAgo!))
                    : stageIndex > 1
                      ? day(-int2(1, identifiedAgo!))
                      : day(-firstDraw);
        let owner: Person =
            tier === '1' ? aeFor(industry, region) : tier === '2' ? (chance(0.6) ? pick(sdrs) : aeFor(industry, region)) : automation;
        if (tier === '1' && region === 'North America' && i % 11 === 0) owner = departed;
        const account: Acct = {
            Id: id('001'),
            Name: name,
            OwnerId: owner.id,
            Industry: industry,
            Website: `https://www.${domain}`,
            BillingCountry: country,
            BillingState: state || null,
            BillingCity: city,
            BillingLatitude: Math.round((lat + (rand() - 0.5) * 0.6) * 10_000) / 10_000,
            BillingLongitude: Math.round((lng + (rand() - 0.5) * 0.6) * 10_000) / 10_000,
            NumberOfEmployees: int(50, 40_000),
            AnnualRevenue: int(5, 4_000) * 1_000_000,
            ParentId: null,
            CreatedDate: `${day(-int2(420, 1500))}T09:00:00.000Z`,
            LastActivityDate: lastActivityAgo === null ? null : day(-lastActivityAgo),
            ABM_Tier__c: tier,
            ABM_Stage__c: stage,
            ABM_LifecyclePhase__c: PHASES[Math.min(5, Math.floor(stageIndex / 1.4))]!,
            ABM_Region__c: region,
            ABM_IcpFitScore__c: tier === '1' ? int(60, 100) : tier === '2' ? int(40, 85) : int(0, 60),
            ABM_IntentScore__c: int(0, 100),
            ABM_EngagementScore__c: tier === 'Not ABM' ? int(0, 30) : int(0, 100),
            ABM_WebDomain__c: domain,
            ABM_SecondaryOwner__c: null,
            ABM_Sdr__c: tier === '1' || tier === '2' ? sdrs[REGION_NAMES.indexOf(region)]!.id : null,
            ABM_Marketer__c: tier === '1' ? marketer.id : null,
            ABM_CsOwner__c: stage === 'Customer' ? csOwner.id : null,
            ABM_StageEnteredDate__c: stageEntered(int(1, 150)),
            ABM_IdentifiedDate__c: identified,
            ABM_SqlEnteredDate__c: sql,
            ABM_TierChangedDate__c: day(-int(30, 400)),
            ABM_LastEngagementDate__c: null,
            ABM_NextStep__c:
                tier === '1' ? pick(['Exec briefing', 'Discovery call', 'Security review', 'Pilot scoping', 'QBR prep']) : null,
            ABM_IsTerritoryLocked__c: tier === '1' && chance(0.05),
            // Derived below (from the contacts, from the scores); the first version's draws are kept for the stream.
            ABM_ContactCoverage__c: skip(tier === '1' ? int(0, 7) : int(0, 3), 0),
            ABM_BuyingCommitteeCompleteness__c: skip(int(0, 100), 0),
            ABM_DecisionTimeline__c: pick(['This quarter', 'Next quarter', '6-12 months', '12+ months', 'Unknown']),
            ABM_HealthScore__c: skip(int(10, 95), 0),
            ABM_LastAssignmentRunId__c: null
        };
        // AbmHealthService.scoreFor with the default weights 0.4 / 0.3 / 0.3, rounded half up (integer arithmetic).
        const weighted =
            4 * Number(account.ABM_IcpFitScore__c) + 3 * Number(account.ABM_IntentScore__c) + 3 * Number(account.ABM_EngagementScore__c);
        account.ABM_HealthScore__c = Math.floor((weighted + 5) / 10);
        all.push(account);
    }
}
// Deliberate problems: unassigned Tier 1 (owned by the automation user), a Tier 1 owned by an SDR, an over-capacity AE,
// a few subsidiaries (ParentId) sharing the parent's domain family.
const tier1 = all.filter((a) => a.ABM_Tier__c === '1');
tier1[3]!.OwnerId = automation.id;
tier1[4]!.OwnerId = automation.id;
tier1[5]!.OwnerId = sdrs[0]!.id;
for (const a of tier1.slice(20, 32)) a.OwnerId = aes[2]!.id;
for (let i = 0; i < 6; i++) {
    const parent = all[600 + i]!;
    const child = all[1400 + i]!;
    child.ParentId = parent.Id;
    usedDomains.delete(child.ABM_WebDomain__c);
    child.ABM_WebDomain__c = `${String(child.Name).split(' ')[0]!.toLowerCase()}.${parent.ABM_WebDomain__c}`;
    child.Website = `https://${child.ABM_WebDomain__c}`;
}
// Secondary owners (deterministic, no random draws): every 4th Tier 1 account has one — the departed specialist on every
// 12th (a forced change for the rebalance), else the active specialist covering the account's industry, if any.
all.filter((a) => a.ABM_Tier__c === '1').forEach((a, k) => {
    if (k % 4 !== 0) return;
    const covering = specialists.find((sp) => sp.active && sp.industries.includes(String(a.Industry)));
    const secondary = k % 12 === 0 ? specialists[3]! : covering;
    a.ABM_SecondaryOwner__c = secondary?.id ?? null;
});
accounts.rows.push(...all);

// ---- Aliases, contacts, opportunities, tasks, signals, plans, leads, campaigns --------------------------------------------
const aliases = table('ABM_DomainAlias__c', ['Id', 'Name', 'Domain__c', 'Account__c']);
for (const a of all.slice(0, 40)) {
    const alias = `${a.ABM_WebDomain__c.split('.')[0]}-group.com`;
    aliases.rows.push({ Id: id('a04'), Name: alias, Domain__c: alias, Account__c: a.Id });
}
// Duplicate-domain candidate: an alias equal to another account's web domain.
aliases.rows.push({ Id: id('a04'), Name: all[50]!.ABM_WebDomain__c, Domain__c: all[50]!.ABM_WebDomain__c, Account__c: all[51]!.Id });

const contacts = table('Contact', [
    'Id',
    'AccountId',
    'OwnerId',
    'FirstName',
    'LastName',
    'Email',
    'Title',
    'ABM_BuyingRole__c',
    'ABM_IsEngaged__c',
    'ABM_HasLeftCompany__c'
]);
const opps = table('Opportunity', [
    'Id',
    'AccountId',
    'OwnerId',
    'Name',
    'StageName',
    'Amount',
    'CloseDate',
    'CreatedDate',
    'IsClosed',
    'IsWon',
    'Type',
    'LeadSource'
]);
const tasks = table('Task', ['Id', 'AccountId', 'WhatId', 'OwnerId', 'Subject', 'Type', 'Status', 'IsClosed', 'ActivityDate']);
const signals = table('ABM_IntentSignal__c', [
    'Id',
    'Name',
    'Account__c',
    'Topic__c',
    'Strength__c',
    'Source__c',
    'SignalType__c',
    'SignalDate__c'
]);
const plans = table('ABM_AccountPlan__c', [
    'Id',
    'Name',
    'Account__c',
    'Status__c',
    'Overview__c',
    'Challenges__c',
    'SalesStrategy__c',
    'SuccessMetrics__c',
    'LastReviewedDate__c',
    'NextReviewDate__c'
]);
const openTasks: Row[] = [];
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
const TOPICS = ['Data security', 'Cloud migration', 'Revenue operations', 'Customer analytics', 'AI assistants', 'Supply chain'];
for (const a of all) {
    const tierNumber = a.ABM_Tier__c === 'Not ABM' ? 4 : Number(a.ABM_Tier__c);
    const nContacts = tierNumber === 1 ? int(1, 8) : tierNumber === 2 ? int(0, 4) : int(0, 2);
    const own: Row[] = [];
    for (let c = 0; c < nContacts; c++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        own.push({
            Id: id('003'),
            AccountId: a.Id,
            OwnerId: a.OwnerId,
            FirstName: first,
            LastName: last,
            Email: `${first}.${last}${c}@${a.ABM_WebDomain__c}`.toLowerCase(),
            Title: pick(['CIO', 'VP Sales', 'Head of IT', 'CFO', 'Director Operations', 'Analyst']),
            ABM_BuyingRole__c: c < ROLES.length ? ROLES[c]! : pick(ROLES),
            ABM_IsEngaged__c: chance(0.55),
            ABM_HasLeftCompany__c: c === 2 && chance(0.1)
        });
    }
    contacts.rows.push(...own);
    const committee = own.map((c) => ({
        ABM_BuyingRole__c: c.ABM_BuyingRole__c as string | null,
        ABM_IsEngaged__c: c.ABM_IsEngaged__c === true,
        ABM_HasLeftCompany__c: c.ABM_HasLeftCompany__c === true
    }));
    a.ABM_ContactCoverage__c = coverageOf(committee);
    a.ABM_BuyingCommitteeCompleteness__c = completenessOf(committee);
    const nOpps = tierNumber === 1 ? int(0, 3) : tierNumber === 2 ? int(0, 2) : chance(0.15) ? 1 : 0;
    for (let o = 0; o < nOpps; o++) {
        const created = day(-int(10, 330));
        const closed = chance(0.55);
        const won = closed && chance(tierNumber === 1 ? 0.45 : 0.3);
        const cycle = int(25, tierNumber === 1 ? 160 : 90);
        const closeDate = closed
            ? new Date(Math.min(Date.parse(created) + cycle * 86_400_000, Date.parse(AS_OF) - 86_400_000)).toISOString().slice(0, 10)
            : day(int(10, 180));
        opps.rows.push({
            Id: id('006'),
            AccountId: a.Id,
            OwnerId: a.OwnerId,
            Name: `${a.Name} — ${pick(['Platform', 'Expansion', 'Renewal', 'Pilot'])}`,
            StageName: closed ? (won ? 'Closed Won' : 'Closed Lost') : pick(OPEN_STAGES),
            Amount: Math.round((tierNumber === 1 ? int(60, 400) : int(10, 120)) * 1000),
            CloseDate: closeDate,
            CreatedDate: `${created}T15:00:00.000Z`,
            IsClosed: closed,
            IsWon: won,
            Type: pick(['New Business', 'Existing Business']),
            LeadSource: pick(['Web', 'Event', 'Outbound', 'Partner'])
        });
    }
    // Completed tasks: the first on LastActivityDate, the others before it (so LastActivityDate is their latest date).
    // An account without completed tasks has no LastActivityDate.
    const lastAgo = a.LastActivityDate ? Math.round((Date.parse(AS_OF) - Date.parse(String(a.LastActivityDate))) / 86_400_000) : null;
    const nTasks = lastAgo === null ? 0 : tierNumber <= 2 ? int(1, 5) : int(0, 1);
    if (nTasks === 0) a.LastActivityDate = null;
    for (let t = 0; t < nTasks; t++) {
        const meeting = chance(0.3);
        tasks.rows.push({
            Id: id('00T'),
            AccountId: a.Id,
            WhatId: a.Id,
            OwnerId: a.OwnerId,
            Subject: meeting ? 'Meeting: discovery' : pick(['Call', 'Email', 'LinkedIn touch']),
            Type: meeting ? 'Meeting' : 'Call',
            Status: 'Completed',
            IsClosed: true,
            ActivityDate: t === 0 ? String(a.LastActivityDate) : day(-(lastAgo! + int(5, 200) - 4))
        });
    }
    // Open follow-ups due after the as-of date: not activity yet (LastActivityDate and engagement ignore them).
    if (tierNumber === 1 && rand2() < 0.3) {
        openTasks.push({
            Id: '',
            AccountId: a.Id,
            WhatId: a.Id,
            OwnerId: a.OwnerId,
            Subject: 'Call: follow-up',
            Type: 'Call',
            Status: 'Not Started',
            IsClosed: false,
            ActivityDate: day(int2(1, 21))
        });
    }
    if (tierNumber <= 2 && chance(0.5)) {
        for (let s = int(1, 3); s > 0; s--) {
            const topic = pick(TOPICS);
            signals.rows.push({
                Id: id('a02'),
                Name: topic,
                Account__c: a.Id,
                Topic__c: topic,
                Strength__c: int(20, 100),
                Source__c: pick(['Bombora', '6sense', 'G2', 'Website']),
                SignalType__c: pick(['Topic surge', 'Web visit', 'Content download', 'Event', 'Ad engagement']),
                SignalDate__c: day(-int(0, 120))
            });
        }
    }
    if (tierNumber === 1 && chance(0.6)) {
        const reviewed = day(-int(10, 200));
        plans.rows.push({
            Id: id('a01'),
            Name: `${a.Name} plan`,
            Account__c: a.Id,
            Status__c: pick(['Draft', 'Active', 'Active', 'Under Review']),
            Overview__c: `${a.Name}: ${a.Industry} account in ${a.ABM_Region__c}.`,
            Challenges__c: chance(0.7) ? 'Legacy stack, long procurement.' : null,
            SalesStrategy__c: chance(0.6) ? 'Land with the data team, expand to operations.' : null,
            SuccessMetrics__c: chance(0.5) ? 'Pilot live in 60 days; 3 teams onboarded.' : null,
            LastReviewedDate__c: reviewed,
            NextReviewDate__c: new Date(Date.parse(reviewed) + 91 * 86_400_000).toISOString().slice(0, 10)
        });
    }
}

// Open tasks take their Ids after the completed ones, so adding them left the other records' Ids as they were.
for (const t of openTasks) tasks.rows.push({ ...t, Id: id('00T') });

const leads = table('Lead', ['Id', 'FirstName', 'LastName', 'Company', 'Email', 'Website', 'OwnerId', 'Status', 'LeadSource']);
const leadInputs: [string, string, string | null][] = [];
for (const a of all.slice(0, 60)) leadInputs.push([String(a.Name), `jo@${a.ABM_WebDomain__c}`, null]);
for (const al of aliases.rows.slice(0, 10)) leadInputs.push(['Alias Co', `sam@${String(al.Domain__c)}`, null]);
for (const w of ['gmail.com', 'yahoo.com', 'outlook.com']) leadInputs.push(['Freelancer', `someone@${w}`, null]);
leadInputs.push(['Shop Co', 'owner@acme-shop.myshopify.com', 'https://acme-shop.myshopify.com']);
leadInputs.push(['Unknown Co', 'ceo@never-heard-of-us.com', null]);
for (const [company, email, website] of leadInputs) {
    leads.rows.push({
        Id: id('00Q'),
        FirstName: pick(FIRST),
        LastName: pick(LAST),
        Company: company,
        Email: email,
        Website: website,
        OwnerId: automation.id,
        Status: 'Open - Not Contacted',
        LeadSource: 'Web'
    });
}

const campaigns = table('Campaign', ['Id', 'Name', 'Type', 'Status', 'StartDate', 'EndDate', 'IsActive']);
const members = table('CampaignMember', ['Id', 'CampaignId', 'ContactId', 'Status', 'HasResponded', 'FirstRespondedDate']);
const accountById = new Map(all.map((a) => [a.Id, a]));
const contactRows = contacts.rows;
for (const [n, name] of ['Q3 Executive Roundtable', 'Data Security Webinar', 'Tier 1 Direct Mail'].entries()) {
    const campaignId = id('701');
    campaigns.rows.push({
        Id: campaignId,
        Name: name,
        Type: pick(['Event', 'Webinar', 'Direct Mail']),
        Status: 'Completed',
        StartDate: day(-90 + n * 20),
        EndDate: day(-80 + n * 20),
        IsActive: false
    });
    for (let m = 0; m < 40; m++) {
        const contact = contactRows[(n * 97 + m * 13) % contactRows.length]!;
        const responded = chance(0.35);
        const respondedOn = responded ? day(-90 + n * 20 + int2(0, 10)) : null;
        members.rows.push({
            Id: id('00v'),
            CampaignId: campaignId,
            ContactId: String(contact.Id),
            Status: responded ? 'Responded' : 'Sent',
            HasResponded: responded,
            FirstRespondedDate: respondedOn
        });
        // Engagement recorded outside activities (the engagement sync): the account's latest campaign response.
        const account = accountById.get(String(contact.AccountId))!;
        if (respondedOn && (!account.ABM_LastEngagementDate__c || respondedOn > String(account.ABM_LastEngagementDate__c)))
            account.ABM_LastEngagementDate__c = respondedOn;
    }
}
table('ABM_Assignment__c', [
    'Id',
    'Name',
    'Account__c',
    'Lead__c',
    'PreviousOwner__c',
    'NewOwner__c',
    'Role__c',
    'Reason__c',
    'Rule__c',
    'RunId__c',
    'AssignedAt__c',
    'Source__c'
]);

// ---- Write -----------------------------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const cell = (v: Row[string]) => (v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : String(v));
for (const [name, { header, rows }] of Object.entries(tables)) {
    const text = stringify(
        rows.map((r) => header.map((h) => cell(r[h] ?? null))),
        { header: true, columns: header, record_delimiter: 'unix' }
    );
    writeFileSync(join(OUT, `${name}.csv`), text);
}
writeFileSync(
    join(OUT, 'snapshot.json'),
    `${JSON.stringify({ asOf: AS_OF, fiscalYearStartMonth: 1, generatedBy: 'data/generate-sample-org.ts', seed: 20261001 }, null, 4)}\n`
);
console.log(
    `data/sample-org: ${Object.entries(tables)
        .map(([n, t]) => `${n} ${t.rows.length}`)
        .join(', ')}`
);
