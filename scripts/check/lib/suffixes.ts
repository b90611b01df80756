/**
 * Which metadata type a `*-meta.xml` file holds, from its suffix (and, for bundles, its folder). The table comes from the
 * Source Deploy Retrieve registry (the same one `sf project deploy` uses), so every suffix SDR knows is covered, including
 * decomposed CustomObject children (`fields/`, `listViews/`, `validationRules/`, …).
 */
import registry from '@salesforce/source-deploy-retrieve/lib/src/registry/metadataRegistry.json';

interface RegistryType {
    name: string;
    suffix?: string;
    legacySuffix?: string;
    children?: { types?: Record<string, RegistryType> };
}

const reg = registry as unknown as { suffixes: Record<string, string>; types: Record<string, RegistryType> };

let table: Map<string, string> | undefined;

/** suffix (e.g. `field`) → metadata type name (e.g. `CustomField`). */
export function suffixTable(): Map<string, string> {
    if (table !== undefined) return table;
    const t = new Map<string, string>();
    for (const [suffix, id] of Object.entries(reg.suffixes)) {
        const name = reg.types[id]?.name;
        if (name !== undefined) t.set(suffix, name);
    }
    for (const type of Object.values(reg.types)) {
        for (const s of [type.suffix, type.legacySuffix]) if (s !== undefined && !t.has(s)) t.set(s, type.name);
        for (const c of Object.values(type.children?.types ?? {})) {
            for (const s of [c.suffix, c.legacySuffix]) if (s !== undefined && !t.has(s)) t.set(s, c.name);
        }
    }
    // Bundles: the meta file's suffix is the bundle's main file extension.
    t.set('js', 'LightningComponentBundle');
    t.set('resource', 'StaticResource');
    table = t;
    return t;
}

const AURA_SUFFIXES = new Set(['cmp', 'app', 'evt', 'intf', 'tokens', 'design', 'auradoc', 'svg']);

/** The suffix of a meta file name: `Foo.field-meta.xml` → `field`; undefined when the name is not `*.X-meta.xml`. */
export function metaSuffix(fileName: string): string | undefined {
    const m = /\.([A-Za-z0-9]+)-meta\.xml$/.exec(fileName);
    return m?.[1];
}

/**
 * The type a meta file must hold. `root` is only used for the `settings` suffix, whose type is per file
 * (`Account.settings-meta.xml` → `AccountSettings`).
 */
export function expectedType(filePath: string, root?: string): string | undefined {
    const parts = filePath.split(/[\\/]/);
    const fileName = parts[parts.length - 1] ?? '';
    const suffix = metaSuffix(fileName);
    if (suffix === undefined) return undefined;
    const folder = parts[parts.length - 3];
    if (folder === 'lwc' && suffix === 'js') return 'LightningComponentBundle';
    if (folder === 'aura' && AURA_SUFFIXES.has(suffix)) return 'AuraDefinitionBundle';
    if (suffix === 'settings') {
        const base = fileName.slice(0, -'.settings-meta.xml'.length);
        return root !== undefined && root.endsWith('Settings') ? root : `${base}Settings`;
    }
    return suffixTable().get(suffix);
}
