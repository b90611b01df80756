/**
 * The identity of an intent signal, shared by the plan (reconcile.ts `planSignals`: which rows are already loaded) and
 * the apply (cli/commands/load-write.ts: which planned signals a resumed run already inserted). Its own module so that
 * `abm load apply` does not load the planning side (reconcile.ts and the web-domain normaliser) to compute it.
 */

/** The identity of a signal: account (15 characters), topic and source (case-insensitive), date. */
export const signalKey = (account: string, topic: string, date: string, source: string) =>
    `${account.slice(0, 15)}|${topic.trim().toLowerCase()}|${date}|${source.trim().toLowerCase()}`;
