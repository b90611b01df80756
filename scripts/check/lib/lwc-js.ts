/**
 * What the platform rules need to know about one Lightning web component's JavaScript, read with the TypeScript parser
 * (decorators included, so `@wire` is seen as the platform sees it, not guessed by a pattern): its Apex imports, its
 * wires, every use of an Apex import other than as a wire adapter (an imperative call), the bundles it imports, and
 * whether it refreshes its wired Apex when the page or the record changes: a RefreshView provider
 * (`registerRefreshHandler`) or a `getRecord` wire handler that reaches `refreshApex` / `notifyRecordUpdateAvailable`,
 * directly or through the component's own methods. A `refreshApex` after the component's own save does not count: it
 * cannot see a contact saved in a standard form or a related list.
 */
import ts from 'typescript';
import { kept } from './kept.js';

export interface WireUse {
    /** The adapter's local name (an Apex import, getRecord, …). */
    adapter: string;
    /** The config object has a reactive ('$…') parameter. */
    reactive: boolean;
    line: number;
}

export interface LwcJs {
    /** Local name → `Class.method` of each `@salesforce/apex/Class.method` import. */
    apexImports: Map<string, string>;
    wires: WireUse[];
    /** Uses of an Apex import that are not the adapter of a `@wire` (calls, `.then`, aliases). */
    imperative: { local: string; line: number }[];
    /** Bundle names imported as `c/name` (modals, utils). */
    imports: string[];
    /** A RefreshView provider reaches refreshApex / notifyRecordUpdateAvailable. */
    refreshesOnPageRefresh: boolean;
    /** A getRecord wire handler reaches refreshApex / notifyRecordUpdateAvailable. */
    refreshesOnRecordChange: boolean;
    /** `registerRefreshHandler(…, this.method)` with a class method passed unbound. */
    unboundRefreshHandlers: { method: string; line: number }[];
}

/** Named imports of a module: imported name → local name. */
function namedImports(sf: ts.SourceFile, module: string): Map<string, string> {
    const names = new Map<string, string>();
    for (const s of sf.statements) {
        if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== module) continue;
        const bindings = s.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings))
            for (const e of bindings.elements) names.set((e.propertyName ?? e.name).text, e.name.text);
    }
    return names;
}

const lineOf = (sf: ts.SourceFile, node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

/** The `wire(adapter, config)` call of a member's `@wire` decorator. */
function wireCall(member: ts.Node): ts.CallExpression | undefined {
    for (const d of (ts.canHaveDecorators(member) ? ts.getDecorators(member) : undefined) ?? []) {
        const e = d.expression;
        if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'wire') return e;
    }
    return undefined;
}

/** Results by file and text, for the process (never modified by their readers; see parseXml in xml.ts). */
const read = new Map<string, LwcJs>();

export function readLwcJs(file: string, text: string): LwcJs {
    return kept(read, `${file}\0${text}`, () => readLwcJsText(file, text));
}

