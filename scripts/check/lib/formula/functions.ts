/**
 * Salesforce formula functions: names, arities, parameter and result types, from Salesforce Help "Formula Operators
 * and Functions by Context" / "Formula Operators and Functions A–Z" (the reference the formula editor's "Check Syntax"
 * applies). Every function of that reference is listed, so a name not here is an unknown function.
 *
 * Parameter types: `N` number (number, currency, percent), `T` text, `B` boolean, `D` date, `DT` date/time, `TM` time,
 * `G` geolocation, `P` picklist, `MP` multi-select picklist, `*` any. `D|DT` means either. A spec ending in `...`
 * repeats its last parameter. Results that depend on the arguments (IF, CASE, BLANKVALUE, …) are computed by the type
 * checker (`result: 'special'`).
 */
export type FType =
    'Number' | 'Text' | 'Boolean' | 'Date' | 'DateTime' | 'Time' | 'Geolocation' | 'Picklist' | 'MultiPicklist' | 'Null' | 'Any';

export interface FunctionSpec {
    name: string;
    min: number;
    max: number;
    /** Accepted types of each parameter (the last repeats when the function is variadic). */
    params: FType[][];
    result: FType | 'special';
    /** Where the function can be used (default: everywhere). */
    only?: Context[];
    /** Where the function cannot be used. */
    not?: Context[];
}

/** Where a formula lives: each has its own function set. */
export type Context = 'formulaField' | 'validationRule' | 'defaultValue' | 'flowFormula' | 'flowEntry' | 'reportFormula';

const T: Record<string, FType> = {
    N: 'Number',
    T: 'Text',
    B: 'Boolean',
    D: 'Date',
    DT: 'DateTime',
    TM: 'Time',
    G: 'Geolocation',
    P: 'Picklist',
    MP: 'MultiPicklist',
    '*': 'Any'
};

const RECORD_CHANGE: Context[] = ['validationRule', 'flowEntry', 'flowFormula'];

