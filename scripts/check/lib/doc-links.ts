/**
 * The documentation as a reader clicks through it on GitHub: every relative link and image in README.md, CHANGELOG.md
 * and docs/**.md points at a file of the repository (tracked, or new and not ignored: what a clone will hold), and every
 * `#anchor` names a heading of its target page (GitHub's heading slugs) or an explicit `<a id>`/`<a name>`. The README
 * stays a front page: at most README_MAX_LINES lines. External links (http:, mailto:, …) are not fetched: the machine
 * is offline.
 *
 * What counts as a link follows CommonMark as far as these pages use it: inline links and images, reference
 * definitions, `href`/`src` in inline HTML; nothing inside fenced code blocks or code spans. Headings are ATX (`#`) and
 * setext (a line of = or - under a paragraph line).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { listFiles, rel, type Finding } from './tools-common.js';

/** The README is the front page for the three users; everything else lives in docs/. */
export const README_MAX_LINES = 300;

/** The markdown files checked, relative to `projectDir`. */
export function docFiles(projectDir: string): string[] {
    const top = ['README.md', 'CHANGELOG.md'].filter((f) => existsSync(join(projectDir, f)));
    const docs = existsSync(join(projectDir, 'docs')) ? listFiles(join(projectDir, 'docs'), (n) => n.endsWith('.md')) : [];
    return [...top, ...docs.map((f) => rel(projectDir, f)).sort()];
}

/**
 * The files a clone of `projectDir` holds (tracked, plus new files that are not ignored), relative and with '/'; or
 * undefined outside a git work tree (then the file system decides).
 */
function repositoryFiles(projectDir: string): Set<string> | undefined {
    try {
        const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
            cwd: projectDir,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'],
            maxBuffer: 64 * 1024 * 1024
        });
        return new Set(out.split('\0').filter(Boolean));
    } catch {
        return undefined;
    }
}

/**
 * GitHub's anchors for the headings of one page, in order (the rule of github-slugger, which GitHub's renderer
 * follows): the heading's text in lower case, every character but letters, marks, numbers, connector punctuation,
 * spaces and hyphens dropped, spaces turned into hyphens; a repeated slug gets -1, -2, ….
 */
export function headingSlugger(): (text: string) => string {
    const seen = new Map<string, number>();
    return (text) => {
        const base = text
            .toLowerCase()
            .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
            .replace(/ /g, '-');
        let slug = base;
        while (seen.has(slug)) {
            const n = seen.get(base)! + 1;
            seen.set(base, n);
            slug = `${base}-${n}`;
        }
        seen.set(slug, 0);
        return slug;
    };
}

