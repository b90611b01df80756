/**
 * Durable file writes: a file either has its old content or its complete new content, never a torn or empty one, even
 * when the process is killed or the machine loses power mid-write. The text goes to a temp file beside the target, is
 * flushed to disk (fsync), then renamed over the target (or, for files that must never be overwritten, hard-linked to it,
 * which fails when the target exists), and the folder's entry is flushed too.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temp file name for `file`: hidden, beside it, naming this process (so a later run can tell a stale one). */
const tempName = (file: string) => join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/** A stale temp file of `tempName`'s shape: `.<name>.<pid>.<hex>.tmp`. */
const TEMP = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

async function fsyncDir(dir: string): Promise<void> {
    try {
        const handle = await open(dir, 'r');
        try {
            await handle.sync();
        } finally {
            await handle.close();
        }
    } catch {
        // Some platforms cannot open or fsync a directory (Windows): the rename itself is still atomic there.
    }
}

async function writeTemp(file: string, data: string | Uint8Array): Promise<string> {
    const temp = tempName(file);
    const handle = await open(temp, 'wx');
    try {
        await handle.writeFile(data);
        await handle.sync();
    } catch (error) {
        await handle.close();
        await unlink(temp).catch(() => undefined);
        throw error;
    }
    await handle.close();
    return temp;
}

/** Replace `file` with `data` atomically and durably (temp file, fsync, rename, fsync of the folder). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
    const temp = await writeTemp(file, data);
    try {
        await rename(temp, file);
    } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw error;
    }
    await fsyncDir(dirname(file));
}

/** The error `createFileAtomic` throws when the file already exists. */
export class FileExistsError extends Error {
    constructor(readonly file: string) {
        super(`${file} already exists (it is never overwritten)`);
        this.name = 'FileExistsError';
    }
}

/**
 * Create `file` with `data` atomically and durably, refusing (FileExistsError) when it exists: the complete file
 * appears under its name at once (a hard link of the flushed temp file), or not at all.
 */
export async function createFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
    const temp = await writeTemp(file, data);
    try {
        await link(temp, file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
            await unlink(temp).catch(() => undefined);
            throw new FileExistsError(file);
        }
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') {
            await unlink(temp).catch(() => undefined);
            throw error;
        }
        // A file system without hard links: check, then rename (not race-free against another writer, still atomic).
        const { existsSync } = await import('node:fs');
        if (existsSync(file)) {
            await unlink(temp).catch(() => undefined);
            throw new FileExistsError(file);
        }
        await rename(temp, file);
        await fsyncDir(dirname(file));
        return;
    }
    await unlink(temp);
    await fsyncDir(dirname(file));
}

/** Remove temp files a killed process left in `dir` (only those of processes that are no longer running). */
export function removeStaleTemps(dir: string): string[] {
    const removed: string[] = [];
    let names: string[];
    try {
        names = readdirSync(dir);
    } catch {
        return removed;
    }
    for (const name of names) {
        const m = TEMP.exec(name);
        if (!m) continue;
        const pid = Number(m[2]);
        if (pid === process.pid || isRunning(pid)) continue;
        try {
            unlinkSync(join(dir, name));
            removed.push(name);
        } catch {
            // gone already, or not ours to remove
        }
    }
    return removed;
}

function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}
