/**
 * Salesforce formula syntax: a lexer and a recursive-descent parser that follow salesforce/formula-engine's
 * `impl/src/main/antlr/FormulaGrammar.g` (FormulaLexer + FormulaParser, rule for rule):
 *
 * - tokens: `( ) , = == ! <> != / + - * >= > <= < & ^ || &&` (each multi-character operator is ONE token, so `< =` is
 *   two tokens and a syntax error), whitespace and `/* … *\/` comments skipped, string literals in `"…"` or `'…'` with the
 *   escapes `\n \r \t \" \' \\` and no raw line break, numbers `digits(.digits)?`, identifiers
 *   `[a-z$][a-z_0-9$:.#]*` (case-insensitive; dots and colons belong to the identifier: `Owner.Name`, `AMOUNT:SUM`),
 *   keywords `true false null not`.
 * - precedence, lowest first: `||` · `&&` · `= == != <>` · `< <= > >=` · `+ - &` · `^` · `* /` · unary `- + ! NOT` ·
 *   primary. (The grammar puts `^` *below* `*` and `/`: `2*3^2` is `(2*3)^2`. Kept as the grammar has it.)
 * - `{!name}` merge references (flow formulas): the grammar's template mode (`BEGIN_EMBEDDED_FORMULA` … `}`) reduced
 *   to what flow formula resources use: one reference inside the braces.
 *
 * Errors carry the offset of the offending token; the caller maps offsets to file lines.
 */

export type TokenKind = 'num' | 'str' | 'ident' | 'merge' | 'op' | 'eof';

export interface Token {
    kind: TokenKind;
    /** Source text (for `str`, with quotes; for `merge`, the whole `{!…}`). */
    text: string;
    /** Decoded value (`str`: the string; `merge`: the reference inside the braces; `ident`/`op`: the text). */
    value: string;
    start: number;
    end: number;
}

export type Node =
    | { kind: 'number'; value: number; start: number; end: number }
    | { kind: 'string'; value: string; start: number; end: number }
    | { kind: 'boolean'; value: boolean; start: number; end: number }
    | { kind: 'null'; start: number; end: number }
    /** A field or global reference (`Owner.Name`, `$User.Id`) or a flow merge reference (`{!$Record.X}`: merge true). */
    | { kind: 'ref'; name: string; merge: boolean; start: number; end: number }
    | { kind: 'call'; name: string; args: Node[]; start: number; end: number; nameEnd: number }
    | { kind: 'unary'; op: string; arg: Node; start: number; end: number }
    | { kind: 'binary'; op: string; left: Node; right: Node; start: number; end: number; opStart: number };

export class FormulaSyntaxError extends Error {
    constructor(
        message: string,
        readonly start: number,
        readonly token: string
    ) {
        super(message);
        this.name = 'FormulaSyntaxError';
    }
}

/** Two-character operators; the grammar's lexer takes the longest match. */
const OPS2 = ['==', '<>', '!=', '>=', '<=', '||', '&&', '=>'];
const OPS1 = '()=!~/+-*><;.&^[],:';

/** Pairs of one-character operators that form a two-character one when nothing separates them. */
const SPLIT_PAIRS: Record<string, string[]> = { '<': ['=', '>'], '>': ['='], '!': ['='], '=': ['='], '&': ['&'], '|': ['|'] };

