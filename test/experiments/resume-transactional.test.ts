/**
 * `train --resume` is transactional: everything is checked before the run
 * directory is touched. A refused resume exits 2 with one line naming the
 * file or flag, and leaves the directory byte for byte unchanged; resuming a
 * finished run says so, exits 0 and writes nothing.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli.js';
import { treeHash } from '../helpers/tree-hash.js';


let template = '';
let runName = '';

/** A fresh copy of the trained run: [working directory, run directory relative to it]. */
function copy(): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'lbgym-resume-'));
  cpSync(template, dir, { recursive: true });
  return [dir, join('runs', runName)];
}

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'lbgym-resume-template-'));
  const r = await runCliInProcess(['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--total-steps', '1024', '--num-steps', '512', '--logdir', 'runs', '--quiet', '--json'], template);
  expect(r.code, r.stderr).toBe(0);
  runName = readdirSync(join(template, 'runs'))[0]!;
});

async function refused(argv: (run: string) => string[], mutate: (dir: string, run: string) => void, message: RegExp): Promise<void> {
  const [dir, run] = copy();
  mutate(dir, run);
  const before = treeHash(dir);
  const r = await runCliInProcess(argv(run), dir);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(treeHash(dir)).toBe(before);
}

const resume = (run: string): string[] => ['train', '--resume', run, '--total-steps', '2048', '--quiet'];

describe('train --resume is transactional', () => {
  it('a finished run: says so, exits 0, writes nothing', async () => {
    const [dir, run] = copy();
    const before = treeHash(dir);
    const r = await runCliInProcess(['train', '--resume', run, '--quiet', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/already finished \(1024 steps\); nothing to do/);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)['alreadyFinished']).toBe(true);
    expect(treeHash(dir)).toBe(before);
  });

  it('--total-steps below the steps done is refused', async () => {
    await refused((run) => ['train', '--resume', run, '--total-steps', '512'], () => {}, /--total-steps: 512 is below the 1024 steps the run has done/);
  });

  for (const flag of [['--learning-rate', '0.5'], ['--env', 'LB-Dispatch-v0'], ['--algo', 'dqn'], ['--env-kwargs', '{}']]) {
    it(`${flag[0]} cannot change on resume`, async () => {
      await refused((run) => [...resume(run), ...flag], () => {}, new RegExp(`^lbgym: ${flag[0]}: cannot change on --resume`));
    });
  }

  for (const file of ['actor/weights.bin', 'actor/model.json', 'critic/weights.bin', 'optimizer.bin', 'agent.json', 'runner.json']) {
    it(`a truncated checkpoint/${file} is refused by name`, async () => {
      await refused(resume, (dir, run) => truncateSync(join(dir, run, 'checkpoint', file), 7), new RegExp(`checkpoint/${file.replace('.', '\\.')} is truncated or corrupted`));
    });
  }

  it('a corrupted byte is found by the checksum', async () => {
    await refused(
      resume,
      (dir, run) => {
        const p = join(dir, run, 'checkpoint', 'critic', 'weights.bin');
        const b = readFileSync(p);
        b[5] = b[5]! ^ 0xff;
        writeFileSync(p, b);
      },
      /critic\/weights\.bin is truncated or corrupted/,
    );
  });

  it('a broken config.json is refused by name', async () => {
    await refused(resume, (dir, run) => writeFileSync(join(dir, run, 'config.json'), '{"env": '), /--resume: .*config\.json/);
  });

  it('a run directory without a checkpoint is refused', async () => {
    await refused(resume, (dir, run) => writeFileSync(join(dir, run, 'checkpoint', 'lbgym-checkpoint.json'), 'x'), /lbgym-checkpoint\.json/);
  });

  it('a valid resume continues the run to the new total', async () => {
    const [dir, run] = copy();
    const r = await runCliInProcess(['train', '--resume', run, '--total-steps', '1536', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--total-steps: the run continues to 1536 steps \(was 1024\)/);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { steps: number; alreadyFinished?: boolean };
    expect(summary.steps).toBe(1536);
    expect(summary.alreadyFinished).toBeUndefined();
  });

  /** The learning_rate column of metrics.csv, by update, over the configured learningRate. */
  function rateFractions(dir: string, run: string): Map<number, number> {
    const lr = (JSON.parse(readFileSync(join(dir, run, 'config.json'), 'utf8')) as { config: { learningRate: number } }).config.learningRate;
    const [header, ...rows] = readFileSync(join(dir, run, 'metrics.csv'), 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const out = new Map<number, number>();
    for (const row of rows) {
      const cells = row.split(',');
      out.set(Number(cells[cols.indexOf('update')]), Number(cells[cols.indexOf('learning_rate')]) / lr);
    }
    return out;
  }

  it('a longer resumed run carries the annealed learning rate on from its last value, with no step', async () => {
    const [dir, run] = copy();
    // 1024 steps of 512: updates 1 and 2 at 100 % and 50 % of learningRate.
    const r = await runCliInProcess(['train', '--resume', run, '--total-steps', '2048'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/carries on from 50\.0 % of learningRate and now falls to 0 at the new total/);
    const f = rateFractions(dir, run);
    expect([1, 2, 3, 4].map((u) => f.get(u))).toEqual([1, 0.5, 0.5 * (2 / 3), 0.5 * (1 / 3)].map((x) => expect.closeTo(x, 6)));
    const config = JSON.parse(readFileSync(join(dir, run, 'config.json'), 'utf8')) as { lrAnchor?: unknown };
    expect(config.lrAnchor).toEqual({ update: 2, fraction: 0.5 });
  });

  it('--lr-schedule rescale re-plans the anneal over the new total', async () => {
    const [dir, run] = copy();
    const r = await runCliInProcess(['train', '--resume', run, '--total-steps', '3072', '--lr-schedule', 'rescale'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/--lr-schedule rescale: .* goes from 50\.0 % to 66\.7 % of learningRate/);
    const f = rateFractions(dir, run);
    expect([3, 6].map((u) => f.get(u))).toEqual([2 / 3, 1 / 6].map((x) => expect.closeTo(x, 6)));
  });

  it('--lr-schedule without --resume, or with an unknown mode, is refused', async () => {
    await refused(() => ['train', '--env', 'LB-OneShot-v0', '--algo', 'ppo', '--lr-schedule', 'rescale'], () => {}, /--lr-schedule: only with --resume/);
    await refused((run) => [...resume(run), '--lr-schedule', 'restart'], () => {}, /--lr-schedule: .*restart/);
  });
});
