/**
 * The shared domain vectors (the static resource ABM_DomainVectors.json) run against the TypeScript normaliser.
 * AbmDomainServiceTest runs the same file against the Apex twin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    DEFAULT_HOSTING_DOMAINS,
    DEFAULT_WEBMAIL_DOMAINS,
    domainWalk,
    normalizeDomain,
    type DomainResult
} from '../../scripts/core/domain.js';

type Vector = {
    input: string;
    expected: { kind: 'domain' | 'webmail' | 'invalid'; domain?: string; host?: string; reason: string };
    note?: string;
    apex?: { kind: string; host?: string; reason: string };
};
type VectorFile = { options: { hostingDomains: string[]; webmailDomains: string[] }; vectors: Vector[] };

const ROOT = join(__dirname, '..', '..');
const VECTOR_PATH = join(ROOT, 'force-app', 'main', 'default', 'staticresources', 'ABM_DomainVectors.json');
const SETTINGS_PATH = join(ROOT, 'force-app-settings', 'main', 'default', 'customMetadata', 'ABM_Setting.Default.md-meta.xml');
const file = JSON.parse(readFileSync(VECTOR_PATH, 'utf8')) as VectorFile;

/** The one-per-line list of a settings field, read the way AbmSettingSelector reads it. */
function settingsList(field: string): string[] {
    const xml = readFileSync(SETTINGS_PATH, 'utf8');
    const match = new RegExp(`<field>${field}</field>\\s*<value[^>]*>([^<]*)</value>`).exec(xml);
    if (!match?.[1]) throw new Error(`${field} not found in ${SETTINGS_PATH}`);
    return match[1]
        .split(/\r?\n/)
        .map((line) => line.trim().toLowerCase())
        .filter(Boolean);
}

describe('ABM_DomainVectors.json', () => {
    it('has at least 80 vectors covering every kind and reason', () => {
        expect(file.vectors.length).toBeGreaterThanOrEqual(80);
        const reasons = new Set(file.vectors.map((v) => v.expected.reason));
        for (const reason of [
            'domain',
            'hosting subdomain',
            'webmail',
            'empty',
            'too long',
            'ip address',
            'invalid character',
            'invalid label',
            'no dot',
            'public suffix'
        ]) {
            expect(reasons).toContain(reason);
        }
    });

    it('has unique inputs', () => {
        const inputs = file.vectors.map((v) => v.input);
        expect(new Set(inputs).size).toBe(inputs.length);
    });

    it('uses the same hosting and webmail lists as the Default settings record and the TS defaults', () => {
        expect(file.options.hostingDomains).toEqual(settingsList('HostingDomains__c'));
        expect(file.options.webmailDomains).toEqual(settingsList('WebmailDomains__c'));
        expect([...DEFAULT_HOSTING_DOMAINS]).toEqual(file.options.hostingDomains);
        expect([...DEFAULT_WEBMAIL_DOMAINS]).toEqual(file.options.webmailDomains);
    });
});

describe('normalizeDomain on the shared vectors', () => {
    const options = { hostingDomains: file.options.hostingDomains, webmailDomains: file.options.webmailDomains };
    it.each(file.vectors.map((v) => [v.note ?? '', JSON.stringify(v.input).slice(0, 60), v] as const))('%s: %s', (_note, _input, v) => {
        const actual: DomainResult = normalizeDomain(v.input, options);
        const expected: Record<string, unknown> = { kind: v.expected.kind, reason: v.expected.reason };
        if (v.expected.domain !== undefined) expected.domain = v.expected.domain;
        if (v.expected.kind === 'domain') expected.host = v.expected.host;
        expect(actual).toEqual(expected);
    });

    it('walks every domain vector from its host down to its domain', () => {
        for (const v of file.vectors.filter((x) => x.expected.kind === 'domain')) {
            const walk = domainWalk({ host: v.expected.host!, domain: v.expected.domain! });
            expect(walk[0]).toBe(v.expected.host);
            expect(walk[walk.length - 1]).toBe(v.expected.domain);
        }
    });
});

describe('normalizeDomain beyond the vectors', () => {
    it('never throws on arbitrary strings and always returns a known kind', () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const fc = require('fast-check') as typeof import('fast-check');
        fc.assert(
            fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
                const result = normalizeDomain(s);
                return ['domain', 'webmail', 'invalid'].includes(result.kind);
            }),
            { numRuns: 3000, seed: 42 }
        );
    });

    it('returns invalid for non-string input instead of throwing', () => {
        expect(normalizeDomain(undefined as unknown as string)).toEqual({ kind: 'invalid', reason: 'empty' });
        expect(normalizeDomain(null as unknown as string)).toEqual({ kind: 'invalid', reason: 'empty' });
    });

    it('is idempotent on the domains it returns', () => {
        for (const v of file.vectors) {
            const first = normalizeDomain(v.input);
            if (first.kind === 'invalid') continue;
            const again = normalizeDomain(first.domain);
            expect(again.kind).toBe(first.kind);
            if (again.kind !== 'invalid') expect(again.domain).toBe(first.domain);
        }
    });

    it('honours custom hosting and webmail lists', () => {
        expect(normalizeDomain('acme.example-host.com', { hostingDomains: ['example-host.com'] })).toEqual({
            kind: 'domain',
            domain: 'acme.example-host.com',
            host: 'acme.example-host.com',
            reason: 'hosting subdomain'
        });
        expect(normalizeDomain('jane@acme.com', { webmailDomains: ['ACME.com '] })).toEqual({
            kind: 'webmail',
            domain: 'acme.com',
            reason: 'webmail'
        });
        expect(normalizeDomain('jane@gmail.com', { webmailDomains: [] })).toMatchObject({ kind: 'domain', domain: 'gmail.com' });
    });

    it('answers each call from its own lists, however many lists came before (the lists are read once each)', () => {
        const acme = { webmailDomains: ['acme.com'] };
        const other = { webmailDomains: ['other.com'] };
        expect(normalizeDomain('jane@acme.com', acme).kind).toBe('webmail');
        expect(normalizeDomain('jane@acme.com', other).kind).toBe('domain');
        expect(normalizeDomain('jane@acme.com', { webmailDomains: ['acme.com'] }).kind).toBe('webmail');
        expect(normalizeDomain('jane@acme.com', acme).kind).toBe('webmail');
        expect(normalizeDomain('jane@gmail.com', other).kind).toBe('domain');
        expect(normalizeDomain('jane@gmail.com').kind).toBe('webmail');
        const both = ['example-host.com'];
        expect(normalizeDomain('shop.acme.example-host.com', { hostingDomains: both, webmailDomains: both })).toMatchObject({
            domain: 'acme.example-host.com',
            reason: 'hosting subdomain'
        });
        expect(normalizeDomain('example-host.com', { hostingDomains: both, webmailDomains: both }).kind).toBe('webmail');
    });
});
