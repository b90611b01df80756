/** Build lib/ (tsc -p tsconfig.build.json, incremental) for tests that run the compiled CLI; a no-op when it is fresh. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

export async function buildPlugin(): Promise<void> {
    await promisify(execFile)(
        process.execPath,
        [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
        {
            cwd: ROOT
        }
    );
}
