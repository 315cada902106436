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
    throw e;
  }
}
