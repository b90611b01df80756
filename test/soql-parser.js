// What a test file of the scripts project gets for '@jetstreamapp/soql-parser-js' (jest.config.js `moduleNameMapper`):
// the parser test/environment.js loaded once for the Jest worker, its results handed into this file's realm. The parser
// runs outside the file's realm, so what it returns is copied into this realm (plain objects and arrays, as it builds
// them: a fresh AST per call, `instanceof Object`/`Array` and toStrictEqual as with a parser loaded here; anything else
// fails loudly), and what it throws is thrown again as this realm's Error with its name, message, stack and properties.
// test/dev/soql-parser.test.ts checks this.
const shared = globalThis.__abmSharedSoqlParser;
if (typeof shared !== 'function') throw new Error("test/soql-parser.js needs the scripts project's environment (test/environment.js)");
const { parser, objectPrototype: OUTER_OBJECT } = shared();

function inRealm(value) {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
        const copy = [];
        for (const item of value) copy.push(inRealm(item));
        return copy;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== OUTER_OBJECT && proto !== Object.prototype && proto !== null) {
        throw new TypeError(
            `test/soql-parser.js: the parser returned a ${proto.constructor?.name ?? 'non-plain'} object, which it cannot copy`
        );
    }
    const copy = {};
    for (const key of Object.keys(value)) copy[key] = inRealm(value[key]);
    return copy;
}

function errorInRealm(error) {
    if (error === null || typeof error !== 'object' || error instanceof Error) return error;
    const copy = new Error(error.message);
    for (const key of Object.keys(error)) copy[key] = error[key];
    Object.defineProperty(copy, 'name', { value: error.name, configurable: true, writable: true });
    copy.stack = error.stack;
    return copy;
}

const isClass = (fn) => /^class\b/.test(Function.prototype.toString.call(fn));

for (const [name, value] of Object.entries(parser)) {
    module.exports[name] =
        typeof value !== 'function' || isClass(value)
            ? value
            : function (...args) {
                  try {
                      return inRealm(value.apply(this, args));
                  } catch (error) {
                      throw errorInRealm(error);
                  }
              };
}