/** name: params → result, e.g. `LEFT: T N -> T`; `[x]` marks an optional parameter; `x...` a repeated one. */
const TABLE: [string, string, Partial<Pick<FunctionSpec, 'only' | 'not'>>?][] = [
    // Date and time
    ['ADDMONTHS', 'D|DT N -> special'],
    ['DATE', 'N N N -> D'],
    ['DATEVALUE', 'T|DT -> D'],
    ['DATETIMEVALUE', 'T|D -> DT'],
    ['DAY', 'D -> N'],
    ['DAYOFYEAR', 'D -> N'],
    ['FORMATDURATION', 'N|DT|TM [N|DT|TM|B] [B] -> T'],
    ['FROMUNIXTIME', 'N -> DT'],
    ['HOUR', 'TM -> N'],
    ['ISOWEEK', 'D -> N'],
    ['ISOYEAR', 'D -> N'],
    ['MILLISECOND', 'TM -> N'],
    ['MINUTE', 'TM -> N'],
    ['MONTH', 'D -> N'],
    ['NOW', '-> DT'],
    ['SECOND', 'TM -> N'],
    ['TIMENOW', '-> TM'],
    ['TIMEVALUE', 'T|DT -> TM'],
    ['TODAY', '-> D'],
    ['UNIXTIMESTAMP', 'D|DT|TM -> N'],
    ['WEEKDAY', 'D -> N'],
    ['YEAR', 'D -> N'],
    // Logical
    ['AND', 'B B... -> B'],
    ['BLANKVALUE', '* * -> special'],
    ['CASE', '* *... -> special'],
    ['IF', 'B * * -> special'],
    ['ISBLANK', '* -> B'],
    ['ISCHANGED', '* -> B', { only: RECORD_CHANGE }],
    ['ISCLONE', '-> B', { only: ['validationRule'] }],
    ['ISNEW', '-> B', { only: RECORD_CHANGE }],
    ['ISNULL', '* -> B'],
    ['ISNUMBER', 'T -> B'],
    ['NOT', 'B -> B'],
    ['NULLVALUE', '* * -> special'],
    ['OR', 'B B... -> B'],
    ['PRIORVALUE', '* -> special', { only: RECORD_CHANGE }],
    // Math
    ['ABS', 'N -> N'],
    ['CEILING', 'N -> N'],
    ['DISTANCE', 'G G T -> N'],
    ['EXP', 'N -> N'],
    ['FLOOR', 'N -> N'],
    ['GEOLOCATION', 'N N -> G'],
    ['LN', 'N -> N'],
    ['LOG', 'N -> N'],
    ['MAX', 'N|D|DT N|D|DT... -> special'],
    ['MCEILING', 'N -> N'],
    ['MFLOOR', 'N -> N'],
    ['MIN', 'N|D|DT N|D|DT... -> special'],
    ['MOD', 'N N -> N'],
    ['ROUND', 'N N -> N'],
    ['SQRT', 'N -> N'],
    // Text
    ['ASCII', 'T -> N'],
    ['BEGINS', 'T T -> B'],
    ['BR', '-> T'],
    ['CASESAFEID', 'T -> T'],
    ['CHR', 'N -> T'],
    ['CONTAINS', 'T T -> B'],
    ['FIND', 'T T [N] -> N'],
    ['GETSESSIONID', '-> T'],
    ['HTMLENCODE', 'T -> T'],
    ['HYPERLINK', 'T T [T] -> T'],
    ['IMAGE', 'T T [N] [N] -> T'],
    ['INCLUDES', 'MP T -> B'],
    ['INITCAP', 'T -> T'],
    ['ISPICKVAL', 'P T -> B'],
    ['JSENCODE', 'T -> T'],
    ['JSINHTMLENCODE', 'T -> T'],
    ['LEFT', 'T N -> T'],
    ['LEN', 'T -> N'],
    ['LOWER', 'T [T] -> T'],
    ['LPAD', 'T N [T] -> T'],
    ['MID', 'T N N -> T'],
    ['REGEX', 'T T -> B', { not: ['formulaField'] }],
    ['REVERSE', 'T -> T'],
    ['RIGHT', 'T N -> T'],
    ['RPAD', 'T N [T] -> T'],
    ['SUBSTITUTE', 'T T T -> T'],
    ['TEXT', 'N|D|DT|TM|P|MP|T -> T'],
    ['TRIM', 'T -> T'],
    ['UPPER', 'T [T] -> T'],
    ['URLENCODE', 'T -> T'],
    ['VALUE', 'T -> N'],
    ['VLOOKUP', '* * T -> special', { only: ['validationRule'] }],
    // Advanced
    ['CURRENCYRATE', 'T -> N'],
    ['GETRECORDIDS', 'T -> T'],
    ['IMAGEPROXYURL', 'T -> T'],
    ['INCLUDE', 'T [*] -> T'],
    ['JUNCTIONIDLIST', 'T T... -> T'],
    ['LINKTO', 'T T [T] [T] -> T'],
    ['REQUIRESCRIPT', 'T -> T'],
    ['URLFOR', 'T [T] [*] [B] -> T'],
    // Summary (report formulas)
    ['PARENTGROUPVAL', 'N T [T] -> N', { only: ['reportFormula'] }],
    ['PREVGROUPVAL', 'N T [N] -> N', { only: ['reportFormula'] }]
];

function parse(name: string, spec: string, extra: Partial<Pick<FunctionSpec, 'only' | 'not'>> = {}): FunctionSpec {
    const [left, right] = spec.split('->').map((s) => s.trim()) as [string, string];
    const parts = left === '' ? [] : left.split(/\s+/);
    let min = 0;
    let max = 0;
    const params: FType[][] = [];
    for (const part of parts) {
        const optional = part.startsWith('[');
        const variadic = part.endsWith('...');
        const core = part.replace(/^\[|\]$|\.\.\.$/g, '');
        params.push(core.split('|').map((t) => T[t]!));
        max = variadic ? Infinity : max + 1;
        if (!optional) min++;
    }
    return { name, min, max, params, result: right === 'special' ? 'special' : T[right]!, ...extra };
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
    TABLE.map(([name, spec, extra]) => [name.toLowerCase(), parse(name, spec, extra)])
);

/** Arity as Salesforce words it: "1", "2 or 3", "at least 2". */
export function arityText(f: FunctionSpec): string {
    if (f.max === Infinity) return `at least ${f.min}`;
    if (f.min === f.max) return String(f.min);
    return `${f.min} to ${f.max}`;
}