function readLwcJsText(file: string, text: string): LwcJs {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const apexImports = new Map<string, string>();
    const imports: string[] = [];
    for (const s of sf.statements) {
        if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier)) continue;
        const from = s.moduleSpecifier.text;
        const apex = /^@salesforce\/apex\/(\w+)\.(\w+)$/.exec(from);
        if (apex && s.importClause?.name) apexImports.set(s.importClause.name.text, `${apex[1]!}.${apex[2]!}`);
        const bundle = /^c\/(\w+)$/.exec(from);
        if (bundle) imports.push(bundle[1]!);
    }
    const refreshers = new Set(
        [namedImports(sf, '@salesforce/apex').get('refreshApex'), namedImports(sf, 'lightning/uiRecordApi').get('notifyRecordUpdateAvailable')].filter(
            (n): n is string => n !== undefined
        )
    );
    const recordApi = namedImports(sf, 'lightning/uiRecordApi');
    const recordAdapters = new Set([recordApi.get('getRecord'), recordApi.get('getRecords')].filter((n): n is string => n !== undefined));
    const registerHandler = namedImports(sf, 'lightning/refresh').get('registerRefreshHandler');

    // Class members (methods, accessors, arrow-function fields) and module-level functions, by name.
    const members = new Map<string, ts.Node>();
    const methods = new Set<string>();
    const functions = new Map<string, ts.Node>();
    const wires: WireUse[] = [];
    const wireHandlers: { adapter: string; body: ts.Node | undefined }[] = [];
    const visitTop = (node: ts.Node): void => {
        if (ts.isFunctionDeclaration(node) && node.name && node.body) functions.set(node.name.text, node.body);
        if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
            for (const m of node.members) {
                const name = m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? m.name.text : undefined;
                const body = ts.isMethodDeclaration(m) || ts.isGetAccessor(m) ? m.body : ts.isPropertyDeclaration(m) ? m.initializer : undefined;
                if (name !== undefined && body !== undefined) members.set(name, body);
                if (name !== undefined && ts.isMethodDeclaration(m)) methods.add(name);
                const wire = wireCall(m);
                if (wire === undefined) continue;
                const [adapter, config] = wire.arguments;
                if (adapter === undefined || !ts.isIdentifier(adapter)) continue;
                const reactive =
                    config !== undefined &&
                    ts.isObjectLiteralExpression(config) &&
                    config.properties.some((p) => ts.isPropertyAssignment(p) && ts.isStringLiteralLike(p.initializer) && p.initializer.text.startsWith('$'));
                wires.push({ adapter: adapter.text, reactive, line: lineOf(sf, wire) });
                wireHandlers.push({ adapter: adapter.text, body: ts.isMethodDeclaration(m) ? m.body : undefined });
            }
        }
        ts.forEachChild(node, visitTop);
    };
    visitTop(sf);

    /** Whether running `node` reaches a refresh call, following `this.method()` and module functions once each. */
    const reaches = (node: ts.Node | undefined, seen = new Set<ts.Node>()): boolean => {
        if (node === undefined || seen.has(node)) return false;
        seen.add(node);
        let found = false;
        const visit = (n: ts.Node): void => {
            if (found) return;
            if (ts.isCallExpression(n)) {
                const callee = n.expression;
                if (ts.isIdentifier(callee) && refreshers.has(callee.text)) found = true;
                else if (ts.isIdentifier(callee) && functions.has(callee.text)) found = reaches(functions.get(callee.text), seen);
            }
            // this.method (called, bound or passed on) runs the method.
            if (!found && ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && members.has(n.name.text))
                found = reaches(members.get(n.name.text), seen);
            if (!found) ts.forEachChild(n, visit);
        };
        visit(node);
        return found;
    };

    let refreshesOnPageRefresh = false;
    const imperative: { local: string; line: number }[] = [];
    const unboundRefreshHandlers: { method: string; line: number }[] = [];
    const visitAll = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && registerHandler !== undefined && ts.isIdentifier(node.expression) && node.expression.text === registerHandler) {
            const handler = node.arguments[1];
            refreshesOnPageRefresh ||= reaches(handler);
            if (handler !== undefined && ts.isPropertyAccessExpression(handler) && handler.expression.kind === ts.SyntaxKind.ThisKeyword && methods.has(handler.name.text))
                unboundRefreshHandlers.push({ method: handler.name.text, line: lineOf(sf, handler) });
        }
        if (ts.isIdentifier(node) && apexImports.has(node.text) && !isDeclarationOrWireAdapter(node)) imperative.push({ local: node.text, line: lineOf(sf, node) });
        ts.forEachChild(node, visitAll);
    };
    visitAll(sf);

    return {
        apexImports,
        wires,
        imperative,
        imports,
        refreshesOnPageRefresh,
        refreshesOnRecordChange: wireHandlers.some((w) => recordAdapters.has(w.adapter) && reaches(w.body)),
        unboundRefreshHandlers
    };
}

/** The identifier is the import itself, a property name, or the adapter argument of `@wire(…)`. */
function isDeclarationOrWireAdapter(id: ts.Identifier): boolean {
    const p = id.parent;
    if (ts.isImportClause(p) || ts.isImportSpecifier(p)) return true;
    if ((ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id)) return true;
    if (ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) return p.name === id;
    return (
        ts.isCallExpression(p) &&
        p.arguments[0] === id &&
        ts.isIdentifier(p.expression) &&
        p.expression.text === 'wire' &&
        ts.isDecorator(p.parent)
    );
}
