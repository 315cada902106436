import { describe, expect, it } from 'vitest';
import { beta, gammaUnit, poisson, sampler, validateDistribution, type Distribution } from '../../envs/sim/distributions.js';
import { Rng } from '../../envs/sim/rng.js';
import { erlangCdf, logGamma, poissonPmf } from '../../envs/sim/special.js';
import { meanAndSe } from '../helpers/stats.js';

const N = 200_000;
function draws(f: () => number, n = N): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = f();
  return xs;
}

describe('distribution samplers have the stated mean (within 4 standard errors)', () => {
  const cases: Distribution[] = [
    { family: 'exponential', mean: 0.7847 },
    { family: 'deterministic', mean: 2 },
    { family: 'lognormal', mean: 1.5, cv: 0.8 },
    { family: 'pareto', mean: 1, shape: 3.5 },
    { family: 'empirical', samples: [1, 2, 3, 10] },
    { family: 'empirical', samples: [1, 2, 3, 10], mean: 1 },
  ];
  for (const d of cases) {
    it(`${d.family} ${JSON.stringify(d)}`, () => {
      const rng = new Rng('dist');
      const s = sampler(d);
      const { mean, se } = meanAndSe(draws(() => s(rng)));
      const want = d.family === 'empirical' ? (d.mean ?? 4) : d.mean;
      expect(Math.abs(mean - want)).toBeLessThanOrEqual(4 * se + 1e-12);
    });
  }
  it('lognormal has the stated coefficient of variation', () => {
    const rng = new Rng(3);
    const s = sampler({ family: 'lognormal', mean: 2, cv: 0.5 });
    const { mean, sd } = meanAndSe(draws(() => s(rng)));
    expect(sd / mean).toBeCloseTo(0.5, 1);
  });
});

describe('gamma, Poisson and beta samplers', () => {
  for (const k of [1, 3, 12, 13, 50, 400]) {
    it(`Gamma(${k}) has mean and variance k`, () => {
      const rng = new Rng(`g${k}`);
      const { mean, se, sd } = meanAndSe(draws(() => gammaUnit(rng, k), 100_000));
      expect(Math.abs(mean - k)).toBeLessThanOrEqual(4 * se);
      expect(sd * sd).toBeGreaterThan(k * 0.95);
      expect(sd * sd).toBeLessThan(k * 1.05);
    });
  }
  for (const m of [0.5, 10.5, 29.9, 30, 120]) {
    it(`Poisson(${m}) has mean and variance m`, () => {
      const rng = new Rng(`p${m}`);
      const { mean, se, sd } = meanAndSe(draws(() => poisson(rng, m), 100_000));
      expect(Math.abs(mean - m)).toBeLessThanOrEqual(4 * se);
      expect(sd * sd).toBeGreaterThan(m * 0.95);
      expect(sd * sd).toBeLessThan(m * 1.05);
    });
  }
  it('Poisson(120) frequencies match the pmf', () => {
    const rng = new Rng('pf');
    const xs = draws(() => poisson(rng, 120), 100_000);
    let hits = 0;
    for (const x of xs) if (x === 120) hits++;
    const p = poissonPmf(120, 120);
    expect(Math.abs(hits / xs.length - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / xs.length));
  });
  it('Beta(a, b) has mean a / (a + b)', () => {
    const rng = new Rng('b');
    const { mean, se } = meanAndSe(draws(() => beta(rng, 3, 7), 100_000));
    expect(Math.abs(mean - 0.3)).toBeLessThanOrEqual(4 * se);
  });
});

describe('special functions', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
  it('erlangCdf: k = 1 is the exponential CDF; k = 0 is 1; large arguments stay in [0, 1]', () => {
    expect(erlangCdf(1, 2, 0.3)).toBeCloseTo(1 - Math.exp(-0.6), 14);
    expect(erlangCdf(0, 2, 0)).toBe(1);
    expect(erlangCdf(3, 1, 0)).toBe(0);
    expect(erlangCdf(100, 1.2744, 2000)).toBe(1);
    // Erlang(2, 1) at t = 1: 1 - e^-1 (1 + 1)
    expect(erlangCdf(2, 1, 1)).toBeCloseTo(1 - 2 * Math.exp(-1), 14);
  });
});

describe('distribution validation names the field and the value', () => {
  const bad: [unknown, RegExp][] = [
    [null, /^svc: expected an object/],
    [{ family: 'weibull', mean: 1 }, /svc\.family: expected one of exponential.*"weibull"/],
    [{ family: 'exponential', mean: -1 }, /svc\.mean: expected a finite number > 0, got -1/],
    [{ family: 'exponential' }, /svc\.mean: .*got undefined/],
    [{ family: 'lognormal', mean: 1, cv: 0 }, /svc\.cv: .*got 0/],
    [{ family: 'pareto', mean: 1, shape: 1 }, /svc\.shape: expected a number > 1.*got 1/],
    [{ family: 'empirical', samples: [] }, /svc\.samples: expected a non-empty array/],
    [{ family: 'empirical', samples: [1, -2] }, /svc\.samples\[1\]: .*got -2/],
    [{ family: 'deterministic', mean: Number.NaN }, /svc\.mean: .*NaN/],
  ];
  for (const [v, re] of bad) {
    it(`rejects ${JSON.stringify(v)}`, () => {
      expect(() => validateDistribution(v, 'svc')).toThrow(re);
    });
  }
});
