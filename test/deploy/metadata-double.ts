/**
 * A Metadata API double for `abm deploy`: the SOAP `deploy` / `checkDeployStatus` calls (as the Metadata API WSDL
 * defines them) plus the REST calls the deploy makes (API versions, Organization, permission sets, users, assignments,
 * and the OAuth identity probes of @salesforce/core). Test code: it answers over real HTTP on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DeployOutcome =
    | { kind: 'success' }
    | { kind: 'componentFailure'; fileName: string; problem: string; lineNumber: number; componentType: string; fullName: string }
    | { kind: 'testFailure'; className: string; methodName: string; message: string };

export type MetadataDouble = {
    url: string;
    requests: { method: string; path: string; soapAction?: string; body: string; at: number }[];
    deploys: { checkOnly: boolean; testLevel: string; runTests: string[]; zipBytes: number }[];
    assignments: { AssigneeId: string; PermissionSetId: string }[];
    /** Start a new scenario on the same server: new org shape and outcome, empty request/deploy/assignment logs. */
    configure(options: DoubleOptions): void;
    stop(): Promise<void>;
};

export type DoubleOptions = {
    org: { IsSandbox: boolean; TrialExpirationDate: string | null };
    outcome: DeployOutcome;
    pollsBeforeDone?: number;
    existingAssignments?: { AssigneeId: string; PermissionSetId: string }[];
    /** The org already has the ABM_Setting__mdt Default record (a re-deploy). */
    settingsInOrg?: boolean;
};

const USERS = [
    { Id: '005000000000001AAA', Username: 'admin@abm.example' },
    { Id: '005000000000002AAA', Username: 'ada@abm.example' }
];
const PERMISSION_SETS = [
    { Id: '0PS000000000001AAA', Name: 'ABM_Admin' },
    { Id: '0PS000000000002AAA', Name: 'ABM_Seller' },
    { Id: '0PS000000000003AAA', Name: 'ABM_Operations' }
];

