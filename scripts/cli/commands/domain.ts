/**
 * `abm domain <value>... [--json]`: print the normalised web domain of emails, URLs or domains, with the reason,
 * using the same normaliser as every other command (scripts/core/domain.ts; Apex twin AbmDomainService).
 */
import { normalizeDomain, type DomainResult } from '../../core/domain.js';
import { emitResult, ExitCode, parseFlags, UsageError, type Ux } from '../shared.js';

export const help = `
Print normalised web domains (lower case, no scheme/path/port/www, punycode for international names, hosting-platform
shops kept whole, webmail flagged, garbage reported as invalid with a reason).

Usage: abm domain <value>... [--json]

  Uses the default hosting and webmail lists of the ABM settings (ABM_Setting__mdt Default).

Examples:
  abm domain "Jane.Doe+news@Mail.Acme.co.uk" https://www.münchen.de/rathaus acme.myshopify.com jane@gmail.com n/a
  abm domain www.acme.com --json
`;

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
    const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((c) => c[i]!.length))));
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
