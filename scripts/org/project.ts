/**
 * The SFDX project on disk: the package directories sfdx-project.json lists (in its order: the settings package first,
 * then the app), which `abm deploy`, `abm setup` and the offline checks read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package directories of `projectDir`/sfdx-project.json that exist (absolute paths), else `force-app`. */
export function packageDirectories(projectDir: string): string[] {
    const file = join(projectDir, 'sfdx-project.json');
    if (!existsSync(file)) return [join(projectDir, 'force-app')];
    const project = JSON.parse(readFileSync(file, 'utf8')) as { packageDirectories?: { path: string }[] };
    const dirs = (project.packageDirectories ?? []).map((d) => join(projectDir, d.path)).filter((p) => existsSync(p));
    return dirs.length > 0 ? dirs : [join(projectDir, 'force-app')];
}
