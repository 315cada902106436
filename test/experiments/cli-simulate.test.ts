import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preset } from '../../envs/sim/presets.js';
import { lastJson, runCli, runCliInProcess } from '../helpers/cli.js';

describe('lbgym simulate', () => {
  it('--json prints the documented keys', () => {
    const r = runCli(['simulate', '--preset', 'wireless-lan', '--loads', '100,50', '--K', '0.9', '--tb', '5', '--episodes', '20000', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const j = lastJson(r.stdout);
    for (const key of ['meanCompletion', 'stdError', 'ci95', 'episodes', 'episodesPerSecond', 'meanTasksMoved', 'jainFinish']) {
      expect(j).toHaveProperty(key);
    }
    expect(j['episodes']).toBe(20000);
    const ci = j['ci95'] as number[];
    expect(ci).toHaveLength(2);
    expect(ci[0]!).toBeLessThan(j['meanCompletion'] as number);
    expect(ci[1]!).toBeGreaterThan(j['meanCompletion'] as number);
    // Same seed, same numbers.
    const again = lastJson(runCli(['simulate', '--loads', '100,50', '--K', '0.9', '--tb', '5', '--episodes', '20000', '--seed', '3', '--json']).stdout);
    expect(again['meanCompletion']).toBe(j['meanCompletion']);
  });
  it('prints a readable summary without --json, and accepts a scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-cli-'));
    const f = join(dir, 's.json');
    writeFileSync(f, JSON.stringify({ ...preset('hetero-4'), comm: { family: 'lognormal', mean: 0.1, cv: 1 } }));
    const r = runCli(['simulate', '--scenario', f, '--episodes', '2000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mean completion time/);
    expect(r.stdout).toMatch(/general engine/);
  });
  const bad: [string[], RegExp][] = [
    [['simulate', '--K', '1.5'], /--K: expected a number in \[0, 1\], got "1.5"/],
    [['simulate', '--tb', '-1'], /--tb: expected a number >= 0, got "-1"/],
    [['simulate', '--loads', '10'], /--loads: expected 2 values/],
    [['simulate', '--loads', '10,x'], /--loads: expected an integer >= 0, got "x"/],
    [['simulate', '--episodes', '0'], /--episodes: expected an integer >= 1, got "0"/],
    [['simulate', '--preset', 'moon'], /--preset: expected one of/],
    [['simulate', '--scenario', '/no/such/file.json'], /--scenario: expected a readable JSON file/],
    [['simulate', '--engine', 'warp'], /--engine: expected one of auto, general, fast/],
    [['simulate', '--nope'], /unknown option '--nope'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [args, re] of bad) {
    it(`exits 2 with a one-line message: ${args.join(' ')}`, async () => {
      const r = await runCliInProcess(args, process.cwd());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});
