import { describe, expect, it } from 'vitest';
import { parseReportData } from '../../experiments/report/parse-report-data.js';
import { syntheticReport } from './fixture.js';

const roundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('parseReportData', () => {
  it('accepts the contract and reads JSON null back as NaN', () => {
    const data = syntheticReport();
    const parsed = parseReportData(roundTrip(data), 'c.json');
    expect(parsed).toEqual(data);
    expect(parsed.rows[2]!.meanCompletion!.stdError).toBeNaN();
  });

  it('optional sections may be absent; learning and maps default to empty', () => {
    const { tbCurves: _t, kCurves: _k, learning: _l, maps: _m, ...rest } = syntheticReport();
    const parsed = parseReportData(roundTrip(rest), 'c.json');
    expect(parsed.tbCurves).toBeUndefined();
    expect(parsed.learning).toEqual([]);
    expect(parsed.maps).toEqual([]);
  });

  const cases: [string, (d: Record<string, unknown>) => void, RegExp][] = [
    ['top level', () => undefined, /^x\/comparison\.json: \(top level\): expected an object, got \[\]$/],
    ['title', (d) => { d['title'] = 3; }, /^x\/comparison\.json: title: expected a string, got 3$/],
    ['rows', (d) => { d['rows'] = {}; }, /rows: expected an array/],
    ['row kind', (d) => { (d['rows'] as Record<string, unknown>[])[1]!['kind'] = 'human'; }, /rows\[1\]\.kind: expected "agent" or "baseline", got "human"/],
    ['ci95', (d) => { ((d['rows'] as Record<string, unknown>[])[0]!['meanReturn'] as Record<string, unknown>)['ci95'] = [1]; }, /rows\[0\]\.meanReturn\.ci95: expected \[low, high\] numbers, got \[1\]/],
    ['metric', (d) => { (d['rows'] as Record<string, unknown>[])[0]!['metrics'] = { x: 1 }; }, /rows\[0\]\.metrics\.x: expected an object, got 1/],
    ['regret', (d) => { (d['rows'] as Record<string, unknown>[])[0]!['regret'] = '2%'; }, /rows\[0\]\.regret: expected a finite number, got "2%"/],
    ['tb curve', (d) => { ((d['tbCurves'] as Record<string, unknown>)['analytic'] as Record<string, unknown>[])[2]!['mu'] = null; }, /tbCurves\.analytic\[2\]\.mu: expected a finite number, got null/],
    ['loads', (d) => { (d['kCurves'] as Record<string, unknown>)['loads'] = [5]; }, /kCurves\.loads: expected at least 2 loads/],
    ['map point', (d) => { ((d['maps'] as Record<string, unknown>[])[0]!['points'] as Record<string, unknown>[])[0]!['K'] = 'a'; }, /maps\[0\]\.points\[0\]\.K: expected a finite number, got "a"/],
    ['learning step', (d) => { ((d['learning'] as Record<string, unknown>[])[0]!['rows'] as Record<string, unknown>[])[3]!['step'] = undefined; }, /learning\[0\]\.rows\[3\]\.step: expected a finite number, got undefined/],
  ];
  for (const [what, mutate, message] of cases) {
    it(`names the file and field: ${what}`, () => {
      const d = roundTrip(syntheticReport()) as Record<string, unknown>;
      mutate(d);
      expect(() => parseReportData(what === 'top level' ? [] : d, 'x/comparison.json')).toThrow(message);
    });
  }
});
