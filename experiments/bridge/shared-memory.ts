/**
 * The bridge's shared-memory transport (docs/bridge-protocol.md, "Shared
 * memory"): frames travel through a file both processes share (a memfd or an
 * unlinked file in /dev/shm that the client maps and passes as `--shm-fd`),
 * and the stream descriptor only carries one-byte wake-ups and the end of
 * file that ends the session. Each side spins for a short while on the
 * other's sequence number before it sleeps on the stream, so a tight step
 * loop pays no wake-up latency and an idle side burns no core.
 *
 * Node cannot map memory, so this side reads and writes the file at
 * positions (`readSync` / `writeSync`): a few system calls per round trip.
 */
import { fstatSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import { FrameDecoder, framePrefix } from './frame.js';
import type { BridgeSession } from './session.js';
import { clientGone, readSome, writeAll } from './transport.js';

/** The control block's fields: little-endian u32 byte offsets (frames start at `SHM_DATA`). */
export const SHM = {
  /** "LBSH" as a little-endian u32, written by the client. */
  magic: 0,
  /** The protocol version of the layout (1). */
  version: 4,
  /** How long each side spins before it sleeps, in microseconds (written by the client, which may change it between requests). */
  spinMicros: 8,
  /** The client's request: its length, then its sequence number (written last). */
  requestLength: 12,
  requestSeq: 16,
  /** The server's reply: its sequence number (written last; the frame carries its length). */
  replySeq: 20,
  /** 1 while the server sleeps on the stream (the client then sends a wake byte). */
  serverSleeping: 24,
  /** 1 while the client sleeps on the stream (the server then sends a wake byte). */
  clientSleeping: 28,
} as const;
export const SHM_MAGIC = 0x4853424c;
export const SHM_VERSION = 1;
/** Where frames start in the file: the request, then (over it) its reply. */
export const SHM_DATA = 64;

const WAKE = Uint8Array.of(1);

/** The u32 at `offset` of the shared file. */
function readWord(shm: number, word: Uint8Array, view: DataView, offset: number): number {
  readSync(shm, word, 0, 4, offset);
  return view.getUint32(0, true);
}

function writeWord(shm: number, word: Uint8Array, view: DataView, offset: number, value: number): void {
  view.setUint32(0, value, true);
  writeSync(shm, word, 0, 4, offset);
}

function writeAt(shm: number, bytes: Uint8Array, position: number): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(shm, bytes, off, bytes.length - off, position + off);
}

/** Checks the client's control block (its magic and layout version). */
export function checkSharedMemory(shm: number): void {
  const head = new Uint8Array(SHM_DATA);
  const got = readSync(shm, head, 0, SHM_DATA, 0);
  const view = new DataView(head.buffer);
  if (got < SHM_DATA || view.getUint32(SHM.magic, true) !== SHM_MAGIC) throw new Error('--shm-fd: the descriptor holds no lbgym shared-memory block (the client writes "LBSH" at its start)');
  const version = view.getUint32(SHM.version, true);
  if (version !== SHM_VERSION) throw new Error(`--shm-fd: shared-memory layout version ${version}, this server speaks ${SHM_VERSION}`);
}

/**
 * Serves one session through the shared file `shm` (see `checkSharedMemory`),
 * with wake-ups and end of file on `fd`, until the client closes `fd` or
 * sends `close`. The spin budget is read from the control block as it goes.
 */
export function serveSharedMemory(fd: number, shm: number, session: BridgeSession): void {
  const word = new Uint8Array(4);
  const wordView = new DataView(word.buffer);
  const control = new Uint8Array(SHM.replySeq);
  const controlView = new DataView(control.buffer);
  const wake = new Uint8Array(64);
  let buf = new Uint8Array(1 << 16);
  let size = fstatSync(shm).size;
  const decoder = new FrameDecoder();
  let seq = 0;

  /** Waits for request `want`; false at end of file (the client is gone). */
  const waitFor = (want: number): boolean => {
    let start = performance.now();
    for (let spins = 0; ; spins++) {
      readSync(shm, control, 0, control.length, 0);
      if (controlView.getUint32(SHM.requestSeq, true) === want) return true;
      if ((spins & 3) !== 0) continue;
      if (performance.now() - start < controlView.getUint32(SHM.spinMicros, true) / 1000) continue;
      // Announce the sleep, then look once more: a request posted before the
      // client saw the flag is caught here, one posted after it comes with a wake byte.
      writeWord(shm, word, wordView, SHM.serverSleeping, 1);
      if (readWord(shm, word, wordView, SHM.requestSeq) !== want) {
        if (readSome(fd, wake, 0) === 0) return false;
      }
      writeWord(shm, word, wordView, SHM.serverSleeping, 0);
      start = performance.now();
    }
  };

  try {
    for (;;) {
      seq = seq >= 0xffffffff ? 1 : seq + 1;
      if (!waitFor(seq)) return;
      const length = controlView.getUint32(SHM.requestLength, true);
      if (length > buf.length) buf = new Uint8Array(Math.max(length, 2 * buf.length));
      let got = 0;
      while (got < length) {
        const k = readSync(shm, buf, got, length - got, SHM_DATA + got);
        if (k === 0) throw new Error(`bridge: the shared request of ${length} bytes ends at byte ${got}`);
        got += k;
      }
      const { total } = framePrefix(buf);
      if (total !== length) throw new Error(`bridge: the shared request says ${length} bytes but its frame ${total}`);
      const reply = session.handle(decoder.decode(buf.subarray(0, total)));
      if (SHM_DATA + reply.length > size) {
        size = fstatSync(shm).size;
        if (SHM_DATA + reply.length > size) {
          size = SHM_DATA + reply.length;
          ftruncateSync(shm, size);
        }
      }
      writeAt(shm, reply, SHM_DATA);
      writeWord(shm, word, wordView, SHM.replySeq, seq);
      if (readWord(shm, word, wordView, SHM.clientSleeping) === 1) writeAll(fd, WAKE);
      if (session.closed) return;
    }
  } catch (e) {
    // The client went away while we woke it: nothing left to answer.
    if (clientGone(e)) return;
    throw e;
  } finally {
    session.dispose();
  }
}
