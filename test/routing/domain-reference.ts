/**
 * The oracle for `normalizeDomain` (scripts/core/domain.ts): the straightforward normaliser from before it was rewritten
 * for speed (issue 17: no split/join or regex per label, no allocation on the common path), kept as it was so that
 * test/routing/domain-equivalence.test.ts can check the fast one gives the same result on generated inputs. Test-only.
 * Do not "fix" it: change the rules in scripts/core/domain.ts, the shared vectors and here together.
 */
import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';
import {
    DEFAULT_HOSTING_DOMAINS,
    DEFAULT_WEBMAIL_DOMAINS,
    DomainReason,
    MAX_INPUT_LENGTH,
    type DomainOptions,
    type DomainResult
} from '../../scripts/core/domain';

const invalid = (reason: string): DomainResult => ({ kind: 'invalid', reason });

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const WWW_LABEL = /^(?:www\d*|ww\d+)$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ASCII_ALLOWED = /^[a-z0-9.-]*$/;
const NON_ASCII = /[^\x00-\x7f]/;

function toSet(list: readonly string[]): ReadonlySet<string> {
    const set = new Set<string>();
    for (const entry of list) {
        const d = entry.trim().toLowerCase();
        if (d) set.add(d);
    }
    return set;
}

function suffixIn(host: string, set: ReadonlySet<string>): string | undefined {
    let at = 0;
    for (;;) {
        const candidate = host.slice(at);
        if (set.has(candidate)) return candidate;
        const dot = host.indexOf('.', at);
        if (dot < 0) return undefined;
        at = dot + 1;
    }
}

function extractHost(value: string): string | DomainResult {
    let rest = value;
    const bracket = /<([^<>]*)>\s*$/.exec(rest); // "Jane Doe <jane@acme.com>"
    if (bracket?.[1] !== undefined && bracket[1].trim() !== '') rest = bracket[1].trim();
    if (rest.startsWith('mailto:')) rest = rest.slice('mailto:'.length);
    else if (SCHEME.test(rest)) rest = rest.replace(SCHEME, '');
    else if (rest.startsWith('//')) rest = rest.slice(2);
    const end = rest.search(/[/?#\\]/);
    let host = end < 0 ? rest : rest.slice(0, end);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    if (host.startsWith('[')) return invalid(DomainReason.IpAddress);
    host = host.replace(/:\d*$/, '');
    if (host.endsWith('.')) host = host.slice(0, -1);
    return host;
}

export function normalizeDomainReference(input: string, options: DomainOptions = {}): DomainResult {
    if (typeof input !== 'string') return invalid(DomainReason.Empty);
    const value = input.trim().toLowerCase();
    if (value === '') return invalid(DomainReason.Empty);
    if (value.length > MAX_INPUT_LENGTH) return invalid(DomainReason.TooLong);

    const extracted = extractHost(value);
    if (typeof extracted !== 'string') return extracted;
    let host = extracted;
    if (host === '') return invalid(DomainReason.Empty);

    if (NON_ASCII.test(host)) {
        const asciiPart = host.replace(/[^\x00-\x7f]/g, '');
        if (!ASCII_ALLOWED.test(asciiPart)) return invalid(DomainReason.InvalidCharacter);
        let ascii: string;
        try {
            ascii = domainToASCII(host);
        } catch {
            ascii = '';
        }
        if (ascii === '') return invalid(DomainReason.InvalidCharacter);
        host = ascii;
    }
    if (!ASCII_ALLOWED.test(host)) return invalid(DomainReason.InvalidCharacter);
    if (host.length > 253) return invalid(DomainReason.TooLong);

    let labels = host.split('.');
    if (labels.every((l) => /^\d+$/.test(l)) && labels.length === 4) return invalid(DomainReason.IpAddress);
    if (labels.some((l) => !LABEL.test(l))) return invalid(DomainReason.InvalidLabel);
    if (labels.length < 2) return invalid(DomainReason.NoDot);
    if (/^\d+$/.test(labels[labels.length - 1]!)) return invalid(DomainReason.InvalidLabel);

    if (labels.length > 2 && WWW_LABEL.test(labels[0]!)) labels = labels.slice(1);
    host = labels.join('.');

    const platform = suffixIn(host, toSet(options.hostingDomains ?? DEFAULT_HOSTING_DOMAINS));
    if (platform !== undefined && platform !== host) {
        const under = host.slice(0, host.length - platform.length - 1).split('.');
        return { kind: 'domain', domain: `${under[under.length - 1]!}.${platform}`, host, reason: DomainReason.Hosting };
    }

    const webmail = suffixIn(host, toSet(options.webmailDomains ?? DEFAULT_WEBMAIL_DOMAINS));
    if (webmail !== undefined) return { kind: 'webmail', domain: webmail, reason: DomainReason.Webmail };

    if (platform === host) return { kind: 'domain', domain: host, host, reason: DomainReason.Domain };
    const registrable = getDomain(host, { allowPrivateDomains: false, extractHostname: false, validateHostname: false });
    if (!registrable) return invalid(DomainReason.PublicSuffix);
    return { kind: 'domain', domain: registrable, host, reason: DomainReason.Domain };
}
