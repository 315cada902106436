/**
 * `lbgym serve` as a process: the protocol on fd 3 and on a Unix socket,
 * stdout untouched, exit when the client closes its end; and its import
 * graph, which must reach neither TensorFlow.js nor the plotting library.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameEncoder, type NamedArray } from '../../experiments/bridge/frame.js';
import { SHM, SHM_DATA, SHM_MAGIC, SHM_VERSION } from '../../experiments/bridge/shared-memory.js';
import { runCliInProcess } from '../helpers/cli.js';
import { externalImports } from '../helpers/imports.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const encoder = new FrameEncoder();

/** Sends frames on `stream` and reads replies in order. */
class Client {
  private pending = Buffer.alloc(0);
  private waiters: ((frame: Uint8Array) => void)[] = [];

  constructor(private readonly stream: Duplex | Socket) {
    stream.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      while (this.pending.length >= 8) {
        const total = this.pending.readUInt32LE(0);
        if (this.pending.length < total) break;
        const frame = new Uint8Array(total);
        frame.set(this.pending.subarray(0, total));
        this.pending = this.pending.subarray(total);
        this.waiters.shift()?.(frame);
      }
    });
  }

  request(header: Record<string, unknown>, arrays: NamedArray[] = []): Promise<ReturnType<typeof decodeFrame>> {
    return new Promise((resolveReply) => {
      this.waiters.push((frame) => resolveReply(decodeFrame(frame)));
      this.stream.write(Buffer.from(encoder.encode(header, arrays)));
    });
  }
}

function serve(args: string[] = [], shmFd?: number): ChildProcess {
  const stdio: ('ignore' | 'pipe' | number)[] = ['ignore', 'pipe', 'pipe', 'pipe'];
  if (shmFd !== undefined) stdio.push(shmFd);
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'experiments/cli.ts'), 'serve', ...args], { cwd: ROOT, stdio });
}

/** A client of the shared-memory transport, reading and writing the shared file at positions as the server does. */
class SharedFileClient {
  private seq = 0;
  private readonly word = new Uint8Array(4);
  private readonly view = new DataView(this.word.buffer);

  constructor(
    private readonly file: number,
    private readonly wake: Duplex,
  ) {}

  u32(offset: number): number {
    readSync(this.file, this.word, 0, 4, offset);
    return this.view.getUint32(0, true);
  }

  setU32(offset: number, value: number): void {
    this.view.setUint32(0, value, true);
    writeSync(this.file, this.word, 0, 4, offset);
  }

  async request(header: Record<string, unknown>, arrays: NamedArray[] = []): Promise<ReturnType<typeof decodeFrame>> {
    const frame = encoder.encode(header, arrays);
    writeSync(this.file, frame, 0, frame.length, SHM_DATA);
    this.setU32(SHM.requestLength, frame.length);
    this.setU32(SHM.requestSeq, ++this.seq);
    this.wake.write(Buffer.of(1)); // always: a spare wake-up is harmless
    while (this.u32(SHM.replySeq) !== this.seq) await new Promise((r) => setTimeout(r, 1));
    const reply = new Uint8Array(this.u32(SHM_DATA));
    readSync(this.file, reply, 0, reply.length, SHM_DATA);
    return decodeFrame(reply);
  }
}

