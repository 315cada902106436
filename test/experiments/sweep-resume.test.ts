/**
 * An interrupted sweep marks its unfinished rows (their seeds are not in the
 * estimates) and `lbgym sweep --resume DIR` finishes it: finished runs are
 * kept, stopped runs continue in their own directories, the rest run.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SweepState, SWEEP_STATE, runSweep } from '../../experiments/sweep.js';
import { runCliInProcess } from '../helpers/cli.js';

const sweepFile = (logdir: string) => ({ env: 'LB-OneShot-v0', algo: 'ppo' as const, base: { totalSteps: 1024, numSteps: 512 }, grid: { learningRate: [0.001, 0.003] }, seeds: [1], logdir });

describe('sweep --resume', () => {
  it('an interrupted sweep counts only finished seeds and marks the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-stop-'));
    const result = await runSweep(sweepFile(join(dir, 'sweep')), 1, () => {}, () => true);
    expect(result.rows.map((r) => r.unfinished)).toEqual([1, 1]);
    expect(result.rows.every((r) => r.finalReturn === null && r.seeds.length === 0)).toBe(true);
    const state = JSON.parse(readFileSync(join(dir, 'sweep', SWEEP_STATE), 'utf8')) as SweepState;
    expect(state.jobs.map((j) => j.status)).toEqual(['pending', 'pending']);
  });

  it('keeps finished runs, continues stopped ones in place, runs the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-resume-'));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweepFile('sweep')));
    const first = await runCliInProcess(['sweep', '--config', 'sweep.json', '--workers', '1', '--json'], dir);
    expect(first.code, first.stderr).toBe(0);
    const statePath = join(dir, 'sweep', SWEEP_STATE);
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as SweepState;
    expect(state.jobs.map((j) => j.status)).toEqual(['done', 'done']);
    // As if interrupted: the first job never ran, the second was stopped.
    const stoppedDir = state.jobs[1]!.runDir!;
    state.jobs[0] = { setting: state.jobs[0]!.setting, seed: 1, status: 'pending' };
    state.jobs[1] = { ...state.jobs[1]!, status: 'stopped' };
    writeFileSync(statePath, JSON.stringify(state));
    const runsBefore = readdirSync(join(dir, 'sweep')).filter((d) => d.startsWith('LB-OneShot-v0__'));
    const r = await runCliInProcess(['sweep', '--resume', 'sweep', '--workers', '1', '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const after = JSON.parse(readFileSync(statePath, 'utf8')) as SweepState;
    expect(after.jobs.map((j) => j.status)).toEqual(['done', 'done']);
    expect(after.jobs[1]!.runDir).toBe(stoppedDir); // continued in place (it had finished: nothing to train)
    const runsAfter = readdirSync(join(dir, 'sweep')).filter((d) => d.startsWith('LB-OneShot-v0__'));
    expect(runsAfter).toHaveLength(runsBefore.length + 1); // only the pending job made a new run
    const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: { unfinished: number; seeds: number[] }[] };
    expect(summary.rows.map((row) => [row.unfinished, row.seeds.length])).toEqual([[0, 1], [0, 1]]);
  });

  it('--resume of a directory without a sweep state is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-sweep-none-'));
    const r = await runCliInProcess(['sweep', '--resume', dir], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume: .* is not a sweep directory \(no sweep-state\.json\)/);
  });
});
