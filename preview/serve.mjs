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

export function startServer(port = 0) {
    const server = createServer((req, res) => {
        const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
        const file = join(ROOT, path);
        if (!ALLOWED.some((p) => path.startsWith(p)) || !existsSync(file) || !statSync(file).isFile()) {
            res.writeHead(404, { 'content-type': 'text/plain' });
            res.end('not found');
            return;
        }
        // Revalidated on every load (a rebuilt bundle shows at once), but an unchanged file is answered 304: the browser
        // then reuses its copy and the code it compiled from it (the bundle is 5 MB; the tests load it ~40 times).
        const { mtimeMs, size } = statSync(file);
        const etag = `"${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}"`;
        const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', etag };
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
