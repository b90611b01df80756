/**
 * npm run validate -- [--wsdl PATH [--write-model FILE]] [--model FILE] [--strict] [--quiet] [PATH…]
 *
 * Checks every `*-meta.xml` under PATH (default: the packageDirectories of sfdx-project.json) against the Metadata API WSDL of the project's
 * `sourceApiVersion`: from `--wsdl` (compiled on the fly; pass the WSDL downloaded from your own org) or else the committed
 * model `config/metadata-model-<version>.json`. Prints `file:line: error|warning: message` for every finding, then a summary.
 * Exit 0 when clean (warnings allowed), 1 on any error (`--strict`: on any warning too), 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { compileWsdl, loadModel, ModelIndex, writeModel, type MetadataModel } from './metadata-model.js';
import { formatFinding, validatePaths } from './lib/validate.js';
import { packageDirectories } from './lib/tools-common.js';
import { PROCESS_IO, type CheckIo } from './lib/check-cli.js';

const HELP = `Usage: npm run validate -- [--wsdl PATH] [--write-model FILE] [--model FILE] [--strict] [--quiet] [PATH...]

Checks every *-meta.xml under PATH (default: the packageDirectories of sfdx-project.json) against the Metadata API schema.
  --wsdl PATH          compile this Metadata API WSDL (Setup > API > Generate Metadata WSDL) instead of the committed model
  --write-model FILE   with --wsdl: also save the compiled model (e.g. config/metadata-model-66.0.json)
  --model FILE         use this compiled model instead of config/metadata-model-<sourceApiVersion>.json
  --strict             treat warnings (order, missing required elements) as errors
  --quiet              print errors only (warnings still counted in the summary)`;

/** sourceApiVersion from sfdx-project.json in the current directory (undefined when absent). */
function sourceApiVersion(): string | undefined {
    if (!existsSync('sfdx-project.json')) return undefined;
    const project = JSON.parse(readFileSync('sfdx-project.json', 'utf8')) as { sourceApiVersion?: string };
    return project.sourceApiVersion;
}

/**
 * One run of the CLI on `argv` (the words after the program), relative to the working folder, printing to `io`; returns
 * the exit code. The process runs it only as the entry (below); tests also run it in-process.
 */
export async function validateCli(argv: string[], io: CheckIo = PROCESS_IO): Promise<number> {
    let values;
    let positionals: string[];
    try {
        ({ values, positionals } = parseArgs({
            args: argv,
            allowPositionals: true,
            strict: true,
            options: {
                wsdl: { type: 'string' },
                'write-model': { type: 'string' },
                model: { type: 'string' },
                strict: { type: 'boolean', default: false },
                quiet: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false }
            }
        }));
    } catch (error) {
        io.stderr(`validate: ${(error as Error).message}\n${HELP}\n`);
        return 2;
    }
    if (values.help) {
        io.stdout(`${HELP}\n`);
        return 0;
    }
    if (values['write-model'] !== undefined && values.wsdl === undefined) {
        io.stderr('validate: --write-model needs --wsdl\n');
        return 2;
    }
    const apiVersion = sourceApiVersion();
    const started = performance.now();
    let model: MetadataModel;
    let source: string;
    if (values.wsdl !== undefined) {
        if (!existsSync(values.wsdl)) {
            io.stderr(`validate: --wsdl ${values.wsdl}: no such file\n`);
            return 2;
        }
        model = compileWsdl(readFileSync(values.wsdl, 'utf8'));
        source = `${values.wsdl} (compiled in ${Math.round(performance.now() - started)} ms)`;
        if (values['write-model'] !== undefined) {
            await writeModel(model, values['write-model']);
            io.stderr(`validate: wrote the API ${model.apiVersion} model to ${values['write-model']}\n`);
        }
    } else {
        const candidates =
            values.model !== undefined
                ? [values.model]
                : [
                      join('config', `metadata-model-${apiVersion ?? '66.0'}.json`),
                      join('config', `metadata-model-${apiVersion ?? '66.0'}.json.gz`)
                  ];
        const path = candidates.find((p) => existsSync(p));
        if (path === undefined) {
            io.stderr(
                `validate: no model ${candidates.join(' or ')}. Pass the Metadata API ${apiVersion ?? ''} WSDL with --wsdl ` +
                    `(Setup > API > Generate Metadata WSDL), or add --write-model ${candidates[0]} to save it.\n`
            );
            return 2;
        }
        model = loadModel(path);
        source = path;
    }
    if (apiVersion !== undefined && model.apiVersion !== apiVersion) {
        io.stderr(
            `validate: warning: the schema is Metadata API ${model.apiVersion} but sfdx-project.json has sourceApiVersion ${apiVersion}; ` +
                `a newer schema can accept elements and values an older API rejects.\n`
        );
    }
    const loaded = performance.now();
    const paths = positionals.length > 0 ? positionals : packageDirectories('.').map((d) => relative('.', d) || '.');
    for (const p of paths) {
        if (!existsSync(p)) {
            io.stderr(`validate: ${p}: no such file or folder\n`);
            return 2;
        }
    }
    const result = validatePaths(new ModelIndex(model), paths);
    const checked = performance.now();
    const lines: string[] = [];
    for (const f of result.findings) {
        const severity = values.strict ? 'error' : f.severity;
        if (values.quiet && severity === 'warning') continue;
        lines.push(formatFinding({ ...f, severity }));
    }
    const errors = values.strict ? result.findings.length : result.errors;
    const warnings = values.strict ? 0 : result.warnings;
    lines.push(
        `validate: ${result.files} files checked against Metadata API ${model.apiVersion} (${source}): ` +
            `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} ` +
            `[model ${Math.round(loaded - started)} ms, check ${Math.round(checked - loaded)} ms]`
    );
    io.stdout(`${lines.join('\n')}\n`);
    return errors > 0 ? 1 : 0;
}

if (require.main === module) {
    validateCli(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`validate: ${(error as Error).stack ?? String(error)}\n`);
            process.exitCode = 1;
        }
    );
}
