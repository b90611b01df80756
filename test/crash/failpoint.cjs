/**
 * A failpoint for the crash-consistency suite, preloaded into a CLI child process with `--require`: it counts the
 * durable commits the process makes under the folders named in ABM_FAILPOINT_DIRS (every atomic file write ends in a
 * `rename` or a `link` into place: scripts/io/atomic.ts) and, at commit number ABM_FAILPOINT_AT, sends itself
 * ABM_FAILPOINT_SIGNAL:
 *   SIGKILL  before that commit (the commit never happens: a crash or power cut between two writes);
 *   SIGINT   just before that commit, which then goes ahead (Ctrl-C arriving mid-write: the command must stop at its next
 *            safe point, say what happened and how to resume).
 * Each commit is logged to ABM_FAILPOINT_LOG (one line: "<n> <op> <path>") so a test can count the commits of a run.
 * The same count in the test's own process: `watchCommits` (test/crash/helpers.ts `commitsInProcess`).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { syncBuiltinESMExports } = require('node:module');

/**
 * From now on, call `onCommit(n, op, target)` before each durable commit (the n-th) under `dirs`; returns the function
 * that stops watching.
 */
function watchCommits(dirs, onCommit) {
    const roots = dirs.filter(Boolean).map((d) => path.resolve(d));
    const watched = (target) => {
        const full = path.resolve(String(target));
        return roots.some((d) => full === d || full.startsWith(d + path.sep));
    };
    let count = 0;
    const reach = (op, target) => {
        if (watched(target)) onCommit(++count, op, path.resolve(String(target)));
    };
    const promises = fs.promises;
    const { rename, link } = promises;
    promises.rename = async function (from, to) {
        reach('rename', to);
        return rename.call(this, from, to);
    };
    promises.link = async function (from, to) {
        reach('link', to);
        return link.call(this, from, to);
    };
    syncBuiltinESMExports();
    return () => {
        promises.rename = rename;
        promises.link = link;
        syncBuiltinESMExports();
    };
}

module.exports = { watchCommits };

if (process.env.ABM_FAILPOINT_DIRS !== undefined) {
    const at = Number(process.env.ABM_FAILPOINT_AT || 0);
    const signal = process.env.ABM_FAILPOINT_SIGNAL || 'SIGKILL';
    const log = process.env.ABM_FAILPOINT_LOG;
    watchCommits(process.env.ABM_FAILPOINT_DIRS.split(path.delimiter), (n, op, target) => {
        if (log) fs.appendFileSync(log, `${n} ${op} ${target}\n`);
        if (n !== at) return;
        process.kill(process.pid, signal);
        if (signal === 'SIGKILL') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    });
}
