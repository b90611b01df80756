/**
 * The test oracle: the same assignment model written densely (every account × every seller, pinned accounts only to
 * their owner) as an LP in CPLEX LP format and solved by HiGHS. The constraint matrix is totally unimodular, so the LP
 * optimum is the integer optimum that the network simplex must reach.
 */
import type { AssignInput } from '../../scripts/core/rebalance/assign';

export function denseLp(input: AssignInput): string {
    const m = input.sellers;
    const n = input.accountClass.length;
    const useBands = Array.from({ length: n }, (_, i) => input.accountBand[i]!).some((b) => b === 1);
    const obj: string[] = [];
    const rows: string[] = [];
    const bounds: string[] = [];
    const perSeller: string[][] = Array.from({ length: m }, () => []);
    const perSellerHigh: string[][] = Array.from({ length: m }, () => []);
    for (let i = 0; i < n; i++) {
        const owner = input.accountOwner[i]!;
        const pinned = input.accountPinned[i]! && owner >= 0;
        const row: string[] = [];
        for (let j = 0; j < m; j++) {
            if (pinned && j !== owner) continue;
            const cost = input.classCost[input.accountClass[i]! * m + j]! + (owner >= 0 && j !== owner ? input.moveCost : 0);
            const x = `x${i}_${j}`;
            obj.push(`+ ${cost} ${x}`);
            row.push(`+ ${x}`);
            bounds.push(` 0 <= ${x} <= 1`);
            perSeller[j]!.push(x);
            if (useBands && input.accountBand[i] === 1) perSellerHigh[j]!.push(x);
        }
        rows.push(` a${i}: ${row.join(' ')} = 1`);
    }
    for (let j = 0; j < m; j++) {
        const min = input.min[j]!;
        const max = input.max[j]!;
        const load = perSeller[j]!.length ? perSeller[j]!.map((x) => `+ ${x}`).join(' ') : '0 z';
        rows.push(` lo${j}: ${load} >= ${min}`);
        rows.push(` hi${j}: ${load} <= ${max}`);
        // Units above the minimum: the u-th costs loadCost·u (z variables fill in order because costs rise).
        const over: string[] = [];
        for (let u = 1; u <= max - min; u++) {
            obj.push(`+ ${input.loadCost * u} o${j}_${u}`);
            bounds.push(` 0 <= o${j}_${u} <= 1`);
            over.push(`- o${j}_${u}`);
        }
        rows.push(` ov${j}: ${load} ${over.join(' ')} <= ${min}`);
        if (useBands) {
            const t = Math.min(input.highTarget[j]!, max);
            const high = perSellerHigh[j]!.length ? perSellerHigh[j]!.map((x) => `+ ${x}`).join(' ') : '0 z';
            const hov: string[] = [];
            for (let u = 1; u <= max - t; u++) {
                obj.push(`+ ${input.potentialCost * u} h${j}_${u}`);
                bounds.push(` 0 <= h${j}_${u} <= 1`);
                hov.push(`- h${j}_${u}`);
            }
            rows.push(` hv${j}: ${high} ${hov.join(' ')} <= ${t}`);
        }
    }
    bounds.push(' z = 0');
    return `Minimize\n obj: ${obj.join(' ') || '0 z'}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}
