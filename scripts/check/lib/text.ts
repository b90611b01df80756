/** Small text helpers shared by the checkers: edit distance and "did you mean" hints. */

export function levenshtein(a: string, b: string): number {
    if (a === b) return 0;
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length]!;
}

/** The closest candidate (case-insensitive match first), or undefined when nothing is close enough. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
    const lower = word.toLowerCase();
    let best: string | undefined;
    let bestScore = Infinity;
    for (const c of candidates) {
        if (c === word) continue;
        const cl = c.toLowerCase();
        const score = cl === lower ? 0 : levenshtein(lower, cl) + 0.5;
        if (score < bestScore) {
            bestScore = score;
            best = c;
        }
    }
    if (best === undefined) return undefined;
    const limit = Math.max(2, Math.floor(word.length / 3)) + 0.5;
    return bestScore <= limit ? best : undefined;
}

/** " (did you mean 'x'?)" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
    const c = closest(word, candidates);
    return c === undefined ? '' : ` (did you mean '${c}'?)`;
}
