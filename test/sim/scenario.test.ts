import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preset, presetNames } from '../../envs/sim/presets.js';
import { loadScenarioFile, serviceRates, validateLoads, validateScenario } from '../../envs/sim/scenario.js';
import { transferMean, validateTransferModel } from '../../envs/sim/transfer-delay.js';

describe('presets', () => {
  it('wireless-lan is the delay paper testbed of docs/model.md §6.1', () => {
    const s = preset('wireless-lan');
    const r = serviceRates(s);
    expect(r[0]).toBeCloseTo(1.2744, 3);
    expect(r[1]).toBeCloseTo(2.1053, 3);
    expect(s.comm).toEqual({ family: 'exponential', mean: 0.119 });
    expect(s.defaultLoads).toEqual([100, 50]);
    expect(transferMean(s.transfer.model, 1)).toBeCloseTo(0.3462 + 0.4 * Math.tanh(0.1), 12);
  });
  it('every preset validates, and there are 2-, 4- and 16-node ones', () => {
    const sizes = presetNames().map((n) => validateScenario(preset(n)).nodes.length);
    expect(sizes).toEqual(expect.arrayContaining([2, 4, 16]));
  });
  it('an unknown preset names the flag and the value', () => {
    expect(() => preset('nope')).toThrow(/--preset: expected one of .*wireless-lan.*"nope"/);
  });
});

describe('transfer-delay models', () => {
  it('floor-linear, affine and constant means', () => {
    expect(transferMean({ kind: 'affine', dMin: 1, d: 0.5 }, 4)).toBe(3);
    expect(transferMean({ kind: 'constant', mean: 2 }, 40)).toBe(2);
    expect(transferMean({ kind: 'floor-linear', dMin: 0.3, d: 0.4, beta: 0.2 }, 10)).toBeCloseTo(0.3 + 4 * Math.tanh(1), 12);
  });
  it('validation errors', () => {
    expect(() => validateTransferModel({ kind: 'cubic' }, 't')).toThrow(/t\.kind: expected one of floor-linear, affine, constant, got "cubic"/);
    expect(() => validateTransferModel({ kind: 'affine', dMin: -1, d: 1 }, 't')).toThrow(/t\.dMin: .*got -1/);
    expect(() => validateTransferModel({ kind: 'affine', dMin: 0, d: 0 }, 't')).toThrow(/t\.d: expected dMin \+ d > 0/);
    expect(() => validateTransferModel({ kind: 'floor-linear', dMin: 0, d: 1, beta: 0 }, 't')).toThrow(/t\.dMin/);
    expect(() => validateTransferModel({ kind: 'constant', mean: 0 }, 't')).toThrow(/t\.mean: .*got 0/);
    expect(() => validateTransferModel(3, 't')).toThrow(/^t: expected an object/);
  });
});

describe('scenario validation names the field and the value', () => {
  const good = () => JSON.parse(JSON.stringify(preset('wireless-lan'))) as Record<string, unknown>;
  const cases: [string, (s: Record<string, unknown>) => void, RegExp][] = [
    ['not an object', () => undefined, /scenario: expected an object/],
    ['one node', (s) => (s['nodes'] = [{ service: { family: 'exponential', mean: 1 } }]), /scenario\.nodes: expected an array of at least 2 nodes/],
    ['bad node', (s) => ((s['nodes'] as unknown[])[1] = 5), /scenario\.nodes\[1\]: expected an object/],
    ['bad service', (s) => (((s['nodes'] as Record<string, unknown>[])[0]!)['service'] = { family: 'exponential', mean: 0 }), /scenario\.nodes\[0\]\.service\.mean: .*got 0/],
    ['bad node name', (s) => (((s['nodes'] as Record<string, unknown>[])[0]!)['name'] = 3), /scenario\.nodes\[0\]\.name: expected a string, got 3/],
    ['bad comm', (s) => (s['comm'] = { family: 'exponential', mean: -0.1 }), /scenario\.comm\.mean: .*got -0\.1/],
    ['bad transfer', (s) => (s['transfer'] = {}), /scenario\.transfer\.model: expected an object/],
    ['bad transfer shape', (s) => (s['transfer'] = { model: { kind: 'constant', mean: 1 }, shape: { family: 'pareto', shape: 0.5 } }), /scenario\.transfer\.shape\.shape: expected a number > 1/],
    ['bad averaging', (s) => (s['averaging'] = 'median'), /scenario\.averaging: expected "plain" or "capacity-weighted", got "median"/],
    ['bad unknownQueue', (s) => (s['unknownQueue'] = 'max'), /scenario\.unknownQueue: expected "zero" or "own", got "max"/],
    ['bad name', (s) => (s['name'] = ''), /scenario\.name: expected a non-empty string/],
    ['bad loads', (s) => (s['defaultLoads'] = [1.5, 2]), /scenario\.defaultLoads\[0\]: expected an integer >= 0, got 1\.5/],
    ['wrong number of loads', (s) => (s['defaultLoads'] = [1]), /scenario\.defaultLoads: expected 2 values/],
    ['bad commPairs', (s) => (s['commPairs'] = [[null]]), /scenario\.commPairs: expected an 2 x 2 array/],
    ['bad commPairs row', (s) => (s['commPairs'] = [[null, 1], [null, null]]), /scenario\.commPairs\[0\]\[1\]: expected an object/],
  ];
  for (const [name, mutate, re] of cases) {
    it(name, () => {
      const s = good();
      mutate(s);
      expect(() => validateScenario(name === 'not an object' ? 42 : s)).toThrow(re);
    });
  }
  it('validateLoads', () => {
    expect(validateLoads([3, 0], 2)).toEqual([3, 0]);
    expect(() => validateLoads([3, -1], 2, '--loads')).toThrow(/--loads\[1\]: expected an integer >= 0, got -1/);
    expect(() => validateLoads('3,1', 2)).toThrow(/loads: expected an array/);
  });
});

describe('scenario files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbgym-scn-'));
  it('loads a JSON scenario', () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, JSON.stringify(preset('hetero-4')));
    expect(loadScenarioFile(f).nodes).toHaveLength(4);
  });
  it('names the file on bad JSON, a missing file, or a bad field', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(() => loadScenarioFile(bad)).toThrow(/--scenario: expected valid JSON/);
    expect(() => loadScenarioFile(join(dir, 'missing.json'))).toThrow(/--scenario: expected a readable JSON file/);
    const field = join(dir, 'field.json');
    writeFileSync(field, JSON.stringify({ ...preset('wireless-lan'), averaging: 'x' }));
    expect(() => loadScenarioFile(field)).toThrow(new RegExp(`${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.averaging`));
  });
});
