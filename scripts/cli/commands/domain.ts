/**
 * `abm domain <value>... [--json]`: print the normalised web domain of emails, URLs or domains, with the reason,
 * using the same normaliser as every other command (scripts/core/domain.ts; Apex twin AbmDomainService).
 */
import { normalizeDomain, type DomainResult } from '../../core/domain.js';
import { emitResult, ExitCode, parseFlags, UsageError, type Ux } from '../shared.js';
import { maxOf } from '../../core/arrays.js';

export type DomainRow = { input: string } & DomainResult;

export function domainTable(rows: DomainRow[]): string {
    const cells = rows.map((r) => [
        r.input,
        r.kind,
        r.kind === 'invalid' ? '' : r.domain,
        r.kind === 'domain' && r.host !== r.domain ? r.host : '',
        r.reason
    ]);
    const header = ['Input', 'Kind', 'Domain', 'Host', 'Reason'];
    const widths = header.map((h, i) => Math.min(60, Math.max(h.length, maxOf(cells.map((c) => c[i]!.length)))));
    const line = (c: string[]) =>
        c
            .map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!)))
            .join('  ')
            .trimEnd();
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export async function run(argv: string[], ux: Ux): Promise<void> {
    const { positionals } = parseFlags(argv, {}, true);
    if (positionals.length === 0) throw new UsageError('Give at least one email, URL or domain.', ['abm domain jane@acme.com']);
    const rows: DomainRow[] = positionals.map((input) => ({ input, ...normalizeDomain(input) }));
    ux.out(domainTable(rows));
    emitResult(ux, ExitCode.Success, { domains: rows });
}
