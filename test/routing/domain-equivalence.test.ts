/**
 * The fast `normalizeDomain` (scripts/core/domain.ts) gives exactly the result of the straightforward normaliser it
 * replaced (test/routing/domain-reference.ts) on generated emails, URLs and bare domains: schemes, user info, www
 * labels, hosting and webmail domains, IP addresses, bad labels (empty, too long, hyphens at an end, all digits), ports,
 * trailing dots, paths, internationalised names, "Name <email>" forms and arbitrary text. The shared vectors
 * (domain-vectors.test.ts) stay the specification; this checks the rewrite against the old code on many more inputs.
 */
import fc from 'fast-check';
import { normalizeDomain, type DomainOptions } from '../../scripts/core/domain';
import { normalizeDomainReference } from './domain-reference';

const LABELS = [
    'www',
    'WWW',
    'www2',
    'ww3',
    'ww',
    'wwww',
    'www2x',
    'acme',
    'a-b',
    '-a',
    'b-',
    '123',
    '0',
    'co',
    'uk',
    'com',
    'io',
    'myshopify',
    'github',
    'gmail',
    'yahoo',
    'münchen',
    'xn--mnchen-3ya',
    '',
    'x'.repeat(63),
    'y'.repeat(64),
    'a_b',
    'ä'
];
const hostArb = fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 5 }).map((labels) => labels.join('.'));
const inputArb = fc.oneof(
    {
        weight: 6,
        arbitrary: fc
            .tuple(
                fc.constantFrom('', 'https://', 'http://', 'HTTP://', 'ftp://', 'a+b.c-d://', '1x://', 'mailto:', '//', ':/'),
                fc.constantFrom('', 'jane@', 'Jane.Doe+x@', 'a@b@', ':pw@'),
                hostArb,
                fc.constantFrom('', ':8080', ':', ':x', '.', '..'),
                fc.constantFrom('', '/', '/about', '?q=1', '#top', '\\x', '/a:b@c'),
                fc.constantFrom('', ' ', '\t')
            )
            .map(([scheme, user, host, port, path, pad]) => `${pad}${scheme}${user}${host}${port}${path}${pad}`)
    },
    { weight: 1, arbitrary: hostArb.map((h) => `Jane Doe <jane@${h}>`) },
    { weight: 1, arbitrary: fc.constantFrom('[::1]', 'http://[2001:db8::1]/', '10.0.0.1', '1.2.3', '1.2.3.4.5', '<>', '< >') },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }) }
);
const optionsArb = fc.constantFrom<DomainOptions>(
    {},
    { hostingDomains: ['acme.com', ' GitHub.io '], webmailDomains: ['co.uk', 'a-b.com'] },
    { hostingDomains: [], webmailDomains: [] }
);

it('normalizeDomain = the reference normaliser on generated inputs', () => {
    fc.assert(
        fc.property(inputArb, optionsArb, (input, options) => {
            expect(normalizeDomain(input, options)).toEqual(normalizeDomainReference(input, options));
        }),
        { numRuns: 5_000, seed: 17 }
    );
});
