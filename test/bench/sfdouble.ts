/**
 * Benchmark: 200,000 accounts in the local API double; a full Bulk API 2.0 query through SalesforceOrg.bulkQuery and a
 * 200,000-row bulk update round trip (one ingest job, results mapped back to input order). Prints time, peak RSS and
 * request counts.
 */
import { startDouble } from '../sfdouble/harness';

const N = 200_000;

function peakRss(): number {
    return process.resourceUsage().maxRSS / 1024; // KiB → MiB
}

export async function run(): Promise<void> {
    const t0 = Date.now();
    const accounts = Array.from({ length: N }, (_, i) => ({
        Name: `Account ${i}`,
        ABM_Tier__c: ['1', '2', '3', 'Not ABM'][i % 4],
        ABM_WebDomain__c: `a${i}.example.com`,
        NumberOfEmployees: i % 5000,
        BillingCountry: i % 2 ? 'US' : 'DE'
    }));
    const h = await startDouble({ records: { Account: accounts }, org: { pollIntervalMs: 50 } });
    const load = Date.now() - t0;
    try {
        const q0 = Date.now();
        const rows = await h.org.bulkQuery(
            'SELECT Id, Name, ABM_Tier__c, ABM_WebDomain__c, NumberOfEmployees, BillingCountry, Owner.Name FROM Account'
        );
        const query = Date.now() - q0;
        if (rows.length !== N) throw new Error(`bulk query returned ${rows.length} rows, expected ${N}`);
        const rssAfterQuery = peakRss();
        const queryRequests = h.double.requests.length;

        const u0 = Date.now();
        const results = await h.org.update(
            'Account',
            rows.map((r, i) => ({ Id: r.Id!, ABM_Tier__c: i % 2 ? '1' : '2' }))
        );
        const update = Date.now() - u0;
        const failed = results.filter((r) => !r.success).length;
        if (failed) throw new Error(`${failed} update rows failed`);
        const updateRequests = h.double.requests.length - queryRequests;

        const table = [
            ['step', 'time', 'peak RSS', 'requests'],
            ['load 200k accounts into the double', `${(load / 1000).toFixed(2)} s`, '', ''],
            [
                'bulkQuery 200k (7 fields incl. Owner.Name)',
                `${(query / 1000).toFixed(2)} s`,
                `${rssAfterQuery.toFixed(0)} MiB`,
                String(queryRequests)
            ],
            [
                'update 200k (one Bulk API 2.0 job, results mapped)',
                `${(update / 1000).toFixed(2)} s`,
                `${peakRss().toFixed(0)} MiB`,
                String(updateRequests)
            ]
        ];
        for (const line of table) process.stdout.write(`| ${line.join(' | ')} |\n`);
        const byRoute = new Map<string, number>();
        for (const r of h.double.requests) {
            const key = `${r.method} ${r.path.replace(/750\w+/, '<job>').replace(/\/v\d+\.\d/, '/vXX')}`;
            byRoute.set(key, (byRoute.get(key) ?? 0) + 1);
        }
        for (const [route, n] of byRoute) process.stdout.write(`  ${n} × ${route}\n`);
    } finally {
        await h.stop();
    }
}
