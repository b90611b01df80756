/** Matching rules of scripts/core/match.ts (the same rules as AbmLeadMatcher), table-driven. */
import { buildAccountIndex, countByReason, matchLead, MatchReason, type MatchAccount, type MatchAlias } from '../../scripts/core/match.js';

const ACCOUNTS: MatchAccount[] = [
    { Id: 'A-ACME', Name: 'Acme Corp', ABM_WebDomain__c: 'acme.com' },
    { Id: 'A-ACME-EU', Name: 'Acme Europe', ABM_WebDomain__c: 'eu.acme.com', ParentId: 'A-ACME' },
    { Id: 'A-ACME-EU-DE', Name: 'Acme Germany', ABM_WebDomain__c: 'de.eu.acme.com', ParentId: 'A-ACME-EU' },
    { Id: 'A-SHOP', Name: 'Acme Shop', ABM_WebDomain__c: 'acme.myshopify.com' },
    { Id: 'A-UK', Name: 'Acme UK', ABM_WebDomain__c: 'acme.co.uk' },
    { Id: 'A-GLOBEX', Name: 'Globex', ABM_WebDomain__c: 'globex.com' },
    { Id: 'A-INITECH', Name: 'Initech', ABM_WebDomain__c: 'initech.com' },
    { Id: 'A-MUNICH', Name: 'Stadt München', ABM_WebDomain__c: 'xn--mnchen-3ya.de' },
    { Id: 'A-NODOMAIN', Name: 'No domain' }
];
const ALIASES: MatchAlias[] = [
    { Domain__c: 'globex.io', Account__c: 'A-GLOBEX' },
    { Domain__c: 'initech.com', Account__c: 'A-GLOBEX' }, // initech.com is also Initech's own domain: the account wins
    { Domain__c: 'hooli.xyz', Account__c: 'A-INITECH' }
];

const index = buildAccountIndex(ACCOUNTS, ALIASES);
const parentIndex = buildAccountIndex(ACCOUNTS, ALIASES, { preferParentAccount: true });

