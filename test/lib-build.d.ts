/** Types of test/lib-build.js (CommonJS, also loaded by test/global-setup.js). */
export function libIsStale(): boolean;
export function ensureLibBuilt(): boolean;
