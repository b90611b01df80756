// node preview/serve.mjs [--port N] [--build]
// Serves the preview on 127.0.0.1 (only the preview page, its bundle and fixtures, and the SLDS assets) and prints
// "preview: http://127.0.0.1:PORT/preview/index.html?view=…" for each view of preview/views.json. Port 0 picks a free port.
// Add &region=SMALL to any view for a narrow region (380 px, flexipageRegionWidth SMALL).
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ALLOWED = ['/preview/index.html', '/out/preview/', '/node_modules/@salesforce-ux/design-system/assets/'];
const TYPES = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.png': 'image/png'
};
/** The views the preview serves (preview/src/views/*.js implements them). */
export const VIEWS = JSON.parse(readFileSync(fileURLToPath(new URL('./views.json', import.meta.url)), 'utf8'));

const PAGE = '/preview/index.html';

/** A file's version: its size and modification time (a rebuild changes it). */
function version(file) {
    const { mtimeMs, size } = statSync(file);
    return `"${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}"`;
}

export function startServer(port = 0) {
    const server = createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        const path = normalize(decodeURIComponent(url.pathname));
        const file = join(ROOT, path);
        if (!ALLOWED.some((p) => path.startsWith(p)) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404, { 'content-type': 'text/plain' });
            res.end('not found');
            return;
        }
        const etag = version(file);
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        if (path === PAGE) {
            // The page names the bundle and the stylesheet with their version: ?v=<etag> below.
            const html = readFileSync(file, 'utf8').replace(/(src|href)="(\/[^"?]+\.(?:js|css))"/g, (all, attr, ref) => {
                const asset = join(ROOT, ref);
                return existsSync(asset) ? `${attr}="${ref}?v=${encodeURIComponent(version(asset))}"` : all;
            });
            res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
            res.end(html);
            return;
        }
        // A versioned URL (?v= the file's etag) never changes: the browser keeps the file and, for the 5 MB bundle, the
        // code it compiled from it across page loads (the tests load it ~40 times) without asking again. A rebuilt
        // bundle gets a new URL, so it shows at once. Anything else is revalidated on every load and answered 304 while
        // unchanged.
        const headers = {
            'content-type': type,
            'cache-control': url.searchParams.get('v') === etag ? 'public, max-age=31536000, immutable' : 'no-cache',
            etag
        };
        if (req.headers['if-none-match'] === etag) {
            res.writeHead(304, headers);
            res.end();
            return;
        }
        res.writeHead(200, headers);
        res.end(readFileSync(file));
    });
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const { values } = parseArgs({ options: { port: { type: 'string', default: '8765' }, build: { type: 'boolean', default: false } } });
    if (values.build) await (await import('./build.mjs')).build();
    const server = await startServer(Number(values.port));
    const { port } = server.address();
    for (const { view, description } of VIEWS) {
        process.stdout.write(`preview: http://127.0.0.1:${port}/preview/index.html?view=${view}  (${description})\n`);
    }
}