/** A shared file (its descriptor), with the client's control block or without; `done` closes and removes it. */
function sharedFile(withBlock: boolean): { file: number; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lbgym-shm-'));
  const file = openSync(join(dir, 'shared'), 'w+');
  ftruncateSync(file, 1 << 16);
  if (withBlock) {
    const head = new DataView(new ArrayBuffer(12));
    head.setUint32(SHM.magic, SHM_MAGIC, true);
    head.setUint32(SHM.version, SHM_VERSION, true);
    head.setUint32(SHM.spinMicros, 0, true); // no spinning: every request needs its wake byte
    writeSync(file, new Uint8Array(head.buffer), 0, 12, 0);
  }
  return {
    file,
    done: () => {
      closeSync(file);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => child.on('exit', (code) => r(code)));
}

describe('lbgym serve', () => {
  it('speaks the protocol on fd 3, writes nothing to stdout, and exits when the client closes fd 3', async () => {
    const child = serve();
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const client = new Client(child.stdio[3] as Duplex);
    const hello = await client.request({ op: 'hello' });
    expect(hello.header).toMatchObject({ ok: true, protocol: 1 });
    await client.request({ op: 'make', id: 'LB-OneShot-v0', numEnvs: 4 });
    const reset = await client.request({ op: 'reset', seed: 1 });
    expect(reset.arrays.get('observations')!.length).toBe(8);
    const step = await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8).fill(0.5), shape: [4, 2] }]);
    expect(Array.from(step.arrays.get('terminated')!)).toEqual([1, 1, 1, 1]);
    await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8), shape: [4, 2] }]); // the autoreset step
    const bad = await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8).fill(3), shape: [4, 2] }]);
    expect(bad.header.error).toMatch(/K must be in \[0, 1\], got 3/);
    const code = exited(child);
    (child.stdio[3] as Duplex).end();
    expect(await code).toBe(0);
    expect(stdout).toBe('');
  });

  it('serves each connection of a Unix socket as its own session', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lbgym-serve-')), 'bridge.sock');
    const child = serve(['--socket', path]);
    await new Promise<void>((r) => child.stderr!.on('data', (c: Buffer) => c.toString().includes('listening') && r()));
    const open = (): Promise<Socket> => new Promise((r) => { const s = connect(path, () => r(s)); });
    const [a, b] = [new Client(await open()), new Client(await open())];
    await a.request({ op: 'make', id: 'LB-OneShot-v0' });
    await b.request({ op: 'make', id: 'Park-LoadBalance-v0' });
    expect((await a.request({ op: 'spaces' })).header.id).toBe('LB-OneShot-v0');
    expect((await b.request({ op: 'spaces' })).header.id).toBe('Park-LoadBalance-v0');
    const code = exited(child);
    child.kill('SIGTERM');
    await code;
  });

  it('serves through a shared file given as --shm-fd, growing it for large replies; fd 3 carries wake-ups and its end of file', async () => {
    const { file, done } = sharedFile(true);
    const child = serve(['--shm-fd', '4'], file);
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    const client = new SharedFileClient(file, child.stdio[3] as Duplex);
    expect((await client.request({ op: 'hello' })).header).toMatchObject({ ok: true, protocol: 1 });
    await client.request({ op: 'make', id: 'LB-OneShot-v0', numEnvs: 4 });
    expect((await client.request({ op: 'reset', seed: 1 })).arrays.get('observations')!.length).toBe(8);
    const step = await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8).fill(0.5), shape: [4, 2] }]);
    expect(Array.from(step.arrays.get('terminated')!)).toEqual([1, 1, 1, 1]);
    await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8), shape: [4, 2] }]); // the autoreset step
    const bad = await client.request({ op: 'step' }, [{ name: 'actions', values: new Float32Array(8).fill(3), shape: [4, 2] }]);
    expect(bad.header.error).toMatch(/K must be in \[0, 1\], got 3/);
    await client.request({ op: 'make', id: 'LB-OneShot-v0', numEnvs: 128 });
    await client.request({ op: 'reset', seed: 1 });
    const state = await client.request({ op: 'getState' });
    expect((state.header.state as { envs: unknown[] }).envs).toHaveLength(128);
    expect(fstatSync(file).size).toBeGreaterThan(1 << 16);
    const code = exited(child);
    (child.stdio[3] as Duplex).end();
    expect(await code).toBe(0);
    expect(stdout).toBe('');
    done();
  });

  it('refuses a --shm-fd without the client\'s control block, naming the flag', async () => {
    const { file, done } = sharedFile(false);
    const child = serve(['--shm-fd', '4'], file);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await exited(child)).toBe(2);
    expect(stderr).toMatch(/--shm-fd: the descriptor holds no lbgym shared-memory block/);
    done();
  });

  it('refuses to start without its descriptor, naming the flag', async () => {
    const r = await runCliInProcess(['serve', '--fd', '57'], ROOT);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fd: file descriptor 57 is not open/);
  });
});

describe('the serve path', () => {
  it('imports neither tfjs nor vega: the serve command, and the CLI entry up to its lazy commands', () => {
    const heavy = (s: Set<string>): string[] => [...s].filter((p) => p.startsWith('@tensorflow') || p.startsWith('vega'));
    const serveGraph = externalImports('experiments/commands/serve.ts');
    expect(heavy(serveGraph)).toEqual([]);
    expect(serveGraph).toContain('seedrandom');
    expect(heavy(externalImports('experiments/cli.ts', true))).toEqual([]);
    // The walk does see tfjs where it is: the train command.
    expect(heavy(externalImports('experiments/commands/train.ts')).length).toBeGreaterThan(0);
  });
});
