/**
 * Benchmark: lead-to-account matching throughput (scripts/core/match.ts) for 100,000 leads against 50,000 accounts
 * (+ 10,000 aliases), generated with a seeded PRNG so every run matches the same data. Prints the index build time,
 * the matching time, leads per second and the mix of reason codes.
 * Run: `npm run bench -- matching`, or alone: `tsx test/bench/matching.ts`.
 */
import {
    buildAccountIndex,
    countByReason,
    matchLead,
    type LeadInput,
    type MatchAccount,
    type MatchAlias,
    type MatchResult
} from '../../scripts/core/match.js';
import { rng } from '../rng';

const TLDS = ['com', 'co.uk', 'de', 'io', 'com.au', 'fr', 'net'];
const WEBMAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com'];
const SUBS = ['mail', 'eu', 'us', 'shop', 'corp'];

export function generate(accountCount: number, aliasCount: number, leadCount: number, seed = 42) {
    const random = rng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const accounts: MatchAccount[] = [];
    for (let i = 0; i < accountCount; i++) {
        const hosted = random() < 0.02;
        const domain = hosted ? `company${i}.myshopify.com` : `company${i}.${pick(TLDS)}`;
        const parent = i > 10 && random() < 0.05 ? `A${Math.floor(random() * i)}` : null;
        accounts.push({ Id: `A${i}`, Name: `Company ${i}`, ABM_WebDomain__c: domain, ParentId: parent });
    }
    const aliases: MatchAlias[] = [];
    for (let i = 0; i < aliasCount; i++)
        aliases.push({ Domain__c: `brand${i}.com`, Account__c: `A${Math.floor(random() * accountCount)}` });
    const leads: LeadInput[] = [];
    for (let i = 0; i < leadCount; i++) {
        const r = random();
        const account = accounts[Math.floor(random() * accountCount)]!;
        const domain = account.ABM_WebDomain__c!;
        if (r < 0.45) leads.push({ email: `person${i}@${domain}` });
        else if (r < 0.6) leads.push({ email: `person${i}@${pick(SUBS)}.${domain}` });
        else if (r < 0.7) leads.push({ email: `person${i}@brand${Math.floor(random() * aliasCount)}.com` });
        else if (r < 0.8)
            leads.push({ email: `person${i}@${pick(WEBMAIL)}`, website: random() < 0.5 ? `https://www.${domain}/about` : undefined });
        else if (r < 0.95) leads.push({ email: `Person.${i}+x@Unknown${i}.example` });
        else leads.push({ email: 'n/a', website: '' });
    }
    return { accounts, aliases, leads };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export async function run(): Promise<void> {
    const { accounts, aliases, leads } = generate(50_000, 10_000, 100_000);
    const t0 = performance.now();
    const index = buildAccountIndex(accounts, aliases);
    const t1 = performance.now();
    const results: MatchResult[] = new Array<MatchResult>(leads.length);
    for (let i = 0; i < leads.length; i++) results[i] = matchLead(index, leads[i]!);
    const t2 = performance.now();
    const perSecond = leads.length / ((t2 - t1) / 1000);
    const counts = countByReason(results);
    const rows: [string, string][] = [
        ['accounts / aliases / leads', `${fmt(accounts.length)} / ${fmt(aliases.length)} / ${fmt(leads.length)}`],
        ['index build', `${fmt(t1 - t0)} ms`],
        ['matching', `${fmt(t2 - t1)} ms`],
        ['throughput', `${fmt(perSecond)} leads/s`],
        ['per lead', `${fmt(((t2 - t1) * 1000) / leads.length, 1)} µs`],
        ...Object.entries(counts).map(([reason, n]): [string, string] => [`  ${reason}`, fmt(n)])
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

if (process.argv[1]?.endsWith('matching.ts')) {
    run().catch((error: unknown) => {
        process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = 1;
    });
}