/** A heading's text as GitHub renders it: link and image texts, code without backticks, no emphasis or HTML tags. */
function headingText(markdown: string): string {
    return markdown
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/`+/g, '')
        .replace(/(?<![\p{L}\p{N}])[*_]+|[*_]+(?![\p{L}\p{N}])/gu, '')
        .trim();
}

const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*(?:<([^>]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(?:<([^>]*)>|(\S+))/;
const HTML_TARGET = /<(?:a|img)\s[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']/gi;
const HTML_ANCHOR = /<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)\s*$/;

type Link = { target: string; line: number };
type Page = { links: Link[]; anchors: Set<string> };

/** The links and anchors of one markdown page (see the file comment for what counts). */
export function readPage(text: string): Page {
    const slug = headingSlugger();
    const anchors = new Set<string>();
    const links: Link[] = [];
    let fence: string | undefined;
    let previous = ''; // the previous line when it was paragraph text (a setext heading's candidate)
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const fenceMark = FENCE.exec(raw)?.[1];
        if (fence !== undefined) {
            if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && raw.trim() === fenceMark) fence = undefined;
            return;
        }
        if (fenceMark) {
            fence = fenceMark;
            previous = '';
            return;
        }
        const heading = ATX_HEADING.exec(raw);
        if (heading) anchors.add(slug(headingText(heading[1] ?? '')));
        else if (previous && SETEXT_UNDERLINE.test(raw) && !raw.includes('|')) {
            anchors.add(slug(headingText(previous)));
            previous = '';
            return;
        }
        // Code spans are not links; their text is blanked so the columns of the rest stay put.
        const code = raw.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (m) => ' '.repeat(m.length));
        const definition = REFERENCE_DEFINITION.exec(code);
        if (definition) links.push({ target: definition[1] ?? definition[2]!, line });
        else for (const m of code.matchAll(INLINE_LINK)) links.push({ target: m[1] ?? m[2]!, line });
        for (const m of code.matchAll(HTML_TARGET)) links.push({ target: m[1]!, line });
        for (const m of code.matchAll(HTML_ANCHOR)) anchors.add(m[1]!);
        previous = heading || raw.trim() === '' || /^ {0,3}([-*+]|\d+[.)])\s/.test(raw) ? '' : raw;
    });
    return { links, anchors };
}

function decode(value: string): string {
    try {
        return decodeURIComponent(value);
    } catch {
        return value;
    }
}

/** Check the links of every doc file of `projectDir` (see the file comment). */
export function checkDocLinks(projectDir: string): { findings: Finding[]; files: number; links: number } {
    const files = docFiles(projectDir);
    const inRepository = repositoryFiles(projectDir);
    const pages = new Map<string, Page>();
    const page = (file: string): Page => {
        let p = pages.get(file);
        if (!p) {
            p = readPage(readFileSync(join(projectDir, file), 'utf8'));
            pages.set(file, p);
        }
        return p;
    };
    /** A repository path (relative, '/') is a file or a folder of the clone. */
    const kind = (path: string): 'file' | 'dir' | undefined => {
        if (inRepository) {
            if (inRepository.has(path)) return 'file';
            const prefix = path === '' ? '' : `${path}/`;
            for (const f of inRepository) if (f.startsWith(prefix)) return 'dir';
            return undefined;
        }
        const abs = join(projectDir, path);
        if (!existsSync(abs)) return undefined;
        return statSync(abs).isDirectory() ? 'dir' : 'file';
    };

    const findings: Finding[] = [];
    let links = 0;
    for (const file of files) {
        const text = readFileSync(join(projectDir, file), 'utf8');
        if (file === 'README.md') {
            const count = text.replace(/\n$/, '').split('\n').length;
            if (count > README_MAX_LINES)
                findings.push({
                    file,
                    line: README_MAX_LINES + 1,
                    message: `README.md has ${count} lines: keep the front page at most ${README_MAX_LINES} and move the rest to docs/`
                });
        }
        for (const link of page(file).links) {
            if (/^[a-z][a-z0-9+.-]*:/i.test(link.target) || link.target.startsWith('//')) continue; // external
            links++;
            const hash = link.target.indexOf('#');
            const pathPart = decode((hash < 0 ? link.target : link.target.slice(0, hash)).replace(/\?.*$/, ''));
            const anchor = hash < 0 ? undefined : decode(link.target.slice(hash + 1));
            const resolved = pathPart.startsWith('/') ? normalize(pathPart.slice(1)) : normalize(join(dirname(file), pathPart));
            const target = pathPart === '' ? file : resolved.split(sep).join('/').replace(/\/$/, '');
            const where = { file, line: link.line };
            if (target.startsWith('..')) {
                findings.push({ ...where, message: `"${link.target}" points outside the repository` });
                continue;
            }
            const found = kind(target === '.' ? '' : target);
            if (!found) {
                findings.push({ ...where, message: `"${link.target}": ${target} is not in the repository` });
                continue;
            }
            if (anchor === undefined || anchor === '') continue;
            if (found !== 'file' || !target.endsWith('.md')) {
                findings.push({ ...where, message: `"${link.target}": an anchor into ${target}, which is not a markdown page` });
                continue;
            }
            const anchors = page(target).anchors;
            if (!anchors.has(anchor)) {
                const near = [...anchors].find((a) => a.toLowerCase() === anchor.toLowerCase() || a.startsWith(anchor));
                findings.push({
                    ...where,
                    message: `"${link.target}": ${target} has no heading or <a id> "#${anchor}"${near ? ` (did you mean #${near}?)` : ''}`
                });
            }
        }
    }
    return { findings, files: files.length, links };
}
