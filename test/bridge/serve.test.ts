/**
 * `lbgym serve` as a process: the protocol on fd 3 and on a Unix socket,
 * stdout untouched, exit when the client closes its end; and its import
 * graph, which must reach neither TensorFlow.js nor the plotting library.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameEncoder, type NamedArray } from '../../experiments/bridge/frame.js';
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

function serve(args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'experiments/cli.ts'), 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
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
