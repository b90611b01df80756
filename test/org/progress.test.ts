/**
 * Long applies show progress on stderr: the org reports each stage of a Bulk API 2.0 write (uploaded, each poll with the
 * job's state and rows processed), and the CLI prints them (a bar on a terminal; plain lines in a log).
 */
import { join } from 'node:path';
import { Ux } from '../../scripts/cli/shared';
import { startDouble } from '../sfdouble/harness';

jest.setTimeout(120_000);

it('a Bulk API write reports its job, upload and every poll; rows done are reported as they complete', async () => {
    const h = await startDouble({ snapshotDir: join(__dirname, '..', '..', 'data', 'sample-org'), org: { bulkThreshold: 1 } });
    try {
        const rows = (await h.org.query("SELECT Id FROM Account WHERE ABM_Tier__c = '2' LIMIT 300")).map((a) => ({
            Id: String(a.Id),
            Industry: 'Retail'
        }));
        const stages: string[] = [];
        const progress: number[] = [];
        const results = await h.org.update('Account', rows, { onStage: (t) => stages.push(t), onProgress: (d) => progress.push(d) });
        expect(results.every((r) => r.success)).toBe(true);
        expect(stages[0]).toMatch(/^job \w+: 300 rows uploaded, processing$/);
        expect(stages.slice(1).every((s, i) => new RegExp(`^job \\w+ \\w+(, [\\d,]+ rows processed)? \\(poll ${i + 1}\\)$`).test(s))).toBe(
            true
        );
        expect(stages[stages.length - 1]).toMatch(/JobComplete, 300 rows processed \(poll \d+\)$/);
        expect(progress[progress.length - 1]).toBe(300);
    } finally {
        await h.stop();
    }
});

it('without a terminal, progress is plain lines on stderr: each stage, and the rows at most every 5 seconds and at the end', () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
    });
    const tty = process.stderr.isTTY;
    try {
        (process.stderr as { isTTY?: boolean }).isTTY = false;
        const bar = new Ux(false).progress('Updating owners', 50_000);
        bar.track.onStage('job 750x: 50,000 rows uploaded, processing');
        bar.track.onProgress(10, 50_000);
        bar.track.onProgress(20, 50_000);
        bar.track.onProgress(50_000, 50_000);
        bar.stop();
        expect(lines.join('')).toBe(
            'Updating owners: job 750x: 50,000 rows uploaded, processing\nUpdating owners: 10 of 50,000 rows\nUpdating owners: 50,000 of 50,000 rows\n'
        );
        // Under --json nothing is printed.
        lines.length = 0;
        new Ux(true).progress('Updating owners', 10).track.onStage('x');
        expect(lines).toEqual([]);
    } finally {
        (process.stderr as { isTTY?: boolean }).isTTY = tty;
        spy.mockRestore();
    }
});

it('on a terminal, progress is a bar (cli-progress, loaded when the first bar is shown) at the latest count and stage', async () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
    });
    const tty = process.stderr.isTTY;
    try {
        (process.stderr as { isTTY?: boolean }).isTTY = true;
        const bar = new Ux(false).progress('Updating owners', 40);
        // Reported before the bar module has loaded: the bar starts there.
        bar.track.onStage('job 750x uploaded');
        bar.track.onProgress(10, 40);
        await new Promise((resolve) => setImmediate(resolve));
        bar.track.onProgress(40, 40);
        bar.stop();
        const text = out.join('');
        expect(text).toMatch(/Updating owners \[[░█]+\] 10\/40 25% job 750x uploaded/);
        expect(text).toMatch(/Updating owners \[█+\] 40\/40 100% job 750x uploaded/);
        // A bar stopped before its module loaded shows nothing.
        out.length = 0;
        new Ux(false).progress('Quick', 5).stop();
        await new Promise((resolve) => setImmediate(resolve));
        expect(out.join('')).not.toContain('Quick');
    } finally {
        (process.stderr as { isTTY?: boolean }).isTTY = tty;
        spy.mockRestore();
    }
});
