/**
 * `lbgym calibrate` from the command line (in this process): bad measurement
 * files exit 2 with one line naming the file, row and column, and write
 * nothing; the example data set gives a scenario that validates, holds the
 * parameters that made it within its intervals, and runs in simulate,
 * analyze and LB-OneShot-v0.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OneShotEnv } from '../../envs/one-shot-env.js';
import { loadScenarioFile, validateScenario } from '../../envs/sim/scenario.js';
import { lastJson, runCliInProcess } from '../helpers/cli.js';
import { treeHash } from '../helpers/tree-hash.js';
import { expectUsageError } from '../helpers/usage-error.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/calibration', import.meta.url));
const EXAMPLE_FILES = ['service.csv', 'comm.csv', 'transfer.csv', 'completion.csv'];

function fixtures(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lbgym-calibrate-'));
  const files: Record<string, string> = {
    'bad-number.csv': 'node,service_s\n1,0.5\n2,abc\n',
    'bad-node.csv': '# a comment\nnode,service_s\n1,0.5\n0,0.7\n',
    'gap-node.csv': 'node,service_s\n1,0.5\n3,0.7\n',
    'negative.csv': 'batch,transfer_s\n1,0.4\n\n2,-0.1\n',
    'batch-float.csv': 'batch,transfer_s\n1.5,0.4\n',
    'typo-column.csv': 'nodee,service_s\n1,0.5\n',
    'no-kind.csv': 'node,seconds\n1,0.5\n',
    'short-row.csv': 'comm_s\n0.1\n0.2,0.3\n',
    'bad-gain.csv': 'load1,load2,K,tb,completion_s\n10,5,0.5,1,12\n10,5,1.5,1,12\n',
    'bad.json': JSON.stringify({ comm: [{ comm_s: 0.1 }, { comm_s: -1 }] }),
    'typo.json': JSON.stringify({ comms: [{ comm_s: 0.1 }] }),
    'json-column.json': JSON.stringify({ transfer: [{ batch: 1, transfer_s: 0.3, extra: 1 }] }),
    'one-comm.csv': 'comm_s\n0.1\n',
    'existing-file': 'not a directory\n',
    'good-comm.csv': 'comm_s\n0.1\n0.2\n0.15\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** [argv, the message the one line must match]. */
const CASES: [string[], RegExp][] = [
  [['bad-number.csv'], /bad-number\.csv: row 3, column "service_s": expected a service time in seconds, a finite number > 0, got "abc"/],
  [['bad-node.csv'], /bad-node\.csv: row 4, column "node": expected a node number, an integer in \[1, 10000\], got "0"/],
  [['gap-node.csv'], /service: node 2 has no samples/],
  [['negative.csv'], /negative\.csv: row 4, column "transfer_s": expected a transfer delay in seconds, a finite number > 0, got "-0\.1"/],
  [['batch-float.csv'], /batch-float\.csv: row 2, column "batch": expected a batch size, an integer >= 1, got "1\.5"/],
  [['typo-column.csv'], /typo-column\.csv: row 1: unknown column "nodee" \(did you mean "node"\?\)/],
  [['no-kind.csv'], /no-kind\.csv: row 1: expected a header with exactly one measured column \(service_s, comm_s, transfer_s, completion_s\)/],
  [['short-row.csv'], /short-row\.csv: row 3: expected 1 cells \(comm_s\), got 2/],
  [['bad-gain.csv'], /bad-gain\.csv: row 3, column "K": expected a gain in \[0, 1\], got "1\.5"/],
  [['bad.json'], /bad\.json: comm row 2 \(comm\[1\]\), column "comm_s": expected a communication delay in seconds, a finite number > 0, got -1/],
  [['typo.json'], /typo\.json: unknown key "comms" \(did you mean "comm"\?\)/],
  [['json-column.json'], /json-column\.json: transfer row 1 \(transfer\[0\]\): unknown column "extra"/],
  [['one-comm.csv'], /comm: expected at least 2 communication-delay samples, got 1/],
  [['missing.csv'], /missing\.csv: expected a readable measurement file/],
  [['good-comm.csv', '--out', 'existing-file'], /--out: existing-file exists and is not a directory/],
  [['good-comm.csv', '--comm-family', 'weibull'], /--comm-family: expected one of auto, exponential, lognormal, pareto, got "weibull"/],
  [['good-comm.csv', '--bootstrap', '0'], /--bootstrap: expected an integer in \[1, 1000000\]/],
];

