/** Shared by the load tests: a tiny snapshot org, running a command in-process, and reading a snapshot folder. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { Ux } from '../../scripts/cli/shared';

export const ACCOUNT_HEADER = [
    'Id',
    'Name',
    'OwnerId',
    'ABM_Tier__c',
    'ABM_WebDomain__c',
    'Website',
    'Industry',
    'BillingCountry',
    'ABM_Region__c',
    'NumberOfEmployees',
    'AnnualRevenue',
    'ABM_LastEngagementDate__c',
    'ABM_TierChangedDate__c',
    'ABM_LastAssignmentRunId__c'
];

/** A small org: two users (one inactive), two accounts, one alias, empty audit and signal objects. */
export function tinySnapshot(): string {
    const dir = mkdtempSync(join(tmpdir(), 'abm-load-org-'));
    writeFileSync(
        join(dir, 'User.csv'),
        stringify(
            [
                ['005000000000001AAA', 'Ada AE', 'ada@corp.example', 'ada@corp.example', 'true'],
                ['005000000000002AAA', 'Bo Gone', 'bo@corp.example', 'bo@corp.example', 'false'],
                ['005000000000003AAA', 'Cy AE', 'cy@corp.example', 'cy@corp.example', 'true']
            ],
            { header: true, columns: ['Id', 'Name', 'Username', 'Email', 'IsActive'] }
        )
    );
    writeFileSync(
        join(dir, 'Account.csv'),
        stringify(
            [
                [
                    '001000000000001AAA',
                    'Acme',
                    '005000000000001AAA',
                    '1',
                    'acme.com',
                    'https://acme.com',
                    'Technology',
                    'Germany',
                    'EMEA',
                    '500',
                    '',
                    '',
                    '',
                    ''
                ],
                ['001000000000002AAA', 'Beta Group', '005000000000001AAA', '2', 'beta.io', '', 'Retail', '', '', '', '', '', '', '']
            ],
            { header: true, columns: ACCOUNT_HEADER }
        )
    );
    writeFileSync(
        join(dir, 'ABM_DomainAlias__c.csv'),
        stringify([['a04000000000001AAA', 'acme-group.com', 'acme-group.com', '001000000000001AAA']], {
            header: true,
            columns: ['Id', 'Name', 'Domain__c', 'Account__c']
        })
    );
    writeFileSync(
        join(dir, 'ABM_Assignment__c.csv'),
        'Id,Account__c,PreviousOwner__c,NewOwner__c,Role__c,Reason__c,Rule__c,RunId__c,AssignedAt__c,Source__c\n'
    );
    writeFileSync(join(dir, 'ABM_IntentSignal__c.csv'), 'Id,Account__c,Topic__c,Strength__c,Source__c,SignalType__c,SignalDate__c\n');
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify({ asOf: '2026-10-01' }));
    return dir;
}

/** Every file of a folder with its bytes (to assert a snapshot is unchanged). */
export const folderBytes = (dir: string): Record<string, string> =>
    Object.fromEntries(
        readdirSync(dir)
            .sort()
            .map((f) => [f, readFileSync(join(dir, f)).toString('base64')])
    );

/** Run a command module in-process under --json; returns the envelope (or the thrown error) and resets the exit code. */
export async function runCommand(
    mod: { run(argv: string[], ux: Ux): Promise<void> },
    argv: string[]
): Promise<{ status: number; result?: Record<string, unknown>; error?: Error & { exitCode?: number } }> {
    let out = '';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += String(chunk);
        return true;
    });
    try {
        await mod.run([...argv, '--json'], new Ux(true));
        const envelope = JSON.parse(out) as { status: number; result: Record<string, unknown> };
        return { status: envelope.status, result: envelope.result };
    } catch (error) {
        const e = error as Error & { exitCode?: number };
        return { status: e.exitCode ?? 1, error: e };
    } finally {
        spy.mockRestore();
        process.exitCode = undefined;
    }
}
