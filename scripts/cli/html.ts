/** Small, dependency-free building blocks for the self-contained HTML reports (inline CSS and SVG, no network). */
import { maxOf } from '../core/arrays.js';

export const esc = (value: unknown): string =>
    String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type Bar = { label: string; value: number; note?: string };

/** A horizontal bar chart as inline SVG, with a text value on every bar (readable without colour) and a title for screen readers. */
export function barChart(title: string, bars: Bar[], format: (n: number) => string = (n) => n.toLocaleString('en-US')): string {
    const width = 640;
    const rowHeight = 26;
    const labelWidth = 170;
    const max = Math.max(1, maxOf(bars.map((b) => b.value)));
    const height = bars.length * rowHeight + 10;
    const rows = bars
        .map((b, i) => {
            const y = i * rowHeight + 5;
            const w = Math.max(0, ((width - labelWidth - 110) * b.value) / max);
            return (
                `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${esc(b.label)}</text>` +
                `<rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowHeight - 8}" rx="3" class="bar"/>` +
                `<text x="${labelWidth + w + 6}" y="${y + 16}">${esc(format(b.value))}${b.note ? ` ${esc(b.note)}` : ''}</text>`
            );
        })
        .join('');
    return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows}</svg></figure>`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
    const head = headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
    const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('');
    return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function page(title: string, body: string): string {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#181818;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
th{background:#f3f3f3}figure{margin:12px 0}figcaption{font-weight:600;margin-bottom:4px}svg text{font-size:12px;fill:#181818}.bar{fill:#0176d3}
.kpis{display:flex;gap:12px;flex-wrap:wrap}.kpi{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:150px}.kpi b{display:block;font-size:20px}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>\n`;
}