const envelope = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const tag = (xml: string, name: string): string | undefined => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string): string[] =>
    [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`, 'g'))].map((m) => m[1] ?? '');

export async function startMetadataDouble(initial: DoubleOptions): Promise<MetadataDouble> {
    let options = initial;
    const requests: MetadataDouble['requests'] = [];
    const deploys: MetadataDouble['deploys'] = [];
    const assignments = [...(initial.existingAssignments ?? [])];
    let polls = 0;
    let url = '';

    function json(res: ServerResponse, status: number, body: unknown): void {
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify(body));
    }

    function query(soql: string): unknown[] {
        if (/FROM Organization/i.test(soql)) {
            return [
                {
                    attributes: { type: 'Organization' },
                    Id: '00D000000000001AAA',
                    Name: 'ABM Double',
                    InstanceName: 'CS1',
                    OrganizationType: 'Enterprise Edition',
                    NamespacePrefix: null,
                    ...options.org
                }
            ];
        }
        if (/FROM PermissionSetAssignment/i.test(soql)) {
            const psId = /PermissionSetId = '([^']+)'/.exec(soql)?.[1];
            return assignments
                .filter((a) => a.PermissionSetId === psId)
                .map((a) => ({ attributes: { type: 'PermissionSetAssignment' }, ...a }));
        }
        if (/FROM PermissionSet\b/i.test(soql)) {
            const name = /Name = '([^']+)'/.exec(soql)?.[1];
            return PERMISSION_SETS.filter((p) => p.Name === name).map((p) => ({ attributes: { type: 'PermissionSet' }, ...p }));
        }
        if (/FROM User/i.test(soql)) {
            const names = [...soql.matchAll(/'([^']+)'/g)].map((m) => m[1]);
            return USERS.filter((u) => names.includes(u.Username)).map((u) => ({ attributes: { type: 'User' }, ...u }));
        }
        if (/FROM ABM_Setting__mdt/i.test(soql))
            return options.settingsInOrg ? [{ attributes: { type: 'ABM_Setting__mdt' }, DeveloperName: 'Default' }] : [];
        if (/FROM ScratchOrgInfo/i.test(soql)) return [];
        return [];
    }

    function deployResult(id: string, done: boolean): string {
        const last = deploys[deploys.length - 1]!;
        const o = options.outcome;
        const success = done && o.kind === 'success';
        const status = !done ? 'InProgress' : success ? 'Succeeded' : 'Failed';
        let details = '';
        if (done && o.kind === 'componentFailure') {
            details = `<details><componentFailures><changed>false</changed><componentType>${o.componentType}</componentType><created>false</created><deleted>false</deleted><fileName>${o.fileName}</fileName><fullName>${o.fullName}</fullName><lineNumber>${o.lineNumber}</lineNumber><columnNumber>1</columnNumber><problem>${o.problem}</problem><problemType>Error</problemType><success>false</success></componentFailures><runTestResult><numFailures>0</numFailures><numTestsRun>0</numTestsRun><totalTime>0</totalTime></runTestResult></details>`;
        } else if (done && o.kind === 'testFailure') {
            details = `<details><runTestResult><failures><id>01p000000000001AAA</id><message>${o.message}</message><methodName>${o.methodName}</methodName><name>${o.className}</name><stackTrace>Class.${o.className}.${o.methodName}: line 7, column 1</stackTrace><time>12</time></failures><numFailures>1</numFailures><numTestsRun>3</numTestsRun><totalTime>40</totalTime></runTestResult></details>`;
        } else if (done) {
            details =
                '<details><runTestResult><numFailures>0</numFailures><numTestsRun>0</numTestsRun><totalTime>0</totalTime></runTestResult></details>';
        }
        return envelope(
            `<checkDeployStatusResponse><result><checkOnly>${last.checkOnly}</checkOnly><completedDate>2026-11-23T12:00:00.000Z</completedDate><createdBy>005000000000001</createdBy><createdByName>Admin</createdByName><createdDate>2026-11-23T11:59:00.000Z</createdDate>${details}<done>${done}</done><id>${id}</id><ignoreWarnings>false</ignoreWarnings><lastModifiedDate>2026-11-23T12:00:00.000Z</lastModifiedDate><numberComponentErrors>${done && o.kind === 'componentFailure' ? 1 : 0}</numberComponentErrors><numberComponentsDeployed>${done ? 10 : 3}</numberComponentsDeployed><numberComponentsTotal>10</numberComponentsTotal><numberTestErrors>${done && o.kind === 'testFailure' ? 1 : 0}</numberTestErrors><numberTestsCompleted>0</numberTestsCompleted><numberTestsTotal>0</numberTestsTotal><rollbackOnError>true</rollbackOnError><runTestsEnabled>false</runTestsEnabled><status>${status}</status><success>${success}</success></result></checkDeployStatusResponse>`
        );
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const path = (req.url ?? '').split('?')[0] ?? '';
        const soapAction = req.headers.soapaction as string | undefined;
        requests.push({ method: req.method ?? '', path, soapAction, body: body.slice(0, 2000), at: Date.now() });

        if (path.startsWith('/services/Soap/m/')) {
            res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
            if (/<(\w+:)?deploy>/.test(body)) {
                const zip = tag(body, 'ZipFile') ?? '';
                deploys.push({
                    checkOnly: tag(body, 'checkOnly') === 'true',
                    testLevel: tag(body, 'testLevel') ?? '',
                    runTests: tags(body, 'runTests'),
                    zipBytes: Buffer.from(zip, 'base64').length
                });
                res.end(
                    envelope(
                        `<deployResponse><result><done>false</done><id>0Af000000000001AAA</id><state>Queued</state></result></deployResponse>`
                    )
                );
                return;
            }
            if (/checkDeployStatus/.test(body)) {
                polls += 1;
                res.end(deployResult(tag(body, 'asyncProcessId') ?? '0Af000000000001AAA', polls > (options.pollsBeforeDone ?? 1)));
                return;
            }
            res.end(
                envelope(
                    '<soapenv:Fault><faultcode>sf:UNKNOWN_EXCEPTION</faultcode><faultstring>not in the double</faultstring></soapenv:Fault>'
                )
            );
            return;
        }
        if (path === '/services/oauth2/userinfo') {
            json(res, 200, {
                user_id: USERS[0]!.Id,
                organization_id: '00D000000000001AAA',
                preferred_username: USERS[0]!.Username,
                email: USERS[0]!.Username
            });
            return;
        }
        if (path === '/services/data' || path === '/services/data/') {
            json(res, 200, [{ label: "Spring '26", url: '/services/data/v66.0', version: '66.0' }]);
            return;
        }
        const q = /^\/services\/data\/v[\d.]+\/query\/?$/.test(path) ? new URL(req.url ?? '', url).searchParams.get('q') : null;
        if (q !== null) {
            const records = query(q);
            json(res, 200, { totalSize: records.length, done: true, records });
            return;
        }
        const user = /^\/services\/data\/v[\d.]+\/sobjects\/User\/(\w+)/.exec(path);
        if (user) {
            json(res, 200, {
                attributes: { type: 'User' },
                Id: user[1],
                Username: USERS.find((u) => u.Id === user[1])?.Username ?? USERS[0]!.Username
            });
            return;
        }
        if (/\/composite\/sobjects$/.test(path) && req.method === 'POST') {
            const payload = JSON.parse(body) as { records: { AssigneeId: string; PermissionSetId: string }[] };
            json(
                res,
                200,
                payload.records.map((r, i) => {
                    assignments.push({ AssigneeId: r.AssigneeId, PermissionSetId: r.PermissionSetId });
                    return { id: `0Pa00000000000${i}AAA`, success: true, errors: [] };
                })
            );
            return;
        }
        json(res, 404, [{ errorCode: 'NOT_FOUND', message: `The requested resource does not exist: ${req.method} ${path}` }]);
    }

    const server: Server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => json(res, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        requests,
        deploys,
        assignments,
        configure(next) {
            options = next;
            polls = 0;
            requests.length = 0;
            deploys.length = 0;
            assignments.splice(0, assignments.length, ...(next.existingAssignments ?? []));
        },
        stop: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            })
    };
}
