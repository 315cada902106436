/**
 * Atomic file writes: the data goes to a temporary file beside `path`, then a
 * rename replaces `path`, so a reader (or a crash) sees the old file or the
 * new one, never half of one. The temporary name is unique per process,
 * thread and call, so writers in worker threads never collide.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${threadId}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw withPath(e, path);
  }
}

/** A file-system error that names `path` (Node's write errors, such as a full disk's ENOSPC, name no file). */
export function withPath(e: unknown, path: string): unknown {
  if (!(e instanceof Error) || e.message.includes(path)) return e;
  const err = new Error(`${path}: ${e.message}`, { cause: e }) as NodeJS.ErrnoException;
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== undefined) err.code = code;
  err.path = path;
  return err;
}
