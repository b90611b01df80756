#!/usr/bin/env node
// The npm registry mirror here lacks rollup's native packages for other platforms, so `npm install` leaves them out of
// package-lock.json, and `npm ci` then refuses the lock as "not in sync". This adds the missing entries (version and
// the os/cpu/libc npm uses to skip them on other platforms; no integrity, which npm fills in wherever it downloads one).
// Run it after any `npm install` that rewrites the lock: `node scripts/dev/lockfile-platforms.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const platform = (suffix) => {
    const [os, cpu, abi] = suffix.split('-');
    const entry = { os: [os], cpu: [cpu === 'ia32' ? 'ia32' : cpu] };
    if (os === 'linux') entry.libc = [abi?.includes('musl') ? 'musl' : 'glibc'];
    return entry;
};
let added = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
    if (!path.endsWith('node_modules/rollup') || !pkg.optionalDependencies) continue;
    for (const [name, version] of Object.entries(pkg.optionalDependencies)) {
        const key = `${path.slice(0, -'rollup'.length)}${name}`;
        if (lock.packages[key]) continue;
        const { os, cpu, libc } = platform(name.replace('@rollup/rollup-', ''));
        lock.packages[key] = {
            version,
            cpu,
            dev: pkg.dev,
            ...(libc ? { libc } : {}),
            license: 'MIT',
            optional: true,
            os,
            ...(pkg.peer ? { peer: true } : {})
        };
        added += 1;
    }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(LOCK, `${JSON.stringify(lock, null, 4)}\n`);
console.log(`lockfile-platforms: added ${added} platform entries`);
