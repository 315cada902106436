/**
 * The bridge's transports (docs/bridge-protocol.md): frames over a file
 * descriptor the client passed in (fd 3 by default), read and written
 * synchronously so a round trip costs no event-loop turn; or a Unix socket
 * that serves each connection as its own session.
 *
 * On a file descriptor the server ends when the client closes its end (end
 * of file: the owner is gone, so the server never outlives it) or after
 * answering `close`.
 */
import { fstatSync, readSync, writeSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { FRAME_PREFIX, FrameDecoder, framePrefix } from './frame.js';
import { BridgeSession } from './session.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Whether `e` is a would-block error of a non-blocking descriptor (then wait a moment and retry). */
function wouldBlock(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** Reads what is available (at least one byte) into `buf` from `off`; 0 at end of file. */
export function readSome(fd: number, buf: Uint8Array, off: number): number {
  for (;;) {
    try {
      return readSync(fd, buf, off, buf.length - off, null);
    } catch (e) {
      if (!wouldBlock(e)) throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Writes all of `buf` to `fd`. */
export function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if (!wouldBlock(e)) throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

/** Whether a write failed because the client closed its end (then there is nothing left to answer). */
export function clientGone(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'EPIPE' || code === 'ECONNRESET';
}

/** Whether `fd` is an open file descriptor. */
export function isOpenFd(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves one session on `fd` until the client closes it or sends `close`.
 * Reads greedily (a whole request usually arrives in one read), so a round
 * trip costs one read and one write.
 */
export function serveFd(fd: number, session: BridgeSession): void {
  let buf = new Uint8Array(1 << 16);
  let have = 0;
  const decoder = new FrameDecoder();
  try {
    for (;;) {
      while (have < FRAME_PREFIX) {
        const k = readSome(fd, buf, have);
        if (k === 0) {
          if (have === 0) return;
          throw new Error(`bridge: the client closed the stream inside a frame (${have} bytes)`);
        }
        have += k;
      }
      const { total } = framePrefix(buf);
      if (total > buf.length) {
        const bigger = new Uint8Array(Math.max(total, 2 * buf.length));
        bigger.set(buf.subarray(0, have));
        buf = bigger;
      }
      while (have < total) {
        const k = readSome(fd, buf, have);
        if (k === 0) throw new Error(`bridge: the client closed the stream inside a frame (${have} of ${total} bytes)`);
        have += k;
      }
      writeAll(fd, session.handle(decoder.decode(buf.subarray(0, total))));
      if (session.closed) return;
      // A pipelining client may have sent the next request already.
      buf.copyWithin(0, total, have);
      have -= total;
    }
  } catch (e) {
    // The client went away while we wrote: nothing left to answer.
    if (clientGone(e)) return;
    throw e;
  } finally {
    session.dispose();
  }
}

/** Listens on the Unix socket `path`; each connection is a session of its own. `stop()` ends them all. */
export function serveSocket(path: string, version: string): Promise<{ server: Server; stop: () => void }> {
  const connections = new Set<Socket>();
  const server = createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    const session = new BridgeSession(version);
    const decoder = new FrameDecoder();
    let pending = new Uint8Array(1 << 16);
    let have = 0;
    conn.on('data', (chunk: Buffer) => {
      if (have + chunk.length > pending.length) {
        const bigger = new Uint8Array(Math.max(2 * pending.length, have + chunk.length));
        bigger.set(pending.subarray(0, have));
        pending = bigger;
      }
      pending.set(chunk, have);
      have += chunk.length;
      try {
        while (have >= FRAME_PREFIX) {
          const { total } = framePrefix(pending);
          if (have < total) break;
          // A fresh, 8-aligned copy: the arrays are views into it.
          const frame = pending.slice(0, total);
          pending.copyWithin(0, total, have);
          have -= total;
          conn.write(Buffer.from(session.handle(decoder.decode(frame))));
          if (session.closed) {
            conn.end();
            return;
          }
        }
      } catch (e) {
        process.stderr.write(`lbgym serve: ${(e as Error).message}; closing the connection\n`);
        conn.destroy();
      }
    });
    conn.on('close', () => session.dispose());
    conn.on('error', () => session.dispose());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () =>
      resolve({
        server,
        stop: () => {
          server.close();
          for (const c of connections) c.destroy();
        },
      }),
    );
  });
}