const isIdentStart = (c: string): boolean => /[a-z$]/i.test(c);
const isIdentPart = (c: string): boolean => /[a-z_0-9$:.#]/i.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\f' || c === '\r' || c === '\n';

/** Tokenise a formula. `merge` allows `{!ref}` merge references (flow formulas). */
export function tokenize(src: string, merge: boolean): Token[] {
    const out: Token[] = [];
    let i = 0;
    const n = src.length;
    while (i < n) {
        const c = src[i]!;
        if (isSpace(c)) {
            i++;
            continue;
        }
        if (c === '/' && src[i + 1] === '*') {
            const close = src.indexOf('*/', i + 2);
            if (close === -1) throw new FormulaSyntaxError('comment not closed (no "*/")', i, '/*');
            i = close + 2;
            continue;
        }
        const start = i;
        if (c === '"' || c === "'") {
            let value = '';
            i++;
            for (;;) {
                if (i >= n)
                    throw new FormulaSyntaxError(`string literal not closed (no closing ${c})`, start, src.slice(start, start + 20));
                const d = src[i]!;
                if (d === '\n' || d === '\r') {
                    throw new FormulaSyntaxError(
                        'string literal broken across lines: a string may not contain a raw line break (write the text on one line; "\\n" for a newline)',
                        start,
                        src.slice(start, i)
                    );
                }
                if (d === c) break;
                if (d === '\\') {
                    const e = src[i + 1] ?? '';
                    const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\' };
                    if (esc[e.toLowerCase()] === undefined)
                        throw new FormulaSyntaxError(
                            `invalid escape "\\${e}" in a string literal (allowed: \\n \\r \\t \\" \\' \\\\)`,
                            i,
                            `\\${e}`
                        );
                    value += esc[e.toLowerCase()]!;
                    i += 2;
                    continue;
                }
                value += d;
                i++;
            }
            i++;
            out.push({ kind: 'str', text: src.slice(start, i), value, start, end: i });
            continue;
        }
        if (isDigit(c)) {
            while (i < n && isDigit(src[i]!)) i++;
            if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
                i++;
                while (i < n && isDigit(src[i]!)) i++;
            }
            out.push({ kind: 'num', text: src.slice(start, i), value: src.slice(start, i), start, end: i });
            continue;
        }
        if (isIdentStart(c)) {
            while (i < n && isIdentPart(src[i]!)) i++;
            const text = src.slice(start, i);
            out.push({ kind: 'ident', text, value: text, start, end: i });
            continue;
        }
        if (c === '{' && src[i + 1] === '!') {
            if (!merge) throw new FormulaSyntaxError('merge field syntax {!…} is not allowed here (write the field name)', i, '{!');
            const close = src.indexOf('}', i);
            const inner = close === -1 ? '' : src.slice(i + 2, close);
            if (close === -1 || !/^\s*[A-Za-z$][\w$:.#]*\s*$/.test(inner))
                throw new FormulaSyntaxError(
                    'malformed merge reference (expected {!name} or {!name.Field})',
                    i,
                    src.slice(i, close === -1 ? i + 20 : close + 1)
                );
            i = close + 1;
            out.push({ kind: 'merge', text: src.slice(start, i), value: inner.trim(), start, end: i });
            continue;
        }
        const two = src.slice(i, i + 2);
        if (OPS2.includes(two)) {
            out.push({ kind: 'op', text: two, value: two, start, end: i + 2 });
            i += 2;
            continue;
        }
        // A two-character operator written with whitespace inside (`< =`, `& &`): always a syntax error in this grammar.
        const seconds = SPLIT_PAIRS[c];
        if (seconds !== undefined) {
            let j = i + 1;
            while (j < n && isSpace(src[j]!)) j++;
            if (j > i + 1 && seconds.includes(src[j] ?? '')) {
                const op = `${c}${src[j]!}`;
                throw new FormulaSyntaxError(
                    `split operator '${src.slice(i, j + 1).replace(/\s+/g, ' ')}': ${op} is one token, whitespace inside it is a syntax error (write ${op})`,
                    i,
                    src.slice(i, j + 1)
                );
            }
        }
        if (OPS1.includes(c)) {
            out.push({ kind: 'op', text: c, value: c, start, end: i + 1 });
            i++;
            continue;
        }
        throw new FormulaSyntaxError(`unexpected character '${c}'`, i, c);
    }
    out.push({ kind: 'eof', text: '', value: '', start: n, end: n });
    return out;
}

/** Parse a formula (the grammar's `formula` rule: one expression, then end of input). */
export function parseFormula(src: string, options: { merge?: boolean } = {}): Node {
    const p = new Parser(tokenize(src, options.merge === true));
    if (p.peek().kind === 'eof') throw new FormulaSyntaxError('empty formula', 0, '');
    const node = p.expression();
    const t = p.peek();
    if (t.kind !== 'eof') throw p.unexpected(t, 'an operator or the end of the formula');
    return node;
}

class Parser {
    private pos = 0;

    constructor(private readonly tokens: Token[]) {}

    peek(offset = 0): Token {
        return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
    }

    private next(): Token {
        const t = this.peek();
        if (this.pos < this.tokens.length - 1) this.pos++;
        return t;
    }

    private isOp(...ops: string[]): boolean {
        const t = this.peek();
        return t.kind === 'op' && ops.includes(t.value);
    }

    unexpected(t: Token, expected: string): FormulaSyntaxError {
        const what = t.kind === 'eof' ? 'end of formula' : `'${t.text}'`;
        return new FormulaSyntaxError(`syntax error: unexpected ${what}, expected ${expected}`, t.start, t.text);
    }

    private expect(op: string): Token {
        if (!this.isOp(op)) throw this.unexpected(this.peek(), `'${op}'`);
        return this.next();
    }

    expression(): Node {
        return this.binaryLevel(0);
    }

    /** Binary levels, lowest precedence first (logicalOr … exponentExpression in the grammar). */
    private static readonly LEVELS: string[][] = [
        ['||'],
        ['&&'],
        ['=', '==', '!=', '<>'],
        ['<', '<=', '>', '>='],
        ['+', '-', '&'],
        ['^'],
        ['*', '/']
    ];

    private binaryLevel(level: number): Node {
        if (level >= Parser.LEVELS.length) return this.unary();
        let left = this.binaryLevel(level + 1);
        const ops = Parser.LEVELS[level]!;
        while (this.isOp(...ops)) {
            const opTok = this.next();
            const right = this.binaryLevel(level + 1);
            left = { kind: 'binary', op: opTok.value, left, right, start: left.start, end: right.end, opStart: opTok.start };
        }
        return left;
    }

    private unary(): Node {
        const t = this.peek();
        if (t.kind === 'op' && (t.value === '-' || t.value === '+' || t.value === '!')) {
            this.next();
            const arg = this.unary();
            return { kind: 'unary', op: t.value === '!' ? 'NOT' : t.value, arg, start: t.start, end: arg.end };
        }
        // `NOT` is a keyword of the grammar (unary operator); `NOT(x)` is `NOT` applied to `(x)`.
        if (t.kind === 'ident' && t.value.toLowerCase() === 'not') {
            this.next();
            const arg = this.unary();
            return { kind: 'unary', op: 'NOT', arg, start: t.start, end: arg.end };
        }
        return this.primary();
    }

    private primary(): Node {
        const t = this.peek();
        switch (t.kind) {
            case 'num':
                this.next();
                return { kind: 'number', value: Number(t.value), start: t.start, end: t.end };
            case 'str':
                this.next();
                return { kind: 'string', value: t.value, start: t.start, end: t.end };
            case 'merge':
                this.next();
                return { kind: 'ref', name: t.value, merge: true, start: t.start, end: t.end };
            case 'ident': {
                this.next();
                const lower = t.value.toLowerCase();
                if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', start: t.start, end: t.end };
                if (lower === 'null') return { kind: 'null', start: t.start, end: t.end };
                if (this.isOp('(')) {
                    this.next();
                    const args: Node[] = [];
                    if (!this.isOp(')')) {
                        args.push(this.expression());
                        while (this.isOp(',')) {
                            this.next();
                            args.push(this.expression());
                        }
                    }
                    const close = this.expect(')');
                    return { kind: 'call', name: t.value, args, start: t.start, end: close.end, nameEnd: t.end };
                }
                if (/[.:]$/.test(t.value) || /\.\./.test(t.value))
                    throw new FormulaSyntaxError(`malformed reference '${t.value}'`, t.start, t.value);
                return { kind: 'ref', name: t.value, merge: false, start: t.start, end: t.end };
            }
            case 'op':
                if (t.value === '(') {
                    this.next();
                    const inner = this.expression();
                    this.expect(')');
                    return inner;
                }
                throw this.unexpected(t, 'a value, a field, a function or (');
            default:
                throw this.unexpected(t, 'a value, a field, a function or (');
        }
    }
}
