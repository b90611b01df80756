import vm from 'node:vm';
import fs from 'node:fs';
it('realm', () => {
    const outer = vm.runInThisContext('globalThis') as typeof globalThis;
    let e: unknown;
    try { fs.readFileSync('/nonexistent'); } catch (x) { e = x; }
    process.stderr.write(`outer===sandbox ${outer.Error === Error} fsErr instanceof Error ${e instanceof Error} outerErr ${e instanceof outer.Error}\n`);
});
