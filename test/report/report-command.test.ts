import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../experiments/cli/errors.js';
import { reportCommand } from '../../experiments/commands/report.js';
import { writeReport } from '../../experiments/report/write-report.js';
import { lastJson, runCli } from '../helpers/cli.js';
import { syntheticReport, writeSyntheticRun } from './fixture.js';

/** Runs `lbgym report ARGS` in-process; returns the exit code and stdout. */
async function report(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await reportCommand().exitOverride().configureOutput({ writeErr: (s) => (stderr += s) }).parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const code = reportError(e);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'lbgym-report-cmd-'));

afterEach(() => vi.restoreAllMocks());

describe('lbgym report --from', () => {
  it('re-renders the four files from comparison.json, into --out', async () => {
    const from = tmp();
    writeFileSync(join(from, 'comparison.json'), JSON.stringify({ ...syntheticReport(), title: 'edited <title>' }));
    const out = join(tmp(), 'out');
    const r = await report(['--from', from, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const j = lastJson(r.stdout);
    expect(j).toEqual({ report: join(out, 'report.html'), json: join(out, 'comparison.json'), md: join(out, 'comparison.md'), csv: join(out, 'comparison.csv') });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h1>edited &lt;title&gt;</h1>');
    expect(html).toContain('<td>ppo &lt;seed 1&gt; &amp; &quot;co&quot;</td>');
    expect(readFileSync(join(out, 'comparison.csv'), 'utf8')).toContain('no-balancing,baseline,95,');
  });

  it('defaults --out to the --from directory and prints the path without --json', async () => {
    const from = tmp();
    await writeReport(from, syntheticReport());
    const r = await report(['--from', from]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`report  ${join(from, 'report.html')}\n`);
  });

  it("shows the charts' progress on stderr, which --quiet silences", async () => {
    const from = tmp();
    await writeReport(from, syntheticReport());
    const loud = await report(['--from', from]);
    expect(loud.stderr).toMatch(/^100% (\d+)\/\1 charts /m);
    const quiet = await report(['--from', from, '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('bad input exits 2 with one line naming the file or field', async () => {
    const missing = join(tmp(), 'nope');
    const empty = tmp();
    const badJson = tmp();
    writeFileSync(join(badJson, 'comparison.json'), '{"title": ');
    const offContract = tmp();
    const d = JSON.parse(JSON.stringify(syntheticReport())) as { rows: { meanReturn: unknown }[] };
    d.rows[1]!.meanReturn = 5;
    writeFileSync(join(offContract, 'comparison.json'), JSON.stringify(d));
    const cases: [string[], RegExp][] = [
      [['--from', missing], /^lbgym: --from: expected a directory holding comparison\.json, got ".*nope"\n$/],
      [['--from', empty], /^lbgym: .*comparison\.json: expected a readable file/],
      [['--from', badJson], /^lbgym: .*comparison\.json: expected valid JSON/],
      [['--from', offContract], /^lbgym: .*comparison\.json: rows\[1\]\.meanReturn: expected an object, got 5\n$/],
      [[], /^lbgym: --from or --run: required/],
      [['--from', empty, '--run', empty], /^lbgym: --from and --run: give one or the other/],
      [['--run', empty], /^lbgym: --out: required with --run/],
      [['--run', missing, '--out', empty], /^lbgym: --run: expected a run directory, got ".*nope"/],
      [['--run', empty, '--out', empty], /^lbgym: .*metrics\.csv: expected a readable metrics\.csv/],
    ];
    for (const [args, message] of cases) {
      const r = await report(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('lbgym report --run', () => {
  it('a learning-curves report with a table of runs', async () => {
    const root = tmp();
    const a = writeSyntheticRun(join(root, 'LB-OneShot-v0__ppo__3__1700000000'));
    const b = writeSyntheticRun(join(root, 'LB-OneShot-v0__ppo__4__1700000001'), { summary: false });
    const out = join(root, 'report');
    const r = await report(['--run', a, '--run', b, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toEqual({ report: join(out, 'report.html'), runs: [a, b] });
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<td>LB-OneShot-v0__ppo__3__1700000000</td>');
    expect(html).toContain('<td>1.01%</td>'); // summary.json regret
    expect(html).toContain('<td>1280</td>'); // summary.json steps; the second run falls back to metrics.csv
    expect(html).toContain('no summary.json (running or interrupted)');
    // The second run (no summary.json) shows the last logged regret: row 9 of metrics.csv, 0.1 / 9.
    expect(html).toContain('<td>1.11%</td>');
    // Return, regret, completion time and Jain curves.
    expect(html.split('<svg').length - 1).toBe(4);
    expect(html).toContain('Learning curves: regret');
    expect(html).toContain('LB-OneShot-v0__ppo__4__1700000001');
  });
});

describe('lbgym report through the CLI', () => {
  it('is registered: --json output and exit code 2 on bad input', async () => {
    const from = tmp();
    await writeReport(from, syntheticReport());
    const ok = runCli(['report', '--from', from, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(lastJson(ok.stdout)['report']).toBe(join(from, 'report.html'));
    mkdirSync(join(from, 'empty'));
    const bad = runCli(['report', '--from', join(from, 'empty')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/comparison\.json: expected a readable file/);
  });
});
