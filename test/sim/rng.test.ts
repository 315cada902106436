import { describe, expect, it } from 'vitest';
import { Rng, childSeed, streamFor } from '../../envs/sim/rng.js';

describe('Rng streams', () => {
  it('same seed and name give the same sequence', () => {
    const a = streamFor(7, 'service', 0);
    const b = streamFor(7, 'service', 0);
    for (let i = 0; i < 100; i++) expect(a.uniform()).toBe(b.uniform());
  });
  it('different names, indices and seeds give different sequences', () => {
    const base = streamFor(7, 'service', 0).uniform();
    expect(streamFor(7, 'service', 1).uniform()).not.toBe(base);
    expect(streamFor(7, 'comm').uniform()).not.toBe(base);
    expect(streamFor(8, 'service', 0).uniform()).not.toBe(base);
  });
  it('a saved state resumes the exact sequence', () => {
    const a = new Rng('s');
    for (let i = 0; i < 10; i++) a.uniform();
    const b = new Rng('s', a.state());
    for (let i = 0; i < 50; i++) expect(b.uniform()).toBe(a.uniform());
  });
  it('uniformPositive never returns 0 and int stays in range', () => {
    const r = new Rng(1);
    for (let i = 0; i < 10000; i++) {
      const u = r.uniformPositive();
      expect(u > 0 && u <= 1).toBe(true);
      const k = r.int(5);
      expect(k >= 0 && k < 5 && Number.isInteger(k)).toBe(true);
    }
    expect(childSeed(r)).toBeGreaterThanOrEqual(0);
  });
});
