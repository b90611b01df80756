/**
 * A failpoint for the crash-consistency suite, preloaded into a CLI child process with `--require`: it counts the
 * durable commits the process makes under the folders named in ABM_FAILPOINT_DIRS (every atomic file write ends in a
 * `rename` or a `link` into place: scripts/io/atomic.ts) and, at commit number ABM_FAILPOINT_AT, sends itself
 * ABM_FAILPOINT_SIGNAL:
 *   SIGKILL  before that commit (the commit never happens: a crash or power cut between two writes);
 *   SIGINT   just before that commit, which then goes ahead (Ctrl-C arriving mid-write: the command must stop at its next
 *            safe point, say what happened and how to resume).
 * Each commit is logged to ABM_FAILPOINT_LOG (one line: "<n> <op> <path>") so a test can count the commits of a run.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { syncBuiltinESMExports } = require('node:module');

const at = Number(process.env.ABM_FAILPOINT_AT || 0);
const signal = process.env.ABM_FAILPOINT_SIGNAL || 'SIGKILL';
const dirs = (process.env.ABM_FAILPOINT_DIRS || '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => path.resolve(d));
const log = process.env.ABM_FAILPOINT_LOG;
let count = 0;

const watched = (target) => {
    const full = path.resolve(String(target));
    return dirs.some((d) => full === d || full.startsWith(d + path.sep));
};

/** Called before a commit: true when the commit may go ahead. */
function reach(op, target) {
    if (!watched(target)) return;
    count += 1;
    if (log) fs.appendFileSync(log, `${count} ${op} ${path.resolve(String(target))}\n`);
    if (count !== at) return;
    process.kill(process.pid, signal);
    if (signal === 'SIGKILL') for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

const promises = fs.promises;
const rename = promises.rename;
const link = promises.link;
promises.rename = async function (from, to) {
    reach('rename', to);
    return rename.call(this, from, to);
};
promises.link = async function (from, to) {
    reach('link', to);
    return link.call(this, from, to);
};
syncBuiltinESMExports();
