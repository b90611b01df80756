/**
 * Shared helpers for the tool-based checks (`scripts/check/*.ts` run by `npm test`): project file listing, the
 * `file:line: message` finding format, locating the project's node_modules, and the SKIPPED convention.
 *
 * A check prints one finding per line, then a summary line, and sets process.exitCode: 0 clean, 1 findings, 2 usage.
 * A check that cannot run here (no Java, no python3) prints a line starting with `SKIPPED:` and exits 0; the
 * `npm test` runner counts it as skipped, not passed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

export type Finding = { file: string; line: number; column?: number; message: string };

/** The marker a check prints (at the start of a line) when it could not run here. */
export const SKIPPED_MARKER = 'SKIPPED:';

/** Directories never scanned for project files. */
const PRUNE = new Set(['node_modules', '.git', '.sf', '.sfdx', '.localdevserver', 'coverage', 'out']);

/** Every file under `root` (recursively, sorted) whose name passes `accept`. A missing root gives []. */
export function listFiles(root: string, accept: (name: string) => boolean): string[] {
    const found: string[] = [];
    const walk = (dir: string): void => {
        let names: string[];
        try {
            names = readdirSync(dir).sort();
        } catch {
            return;
        }
        for (const name of names) {
            const full = join(dir, name);
            let isDir: boolean;
            try {
                isDir = statSync(full).isDirectory();
            } catch {
                continue;
            }
            if (isDir) {
                if (!PRUNE.has(name)) walk(full);
            } else if (accept(name)) {
                found.push(full);
            }
        }
    };
    if (existsSync(root) && statSync(root).isFile()) return accept(root.split(sep).pop() ?? root) ? [root] : [];
    walk(root);
    return found;
}

export { packageDirectories } from '../../org/project.js';

/** `path` relative to `base` with forward slashes (the form findings are printed in). */
export function rel(base: string, path: string): string {
    const r = relative(base, path);
    return (r === '' ? path : r).split(sep).join('/');
}

export function formatFinding(f: Finding): string {
    return `${f.file}:${f.line}${f.column === undefined ? '' : `:${f.column}`}: ${f.message}`;
}

/** 1-based line number of character offset `index` in `text`. */
export function lineAt(text: string, index: number): number {
    let line = 1;
    for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
}

/** 1-based line of the first occurrence of `needle` in `text` (optionally after offset `from`), or undefined. */
export function lineOf(text: string, needle: string, from = 0): number | undefined {
    const at = text.indexOf(needle, from);
    return at < 0 ? undefined : lineAt(text, at);
}

/**
 * The folder holding the project's node_modules with the check tools: walks up from this file (tsx and ts-jest run it
 * as CommonJS, so __dirname is defined) and then from the working directory.
 */
export function toolRoot(): string {
    const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()].filter((s): s is string => s !== undefined);
    for (const start of starts) {
        let dir = start;
        for (;;) {
            if (existsSync(join(dir, 'node_modules', '@apexdevtools', 'apex-parser'))) return dir;
            const up = dirname(dir);
            if (up === dir) break;
            dir = up;
        }
    }
    return process.cwd();
}

/**
 * Node's own require, anchored at the tool root. Used for the CommonJS tool packages whose module objects must be the
 * real, shared instances (e.g. to patch a missing export at run time): Jest's module registry would hand out copies.
 */
export function toolRequire(): NodeJS.Require {
    return createRequire(join(toolRoot(), 'package.json'));
}

/** The command's path when it is on PATH and runs (`cmd -version`-style probe), else undefined. */
export function probeCommand(cmd: string, args: string[]): { ok: boolean; output: string } {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
    if (r.error !== undefined) return { ok: false, output: r.error.message };
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

/** Java's major version (17, 21…) or undefined when `java` is missing or does not run. */
export function javaMajorVersion(): number | undefined {
    const probe = probeCommand('java', ['-version']);
    if (!probe.ok) return undefined;
    const m = /version "(\d+)(?:\.(\d+))?/.exec(probe.output);
    if (m === null) return undefined;
    const major = Number(m[1]);
    return major === 1 ? Number(m[2]) : major;
}

/**
 * JVM options for the checks' Java tools (ApexLink, PMD, CPD): each JVM runs once over a few hundred files for seconds,
 * where the optimising C2 compiler costs more CPU than it ever wins back and the parallel/G1 collectors start threads
 * per core. C1 only and the serial collector give the same results for about half the CPU (ApexLink 18 → 8 CPU-s,
 * Code Analyzer 28 → 16 CPU-s on the project; docs/benchmarks.md). Flags only: nothing they read or report changes.
 */
export const SHORT_RUN_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * JAVA_TOOL_OPTIONS for a tool that spawns `java` itself (Code Analyzer's PMD engine): SHORT_RUN_JVM_OPTIONS, then
 * whatever the user set (a later flag wins, so theirs still apply).
 */
export function shortRunJavaToolOptions(existing: string | undefined): string {
    return [...SHORT_RUN_JVM_OPTIONS, ...(existing === undefined || existing.trim() === '' ? [] : [existing.trim()])].join(' ');
}

/** Print the findings, then the summary; return the exit code (1 when there are findings). */
export function report(tool: string, findings: Finding[], summary: string): number {
    for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
    process.stdout.write(`${tool}: ${summary}\n`);
    return findings.length > 0 ? 1 : 0;
}

/** Seconds since `start` (from performance.now()), one decimal. */
export function secondsSince(start: number): string {
    return ((performance.now() - start) / 1000).toFixed(1);
}
