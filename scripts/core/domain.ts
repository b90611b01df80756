/**
 * Web-domain normalisation: the one normaliser the whole TypeScript side uses (loads, audits, `abm match`, `abm domain`).
 * Its Apex twin is `AbmDomainService`; both are tested against the same vectors
 * (`force-app/main/default/staticresources/ABM_DomainVectors.json`), so the two cannot drift.
 *
 * Rules, in order: trim; lower-case; too long → invalid; `mailto:` and a URL scheme (`https://`) or `//` are stripped;
 * the authority ends at the first `/ ? # \`; everything up to the last `@` is userinfo or an email's local part
 * (so plus-addressing and quoted local parts need no special case); `[…]` hosts are IP addresses; the port and one
 * trailing dot go; internationalised names become punycode; labels are checked (a-z 0-9 -, 1–63 chars, no hyphen at
 * either end, host ≤ 253); IPv4 → invalid; a leading `www`, `www2`, `ww3`… label is stripped; then
 * - a subdomain of a hosting platform (settings list) keeps one label under the platform: `shop.acme.myshopify.com` →
 *   `acme.myshopify.com` (reason `hosting subdomain`);
 * - a webmail domain or its subdomain → kind `webmail` (never matches an account);
 * - else the registrable domain from the public suffix list (`tldts`): `foo.acme.co.uk` → `acme.co.uk`.
 *
 * Pure: no I/O, never throws (garbage in → `{ kind: 'invalid', reason }`); the settings lists become sets once per list.
 */
import { domainToASCII } from 'node:url';
import { getDomain } from 'tldts';

export type DomainResult =
    | { kind: 'domain'; domain: string; host: string; reason: string }
    | { kind: 'webmail'; domain: string; reason: string }
    | { kind: 'invalid'; reason: string };

export type DomainOptions = { hostingDomains?: readonly string[]; webmailDomains?: readonly string[] };

/** Reason strings, shared with the Apex twin (AbmDomainService) and the vectors. */
export const DomainReason = {
    Domain: 'domain',
    Hosting: 'hosting subdomain',
    Webmail: 'webmail',
    Empty: 'empty',
    TooLong: 'too long',
    IpAddress: 'ip address',
    InvalidCharacter: 'invalid character',
    InvalidLabel: 'invalid label',
    NoDot: 'no dot',
    PublicSuffix: 'public suffix'
} as const;

/** Longest input (after trimming) worth parsing; a URL longer than this is not a lead's website. */
export const MAX_INPUT_LENGTH = 2048;

/** Webmail domains: the same list as the `Default` record of ABM_Setting__mdt (`WebmailDomains__c`). */
export const DEFAULT_WEBMAIL_DOMAINS: readonly string[] = Object.freeze([
    'gmail.com',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'yahoo.fr',
    'yahoo.de',
    'ymail.com',
    'outlook.com',
    'hotmail.com',
    'hotmail.co.uk',
    'hotmail.fr',
    'live.com',
    'msn.com',
    'aol.com',
    'icloud.com',
    'me.com',
    'mac.com',
    'proton.me',
    'protonmail.com',
    'pm.me',
    'gmx.de',
    'gmx.net',
    'gmx.com',
    'web.de',
    't-online.de',
    'mail.ru',
    'yandex.ru',
    'yandex.com',
    'qq.com',
    '163.com',
    '126.com',
    'sina.com',
    'naver.com',
    'hanmail.net',
    'zoho.com',
    'mail.com',
    'fastmail.com',
    'tutanota.com',
    'hey.com',
    'orange.fr',
    'free.fr',
    'laposte.net',
    'libero.it'
]);

/** Hosting platforms whose subdomains are separate companies: the `HostingDomains__c` list of the `Default` settings. */
export const DEFAULT_HOSTING_DOMAINS: readonly string[] = Object.freeze([
    'myshopify.com',
    'squarespace.com',
    'wixsite.com',
    'github.io',
    'gitlab.io',
    'herokuapp.com',
    'netlify.app',
    'vercel.app',
    'wordpress.com',
    'blogspot.com',
    'webflow.io',
    'azurewebsites.net',
    'cloudfront.net',
    'pages.dev',
    'workers.dev',
    'firebaseapp.com',
    'web.app',
    'appspot.com',
    'carrd.co',
    'weebly.com',
    'godaddysites.com',
    'hubspotpagebuilder.com'
]);

const invalid = (reason: string): DomainResult => ({ kind: 'invalid', reason });

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//;
const ASCII_ALLOWED = /^[a-z0-9.-]*$/;
const NON_ASCII = /[^\x00-\x7f]/;

const DOT = 46;
const HYPHEN = 45;
const ZERO = 48;
const NINE = 57;
const W = 119;
const TLDTS_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;

/** Whether `host`'s first label (up to `end`) is `www`, `www` + digits or `ww` + digits (a label stripped as "www"). */
function isWwwLabel(host: string, end: number): boolean {
    if (end < 3 || host.charCodeAt(0) !== W || host.charCodeAt(1) !== W) return false;
    const from = host.charCodeAt(2) === W ? 3 : 2;
    for (let i = from; i < end; i++) {
        const c = host.charCodeAt(i);
        if (c < ZERO || c > NINE) return false;
    }
    return true;
}

