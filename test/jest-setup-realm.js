// Jest runs each test file in a fresh vm context. Node defines Symbol.dispose / Symbol.asyncDispose in its own
// realm only, so inside the sandbox they are missing, and undici (under jsforce and @salesforce/core) fails with
// "removeAbortListener is not a function". Borrow Node's symbols from an object Node itself made.
const { addAbortListener } = require('node:events');

if (typeof Symbol.dispose !== 'symbol') {
    const disposable = addAbortListener(new AbortController().signal, () => undefined);
    const [dispose] = Object.getOwnPropertySymbols(disposable);
    if (dispose) Object.defineProperty(Symbol, 'dispose', { value: dispose });
}
if (typeof Symbol.asyncDispose !== 'symbol') {
    const asyncDispose = Object.getOwnPropertySymbols(require('node:timers/promises')).find((s) => s.description === 'Symbol.asyncDispose');
    if (asyncDispose) Object.defineProperty(Symbol, 'asyncDispose', { value: asyncDispose });
}
