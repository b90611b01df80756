/**
 * Generates data/lists/: the three teams' target-account lists that "none match", overlapping the sample org
 * (data/sample-org/), with the conflicts a reconciliation must report, plus mapping files, a precedence policy and an
 * intent provider's signals export. Seeded: the same seed gives the same rows (the XLSX also has fixed dates).
 *
 * - marketing.csv: ~150 accounts, semicolon-separated, Windows-1252, its own headers (mapping file), dates DD/MM/YYYY,
 *   URLs in every shape (http://, www., paths, upper case), webmail domains, a blank website, a duplicate row, a
 *   formula cell (CSV injection), alias domains.
 * - sales.csv: ~200 accounts, comma-separated UTF-8 with CRM headers (detected without a mapping), owner emails
 *   (some different from the org's owner, one inactive user, one unknown address), tiers that differ from finance's.
 * - finance.xlsx, sheet "Approved": ~220 accounts, legal-form names ("Ltd", "GmbH"), tiers, revenue, employees; a
 *   company listed under a second domain (same name, different domain).
 * Run: npm run data:lists
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';

const OUT = join(import.meta.dirname, 'lists');
const ORG = join(import.meta.dirname, 'sample-org');
const FIXED_DATE = new Date('2026-10-01T00:00:00Z');

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
const rand = prng(7_2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;
const shuffle = <T>(items: T[]): T[] => {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
};

type Acc = Record<string, string>;
const read = (name: string) => parse(readFileSync(join(ORG, `${name}.csv`)), { columns: true }) as Acc[];
const accounts = read('Account').filter((a) => ['1', '2', '3'].includes(a.ABM_Tier__c!));
const users = read('User');
const sellers = read('ABM_Seller__c');
const aliases = read('ABM_DomainAlias__c');
const userEmail = new Map(users.map((u) => [u.Id!, u.Email!]));
const aeEmails = sellers
    .filter((s) => s.Role__c === 'AE' && s.IsActive__c === 'true')
    .map((s) => userEmail.get(s.User__c!)!)
    .filter((e) => users.filter((u) => u.Email === e).length === 1);
const inactiveEmail = users.find((u) => u.IsActive === 'false')!.Email!;
const aliasByAccount = new Map(aliases.map((a) => [a.Account__c!, a.Domain__c!]));

const SYL = ['tal', 'mor', 'vex', 'ira', 'lun', 'dar', 'sen', 'pol', 'kri', 'bel', 'nox', 'qua'];
const newAccounts = Array.from({ length: 40 }, (_, i) => {
    const stem = `${pick(SYL)}${pick(SYL)}${pick(SYL)}`;
    const name = `${stem[0]!.toUpperCase()}${stem.slice(1)} ${pick(['Labs', 'Analytics', 'Logistics', 'Foods', 'Robotics'])}`;
    return {
        Id: '',
        Name: name,
        ABM_WebDomain__c: `${stem}${i}.${pick(['com', 'io', 'de', 'co.uk', 'fr'])}`,
        ABM_Tier__c: pick(['1', '2', '3']),
        Industry: pick(['Technology', 'Retail', 'Manufacturing', 'Finance']),
        BillingCountry: pick(['Germany', 'France', 'United States', 'Japan']),
        OwnerId: '',
        AnnualRevenue: String(Math.round(rand() * 900 + 50) * 1_000_000),
        NumberOfEmployees: String(Math.round(rand() * 9000 + 100))
    } as Acc;
});

const byTier = (t: string) => shuffle(accounts.filter((a) => a.ABM_Tier__c === t));
const t1 = byTier('1');
const t2 = byTier('2');
const t3 = byTier('3');
// A common core every team has (mostly Tier 1), then each team's own picks.
const core = [...t1.slice(0, 80), ...t2.slice(0, 30)];
const marketingPool = [...core.slice(0, 100), ...t2.slice(30, 60), ...t3.slice(0, 8), ...newAccounts.slice(0, 12)];
const salesPool = [...core, ...t1.slice(80, 130), ...t2.slice(60, 85), ...newAccounts.slice(8, 23)];
const financePool = [...core, ...t1.slice(80, 150), ...t2.slice(85, 105), ...newAccounts.slice(18, 38)];

const website = (domain: string): string =>
    pick([
        domain,
        `www.${domain}`,
        `https://www.${domain}/`,
        `http://${domain}/en/home`,
        `WWW.${domain.toUpperCase()}`,
        `https://${domain}?utm_source=crm`
    ]);
const tierWord = (t: string) => pick([t, `Tier ${t}`, `T${t}`, `tier-${t}`]);
const otherTier = (t: string) => (t === '1' ? '2' : t === '2' ? pick(['1', '3']) : '2');
const accent = (name: string) => name.replace(/o/, 'ö').replace(/e/, 'é');
const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

mkdirSync(OUT, { recursive: true });

// Marketing: semicolon CSV in Windows-1252, with its own headers.
{
    const rows: string[][] = [['Company', 'Web Address', 'Sector', 'Country', 'ABM Priority', 'Last Touch']];
    marketingPool.forEach((a, i) => {
        const domain = i % 25 === 3 && aliasByAccount.has(a.Id!) ? aliasByAccount.get(a.Id!)! : a.ABM_WebDomain__c!;
        const site =
            i === 7
                ? ''
                : i === 11
                  ? `info@${pick(['gmail.com', 'yahoo.com', 'outlook.com'])}`
                  : i === 17
                    ? 'hotmail.com'
                    : website(domain);
        const name = i % 9 === 0 ? accent(a.Name!) : i === 21 ? '=HYPERLINK("http://evil.example","Click")' : a.Name!;
        const tier = i % 10 === 4 ? 'Strategic' : tierWord(chance(0.85) ? a.ABM_Tier__c! : otherTier(a.ABM_Tier__c!));
        const touch = a.LastActivityDate ? ddmmyyyy(a.LastActivityDate) : '';
        rows.push([name, site, a.Industry ?? '', a.BillingCountry ?? '', tier, touch]);
        if (i === 30) rows.push([name, website(domain), a.Industry ?? '', a.BillingCountry ?? '', tier, touch]);
    });
    writeFileSync(join(OUT, 'marketing.csv'), iconv.encode(stringify(rows, { delimiter: ';', record_delimiter: '\r\n' }), 'windows-1252'));
    writeFileSync(
        join(OUT, 'marketing.mapping.json'),
        `${JSON.stringify(
            {
                columns: {
                    name: 'Company',
                    website: 'Web Address',
                    industry: 'Sector',
                    country: 'Country',
                    tier: 'ABM Priority',
                    lastEngagement: 'Last Touch'
                },
                dateFormat: 'DD/MM/YYYY',
                tierValues: { Strategic: '1' }
            },
            null,
            4
        )}\n`
    );
}

// Sales: the CRM export, UTF-8 comma CSV, headers detected.
{
    const rows: string[][] = [['Account Name', 'Website', 'Industry', 'Billing Country', 'Tier', 'Account Owner Email']];
    salesPool.forEach((a, i) => {
        const owner =
            i === 5
                ? inactiveEmail
                : i === 9
                  ? 'new.hire@sample.abm.example'
                  : a.OwnerId && userEmail.has(a.OwnerId) && chance(0.8) && aeEmails.includes(userEmail.get(a.OwnerId)!)
                    ? userEmail.get(a.OwnerId)!
                    : pick(aeEmails);
        const tier = chance(0.8) ? a.ABM_Tier__c! : otherTier(a.ABM_Tier__c!);
        const name = i % 13 === 0 ? `${a.Name}, Inc.` : a.Name!;
        rows.push([name, website(a.ABM_WebDomain__c!), a.Industry ?? '', a.BillingCountry ?? '', `Tier ${tier}`, owner]);
    });
    writeFileSync(join(OUT, 'sales.csv'), stringify(rows));
}

// Finance: the approved list, an XLSX sheet.
function writeFinance(): void {
    const rows: (string | number | null)[][] = [['Customer', 'Domain', 'Tier', 'Annual Revenue', 'Employees', 'Country']];
    financePool.forEach((a, i) => {
        const suffix = i % 7 === 0 ? pick([' Ltd', ' GmbH', ' S.A.', ' Inc']) : '';
        const tier = chance(0.75) ? a.ABM_Tier__c! : otherTier(a.ABM_Tier__c!);
        rows.push([
            `${a.Name}${suffix}`,
            a.ABM_WebDomain__c!,
            Number(tier),
            Number(a.AnnualRevenue || 0) || null,
            Number(a.NumberOfEmployees || 0) || null,
            a.BillingCountry ?? ''
        ]);
        if (i === 12) {
            // The same company under another country domain: "same name, different domain".
            const other = a.ABM_WebDomain__c!.replace(/\.[a-z.]+$/, '.de');
            rows.push([a.Name!, other, Number(tier), null, null, 'Germany']);
        }
    });
    const workbook = XLSX.utils.book_new();
    workbook.Props = { Author: 'Finance', CreatedDate: FIXED_DATE, ModifiedDate: FIXED_DATE };
    XLSX.utils.book_append_sheet(
        workbook,
        XLSX.utils.aoa_to_sheet([['Approved target accounts FY27; tiers approved by the CFO.']]),
        'Notes'
    );
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    // Revenue shown with thousands separators (a number format: the cell stays a number).
    for (let r = 1; r < rows.length; r++) {
        const cell = sheet[XLSX.utils.encode_cell({ r, c: 3 })] as XLSX.CellObject | undefined;
        if (cell) cell.z = '#,##0';
    }
    XLSX.utils.book_append_sheet(workbook, sheet, 'Approved');
    writeFileSync(join(OUT, 'finance.xlsx'), XLSX.write(workbook, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
}

writeFileSync(
    join(OUT, 'precedence.json'),
    `${JSON.stringify(
        {
            precedence: {
                name: ['org', 'finance', 'sales', 'marketing'],
                tier: ['finance', 'sales', 'marketing'],
                ownerEmail: ['sales'],
                industry: ['sales', 'marketing', 'finance'],
                country: ['finance', 'sales', 'marketing'],
                revenue: ['finance'],
                employees: ['finance', 'sales']
            }
        },
        null,
        4
    )}\n`
);

// An intent provider's weekly export.
{
    const topics = ['Revenue operations', 'Customer analytics', 'AI assistants', 'Data security', 'Cloud migration', 'Sales engagement'];
    const rows: string[][] = [['Company Domain', 'Topic', 'Composite Score', 'Provider', 'Activity', 'Week Of']];
    const pool = [...t1.slice(0, 120), ...t2.slice(0, 60)];
    for (let i = 0; i < 300; i++) {
        const a = pick(pool);
        const domain = i % 50 === 7 ? 'unknown-company.example' : i % 60 === 13 ? 'gmail.com' : a.ABM_WebDomain__c!;
        rows.push([
            domain,
            pick(topics),
            String(Math.round(40 + rand() * 60)),
            pick(['Bombora', 'G2', '6sense']),
            pick(['Topic surge', 'Web visit', 'Content download']),
            `2026-09-${String(21 + (i % 8)).padStart(2, '0')}`
        ]);
    }
    writeFileSync(join(OUT, 'signals.csv'), stringify(rows));
}

writeFinance();
process.stdout.write(
    `Wrote ${OUT}: marketing.csv (${marketingPool.length + 1}), sales.csv (${salesPool.length}), finance.xlsx (${financePool.length + 1}), signals.csv (300)\n`
);
