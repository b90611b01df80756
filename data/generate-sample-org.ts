/**
 * Generates data/sample-org/: a reproducible snapshot (fixed seed, fixed "as of" date) of a realistic ABM book, in the
 * shape `sf data export bulk` writes (one `<ApiName>.csv` per object, header row of field API names).
 * Run: npm run data:generate. Same seed, same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { makeId } from '../scripts/org/ids.js';

const AS_OF = '2026-10-01';
const OUT = join(import.meta.dirname, 'sample-org');

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
const automation = addUser('Automation', 99, true, 'Marketing Automation');
automation.name = 'ABM Automation';
users.rows[0]!.Name = 'ABM Automation';
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
const csOwner = addUser('CS', 22);
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
        const lastActivity = chance(0.12) ? null : day(-int(0, tier === '1' ? 90 : 200));
        const identified = stageIndex >= 1 ? day(-int(120, 400)) : null;
        const sql = stageIndex >= 4 && identified ? day(-int(5, 110)) : null;
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
            LastActivityDate: lastActivity,
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
            ABM_StageEnteredDate__c: day(-int(1, 150)),
            ABM_IdentifiedDate__c: identified,
            ABM_SqlEnteredDate__c: sql,
            ABM_TierChangedDate__c: day(-int(30, 400)),
            ABM_LastEngagementDate__c: lastActivity,
            ABM_NextStep__c:
                tier === '1' ? pick(['Exec briefing', 'Discovery call', 'Security review', 'Pilot scoping', 'QBR prep']) : null,
            ABM_IsTerritoryLocked__c: tier === '1' && chance(0.05),
            ABM_ContactCoverage__c: tier === '1' ? int(0, 7) : int(0, 3),
            ABM_BuyingCommitteeCompleteness__c: int(0, 100),
            ABM_DecisionTimeline__c: pick(['This quarter', 'Next quarter', '6-12 months', '12+ months', 'Unknown']),
            ABM_HealthScore__c: int(10, 95),
            ABM_LastAssignmentRunId__c: null
        };
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
const tasks = table('Task', ['Id', 'AccountId', 'WhatId', 'OwnerId', 'Subject', 'Type', 'Status', 'ActivityDate']);
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
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
const TOPICS = ['Data security', 'Cloud migration', 'Revenue operations', 'Customer analytics', 'AI assistants', 'Supply chain'];
for (const a of all) {
    const tierNumber = a.ABM_Tier__c === 'Not ABM' ? 4 : Number(a.ABM_Tier__c);
    const nContacts = tierNumber === 1 ? int(1, 8) : tierNumber === 2 ? int(0, 4) : int(0, 2);
    for (let c = 0; c < nContacts; c++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        contacts.rows.push({
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
    const nTasks = a.LastActivityDate ? (tierNumber <= 2 ? int(1, 5) : int(0, 1)) : 0;
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
            ActivityDate: t === 0 ? String(a.LastActivityDate) : day(-int(5, 200))
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
const members = table('CampaignMember', ['Id', 'CampaignId', 'ContactId', 'Status', 'HasResponded']);
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
        members.rows.push({
            Id: id('00v'),
            CampaignId: campaignId,
            ContactId: String(contact.Id),
            Status: responded ? 'Responded' : 'Sent',
            HasResponded: responded
        });
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
