/**
 * Where the list worker script is in the compiled CLI (ES modules): next to this module. Loaded only there (this
 * module's `import.meta` is not valid CommonJS, which the sources run as under Jest and tsx).
 */
export const LIST_WORKER = new URL('./list-worker.js', import.meta.url);