describe('matchLead', () => {
    it.each([
        ['email on the account domain', { email: 'jane@acme.com' }, 'A-ACME', MatchReason.Exact, 'acme.com'],
        ['website with www and path', { website: 'https://www.acme.com/pricing' }, 'A-ACME', MatchReason.Exact, 'acme.com'],
        ['mail subdomain walks up to the parent domain', { email: 'jane@mail.acme.com' }, 'A-ACME', MatchReason.ParentWalk, 'acme.com'],
        ['subsidiary domain beats the parent', { email: 'jan@eu.acme.com' }, 'A-ACME-EU', MatchReason.Exact, 'eu.acme.com'],
        [
            'deeper host walks to the nearest account',
            { email: 'x@sales.de.eu.acme.com' },
            'A-ACME-EU-DE',
            MatchReason.ParentWalk,
            'de.eu.acme.com'
        ],
        ['alias', { email: 'bob@globex.io' }, 'A-GLOBEX', MatchReason.Alias, 'globex.io'],
        ['alias on a subdomain', { website: 'shop.hooli.xyz' }, 'A-INITECH', MatchReason.Alias, 'hooli.xyz'],
        ['account domain beats an alias on the same domain', { email: 'p@initech.com' }, 'A-INITECH', MatchReason.Exact, 'initech.com'],
        ['hosting subdomain', { website: 'https://acme.myshopify.com/collections' }, 'A-SHOP', MatchReason.Hosting, 'acme.myshopify.com'],
        ['hosting subdomain, deeper', { website: 'checkout.acme.myshopify.com' }, 'A-SHOP', MatchReason.Hosting, 'acme.myshopify.com'],
        [
            'other shop on the platform never matches the platform',
            { website: 'other.myshopify.com' },
            null,
            MatchReason.NoneNoAccount,
            'other.myshopify.com'
        ],
        ['multi-level suffix', { email: 'a@london.acme.co.uk' }, 'A-UK', MatchReason.ParentWalk, 'acme.co.uk'],
        ['IDN', { website: 'https://münchen.de' }, 'A-MUNICH', MatchReason.Exact, 'xn--mnchen-3ya.de'],
        ['webmail only', { email: 'jane@gmail.com' }, null, MatchReason.NoneWebmail, 'gmail.com'],
        ['webmail email, matching website', { email: 'jane@gmail.com', website: 'acme.com' }, 'A-ACME', MatchReason.Exact, 'acme.com'],
        ['unknown company', { email: 'jane@unknown.example' }, null, MatchReason.NoneNoAccount, 'unknown.example'],
        [
            'unknown email, webmail website',
            { email: 'jane@unknown.example', website: 'gmail.com' },
            null,
            MatchReason.NoneNoAccount,
            'unknown.example'
        ],
        ['garbage', { email: 'n/a', website: '-' }, null, MatchReason.NoneInvalid, null],
        ['nothing', {}, null, MatchReason.NoneInvalid, null],
        ['email wins over website', { email: 'a@globex.com', website: 'acme.com' }, 'A-GLOBEX', MatchReason.Exact, 'globex.com']
    ])('%s', (_name, lead, accountId, reason, domain) => {
        const result = matchLead(index, lead);
        expect(result.accountId).toBe(accountId);
        expect(result.reason).toBe(reason);
        expect(result.domain).toBe(domain);
    });

    it('lists every candidate considered with a verdict', () => {
        const result = matchLead(index, { email: 'x@de.eu.acme.com' });
        expect(result.candidates.map((c) => [c.domain, c.level, c.accountId, c.verdict])).toEqual([
            ['de.eu.acme.com', 0, 'A-ACME-EU-DE', 'matched'],
            ['eu.acme.com', 1, 'A-ACME-EU', 'lost: a more specific domain matched first'],
            ['acme.com', 2, 'A-ACME', 'lost: a more specific domain matched first']
        ]);
        expect(result.sources[0]!.lookedUp).toEqual(['de.eu.acme.com', 'eu.acme.com', 'acme.com']);
    });

    it('explains an alias that lost to the account on the same domain', () => {
        const result = matchLead(index, { email: 'p@initech.com' });
        expect(result.candidates.find((c) => c.via === 'alias')?.verdict).toBe(
            'lost: an account web domain beats an alias at the same domain'
        );
    });

    it('prefers the top-most ancestor in the domain family when the parent policy is on', () => {
        const result = matchLead(parentIndex, { email: 'x@de.eu.acme.com' });
        expect(result.accountId).toBe('A-ACME');
        expect(result.reason).toBe(MatchReason.ParentWalk);
        expect(result.domain).toBe('acme.com');
        expect(result.candidates.find((c) => c.accountId === 'A-ACME-EU-DE')?.verdict).toMatch(/lost to its parent account A-ACME/);
    });

    it('keeps a subsidiary whose parent is outside the domain family, even with the parent policy', () => {
        const accounts: MatchAccount[] = [
            { Id: 'P', ABM_WebDomain__c: 'parentco.com' },
            { Id: 'S', ABM_WebDomain__c: 'subsidiary.com', ParentId: 'P' }
        ];
        const result = matchLead(buildAccountIndex(accounts, [], { preferParentAccount: true }), { email: 'a@subsidiary.com' });
        expect(result).toMatchObject({ accountId: 'S', reason: MatchReason.Exact });
    });

    it('does not follow the parent policy to an account in the walk that is not an ancestor', () => {
        const accounts: MatchAccount[] = [
            { Id: 'ROOT', ABM_WebDomain__c: 'acme.com' },
            { Id: 'EU', ABM_WebDomain__c: 'eu.acme.com' }
        ];
        const result = matchLead(buildAccountIndex(accounts, [], { preferParentAccount: true }), { email: 'a@eu.acme.com' });
        expect(result).toMatchObject({ accountId: 'EU', reason: MatchReason.Exact });
    });

    it('stops following ParentId after 4 levels', () => {
        const accounts: MatchAccount[] = [{ Id: 'L0', ABM_WebDomain__c: 'acme.com' }];
        const labels = ['a', 'b', 'c', 'd', 'e'];
        let domain = 'acme.com';
        labels.forEach((label, i) => {
            domain = `${label}.${domain}`;
            accounts.push({ Id: `L${i + 1}`, ABM_WebDomain__c: domain, ParentId: `L${i}` });
        });
        const idx = buildAccountIndex(accounts, [], { preferParentAccount: true });
        expect(matchLead(idx, { email: `x@${domain}` }).accountId).toBe('L1'); // L5 → L4 → L3 → L2 → L1 (4 steps)
        expect(matchLead(idx, { email: 'x@d.c.b.a.acme.com' }).accountId).toBe('L0');
    });

    it('uses custom webmail and hosting lists from the options', () => {
        const idx = buildAccountIndex([{ Id: 'X', ABM_WebDomain__c: 'acme.example-host.com' }], [], {
            hostingDomains: ['example-host.com'],
            webmailDomains: ['acme.com']
        });
        expect(matchLead(idx, { website: 'acme.example-host.com' }).reason).toBe(MatchReason.Hosting);
        expect(matchLead(idx, { email: 'a@acme.com' }).reason).toBe(MatchReason.NoneWebmail);
    });

    it('never creates accounts: the index is untouched by matching', () => {
        const before = index.byDomain.size;
        matchLead(index, { email: 'new@brand-new-company.com' });
        expect(index.byDomain.size).toBe(before);
    });
});

describe('buildAccountIndex', () => {
    it('warns about duplicate, non-normalised domains and orphan aliases', () => {
        const idx = buildAccountIndex(
            [
                { Id: '1', ABM_WebDomain__c: 'acme.com' },
                { Id: '2', ABM_WebDomain__c: 'ACME.com ' },
                { Id: '3', ABM_WebDomain__c: 'www.globex.com' }
            ],
            [{ Domain__c: 'x.io', Account__c: '999' }]
        );
        expect(idx.warnings).toEqual([
            'Accounts 1 and 2 share the web domain acme.com; 1 is used.',
            'Account 3 web domain "www.globex.com" is not normalised (normalises to globex.com).',
            'Alias x.io points to account 999, which is not in the account list.'
        ]);
        expect(matchLead(idx, { email: 'a@acme.com' }).accountId).toBe('1');
    });

    it('counts results by reason', () => {
        const counts = countByReason([matchLead(index, { email: 'a@acme.com' }), matchLead(index, { email: 'a@gmail.com' })]);
        expect(counts['Exact domain']).toBe(1);
        expect(counts['None: webmail']).toBe(1);
        expect(counts.Alias).toBe(0);
    });
});
