/**
 * A list longer than a call's argument limit (about 120,000 on Node's default stack): reading it must not spread its
 * rows or issues into one call (`rows.push(...list)` overflowed the stack at 150,000 rows).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSources } from '../../scripts/cli/commands/load';
import { rowAt } from '../../scripts/core/lists';
import { Ux } from '../../scripts/cli/shared';

const ROWS = 300_000;

it(`reads a list of ${ROWS.toLocaleString('en-US')} rows, half of them rejected, keeping every row and every issue`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abm-large-list-'));
    try {
        const file = join(dir, 'big.csv');
        const lines = ['Website,Tier'];
        for (let i = 0; i < ROWS; i++) lines.push(`c${i}.io,${i % 2 ? 'Gold' : '1'}`);
        writeFileSync(file, `${lines.join('\n')}\n`);
        const loaded = await readSources(new Map([['big', file]]), new Map(), new Ux(true));
        expect(loaded.rows).toHaveLength(ROWS / 2);
        expect(loaded.issues).toHaveLength(ROWS / 2);
        expect(rowAt(loaded.rows, ROWS / 2 - 1)).toEqual({
            source: 'big',
            file,
            line: ROWS,
            values: { website: `c${ROWS - 2}.io`, tier: '1' }
        });
        expect(loaded.issues[0]).toMatchObject({ line: 3, column: 'Tier', value: 'Gold', action: 'row rejected' });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
});