/** Lower-cased, trimmed, non-empty entries of a domain list (as the settings text is read). */
function toSet(list: readonly string[]): ReadonlySet<string> {
    const set = new Set<string>();
    for (const entry of list) {
        const d = entry.trim().toLowerCase();
        if (d) set.add(d);
    }
    return set;
}

const DEFAULT_HOSTING_SET = toSet(DEFAULT_HOSTING_DOMAINS);
const DEFAULT_WEBMAIL_SET = toSet(DEFAULT_WEBMAIL_DOMAINS);

/**
 * The set of a caller's list, built once per list (a reconcile normalises 300k rows with the same options). The lists
 * are `readonly`: one changed in place after a call would keep its first set.
 */
const listSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function domainSet(list: readonly string[] | undefined, defaults: ReadonlySet<string>): ReadonlySet<string> {
    if (list === undefined) return defaults;
    let set = listSets.get(list);
    if (set === undefined) {
        set = toSet(list);
        listSets.set(list, set);
    }
    return set;
}

/** The entry of `set` that `host` equals or is a subdomain of (the longest such), or undefined. */
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

/** The host part of a URL, email or bare domain (lower-case, unvalidated), or an invalid result. */
function extractHost(value: string): string | DomainResult {
    let rest = value;
    const bracket = rest.includes('<') ? /<([^<>]*)>\s*$/.exec(rest) : null; // "Jane Doe <jane@acme.com>"
    if (bracket?.[1] !== undefined && bracket[1].trim() !== '') rest = bracket[1].trim();
    if (rest.startsWith('mailto:')) rest = rest.slice('mailto:'.length);
    // The scheme's name has no colon, so the first "://" ends it.
    else if (SCHEME.test(rest)) rest = rest.slice(rest.indexOf('://') + 3);
    else if (rest.startsWith('//')) rest = rest.slice(2);
    const end = rest.search(/[/?#\\]/);
    let host = end < 0 ? rest : rest.slice(0, end);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    if (host.startsWith('[')) return invalid(DomainReason.IpAddress);
    if (host.includes(':')) host = host.replace(/:\d*$/, '');
    if (host.endsWith('.')) host = host.slice(0, -1);
    return host;
}

/**
 * Normalise an email address, URL or bare domain to the web domain that identifies a company.
 * @param input what a lead or a list carries (`Jane.Doe+x@Mail.Acme.co.uk`, `https://www.acme.com/about`, `acme.com`)
 * @param options hosting-platform and webmail lists (default: the settings record's defaults)
 */
export function normalizeDomain(input: string, options: DomainOptions = {}): DomainResult {
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

    // The labels, in one pass over the host (only a-z 0-9 . - are left): each 1–63 characters with no hyphen at
    // either end; four all-digit labels are an IPv4 address; the last label is not all digits.
    let labels = 0;
    let firstEnd = -1;
    let start = 0;
    let digits = true;
    let allDigits = true;
    let badLabel = false;
    for (let i = 0; i <= host.length; i++) {
        const c = i < host.length ? host.charCodeAt(i) : DOT;
        if (c !== DOT) {
            if (c < ZERO || c > NINE) digits = false;
            continue;
        }
        const length = i - start;
        if (length === 0 || length > 63 || host.charCodeAt(start) === HYPHEN || host.charCodeAt(i - 1) === HYPHEN) badLabel = true;
        digits &&= length > 0;
        allDigits &&= digits;
        if (labels++ === 0) firstEnd = i;
        if (i < host.length) {
            start = i + 1;
            digits = true;
        }
    }
    if (allDigits && labels === 4) return invalid(DomainReason.IpAddress);
    if (badLabel) return invalid(DomainReason.InvalidLabel);
    if (labels < 2) return invalid(DomainReason.NoDot);
    if (digits) return invalid(DomainReason.InvalidLabel);
    if (labels > 2 && isWwwLabel(host, firstEnd)) host = host.slice(firstEnd + 1);

    const platform = suffixIn(host, domainSet(options.hostingDomains, DEFAULT_HOSTING_SET));
    if (platform !== undefined && platform !== host) {
        const under = host.slice(0, host.length - platform.length - 1).split('.');
        return { kind: 'domain', domain: `${under[under.length - 1]!}.${platform}`, host, reason: DomainReason.Hosting };
    }

    const webmail = suffixIn(host, domainSet(options.webmailDomains, DEFAULT_WEBMAIL_SET));
    if (webmail !== undefined) return { kind: 'webmail', domain: webmail, reason: DomainReason.Webmail };

    if (platform === host) return { kind: 'domain', domain: host, host, reason: DomainReason.Domain };
    const registrable = getDomain(host, TLDTS_OPTIONS);
    if (!registrable) return invalid(DomainReason.PublicSuffix);
    return { kind: 'domain', domain: registrable, host, reason: DomainReason.Domain };
}

/**
 * The domains to look up for a normalised host, most specific first: the host, then each parent down to (and
 * including) the registrable or hosting-kept domain. `eu.shop.acme.com` → `eu.shop.acme.com, shop.acme.com, acme.com`.
 */
export function domainWalk(result: { domain: string; host: string }): string[] {
    const walk: string[] = [];
    let current = result.host;
    for (;;) {
        walk.push(current);
        if (current === result.domain || !current.endsWith(`.${result.domain}`)) break;
        current = current.slice(current.indexOf('.') + 1);
    }
    return walk;
}