describe('calibrate: bad measurement files exit 2 naming the file, row and column, and write nothing', () => {
  for (const [args, message] of CASES) {
    it(args.join(' '), async () => {
      const dir = fixtures();
      await expectUsageError(['calibrate', ...args, ...(args.includes('--out') ? [] : ['--out', 'out'])], dir, message);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }
});

describe('calibrate on the example data set', () => {
  it('writes a scenario that validates, loads in simulate, analyze and LB-OneShot-v0, and holds the truth within its intervals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-calibrate-ex-'));
    for (const f of [...EXAMPLE_FILES, 'truth.json']) cpSync(join(EXAMPLES, f), join(dir, f));
    const r = await runCliInProcess(['calibrate', ...EXAMPLE_FILES, '--out', 'calib', '--then-analyze', '--json', '--bootstrap', '300'], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout) as {
      scenario: unknown;
      parameters: { name: string; value: number; ci95: [number, number] | null }[];
      files: string[];
      optimum: { K: number; tb: number; mu: number; loads: number[] };
      comm: { chosen: string };
      transfer: { chosen: string };
    };
    const scenario = loadScenarioFile(join(dir, 'calib', 'scenario.json'));
    expect(validateScenario(out.scenario)).toEqual(scenario);
    expect(out.files.map((f) => f.replace(/^.*[\\/]/, ''))).toEqual(['scenario.json', 'calibration.json', 'transfer-fit.svg', 'calibration.html']);
    expect(readFileSync(join(dir, 'calib', 'transfer-fit.svg'), 'utf8')).toMatch(/Transfer delay against batch size/);
    expect(readFileSync(join(dir, 'calib', 'calibration.html'), 'utf8')).toMatch(/<svg/);
    // The parameters that made the example (truth.json, the wireless-lan preset).
    const truth = loadScenarioFile(join(dir, 'truth.json'));
    const want: Record<string, number> = {
      lambda_1: 1 / (truth.nodes[0]!.service as { mean: number }).mean,
      lambda_2: 1 / (truth.nodes[1]!.service as { mean: number }).mean,
      'comm.mean': 0.119,
      'transfer.dMin': 0.3462,
      'transfer.d': 0.4,
      'transfer.beta': 0.2,
      speedFactor: 1,
    };
    for (const [name, value] of Object.entries(want)) {
      const p = out.parameters.find((q) => q.name === name);
      expect(p?.ci95, name).not.toBeNull();
      expect(p!.ci95![0], name).toBeLessThanOrEqual(value);
      expect(p!.ci95![1], name).toBeGreaterThanOrEqual(value);
    }
    expect(out.comm.chosen).toBe('exponential');
    expect(out.transfer.chosen).toBe('floor-linear');
    expect(out.optimum.loads).toEqual([100, 50]);
    expect(out.optimum.K).toBeGreaterThan(0);
    // The optimum is the analyze command's on the fitted scenario.
    const a = await runCliInProcess(['analyze', '--scenario', 'calib/scenario.json', '--json'], dir);
    expect(a.code, a.stderr).toBe(0);
    expect(lastJson(a.stdout)).toMatchObject({ K: out.optimum.K, tb: out.optimum.tb, mu: out.optimum.mu });
    const s = await runCliInProcess(['simulate', '--scenario', 'calib/scenario.json', '--episodes', '20', '--json'], dir);
    expect(s.code, s.stderr).toBe(0);
    const env = new OneShotEnv({ scenario: JSON.parse(readFileSync(join(dir, 'calib', 'scenario.json'), 'utf8')) as never });
    env.reset({ seed: 1 });
    expect(env.step(Float32Array.of(out.optimum.K, out.optimum.tb)).terminated).toBe(true);
  });

  it('without --out writes nothing and prints the scenario; with three nodes --then-analyze says that the exact optimum needs two', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-calibrate-3-'));
    const rows = ['node,service_s', ...[1, 2, 3].flatMap((node) => [0.5, 0.7, 0.9, 1.1].map((x) => `${node},${x * node}`))];
    writeFileSync(join(dir, 'service.csv'), `${rows.join('\n')}\n`);
    const before = treeHash(dir);
    const r = await runCliInProcess(['calibrate', 'service.csv', '--loads', '30,20,10', '--then-analyze'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(treeHash(dir)).toBe(before);
    expect(r.stdout).toMatch(/optimal policy: not computed \(the exact optimum needs two nodes; the fitted scenario has 3\)/);
    const json = r.stdout.slice(r.stdout.indexOf('{'), r.stdout.lastIndexOf('}') + 1);
    const sc = validateScenario(JSON.parse(json));
    expect(sc.nodes).toHaveLength(3);
    expect(sc.defaultLoads).toEqual([30, 20, 10]);
    // Node 1's rate: 4 / (0.5 + 0.7 + 0.9 + 1.1).
    expect(1 / (sc.nodes[0]!.service as { mean: number }).mean).toBeCloseTo(4 / 3.2, 12);
    const noLoads = await runCliInProcess(['calibrate', 'service.csv'], dir);
    expect(noLoads.code).toBe(2);
    expect(noLoads.stderr).toMatch(/--loads: required, the measurements have 3 nodes/);
  });
});
