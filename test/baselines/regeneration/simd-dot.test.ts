/**
 * The WebAssembly SIMD dot products (baselines/regeneration/simd-dot.ts):
 * the embedded binary is the assembled simd-dot.wat, the results are bitwise
 * those of the JavaScript loops they replace, and the arena's copies survive
 * its growth and are forgotten only by trim() beyond the budget or clear().
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RowArena, rowArena, scalarDot2 as jsDot2, scalarDot4 as jsDot4 } from '../../../baselines/regeneration/simd-dot.js';
import { SIMD_DOT_WASM_BASE64 } from '../../../baselines/regeneration/simd-dot-binary.js';
import { RegenerationSolver, clearSharedSurvivalTables } from '../../../baselines/regeneration/solver.js';
import { RewardSolver } from '../../../baselines/regeneration/reward-solver.js';
import { twoNodeModel, twoNodeWeights } from '../../../baselines/regeneration/two-node-model.js';
import { preset } from '../../../envs/sim/presets.js';

/** Values over many magnitudes and both signs, so that the order of the additions shows in the last bits. */
function randomArray(rng: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rng() - 0.3) * 10 ** (8 * rng() - 4));
}

describe('SIMD dot products', () => {
  it('the embedded binary is simd-dot.wat assembled', async () => {
    const { assemble } = await import('../../../scripts/assemble-wasm.mjs');
    expect(SIMD_DOT_WASM_BASE64).toBe(await assemble());
  });

  it('dot4 and dot2 are bitwise the JavaScript loops, for every length and alignment', () => {
    const rng = seedrandom('simd-dot');
    const arena = new RowArena();
    const x = randomArray(rng, 300);
    const y = randomArray(rng, 300);
    const ox = arena.offsetOf(x);
    const oy = arena.offsetOf(y);
    let compared = 0;
    for (let n = 0; n <= 41; n++) {
      for (const [i, j] of [[0, 0], [1, 0], [0, 3], [5, 7], [250 - n, 13]] as const) {
        expect(Object.is(arena.dot4(ox + i, oy + j, n), jsDot4(x, i, y, j, n)), `dot4 n=${n} i=${i} j=${j}`).toBe(true);
        expect(Object.is(arena.dot2(ox + i, oy + j, n), jsDot2(x, i, y, j, n)), `dot2 n=${n} i=${i} j=${j}`).toBe(true);
        compared++;
      }
    }
    // dotVectors: two vectors with their lengths stored just before them, over the shorter one.
    const v = new Float64Array(100);
    v.set(x.subarray(0, 30), 1);
    v[0] = 30;
    v.set(y.subarray(0, 37), 41);
    v[40] = 37;
    const ov = arena.offsetOf(v);
    expect(Object.is(arena.dotVectors(ov + 1, ov + 41), jsDot2(x, 0, y, 0, 30))).toBe(true);
    expect(Object.is(arena.dotVectors(ov + 41, ov + 1), jsDot2(y, 0, x, 0, 30))).toBe(true);
    // The orders differ from a plain left-to-right sum somewhere (else the test could not tell them apart).
    let plainDiffers = false;
    for (let n = 8; n <= 41; n++) {
      let plain = 0;
      for (let k = 0; k < n; k++) plain += x[k]! * y[k]!;
      if (plain !== jsDot4(x, 0, y, 0, n)) plainDiffers = true;
    }
    expect(plainDiffers).toBe(true);
    expect(compared).toBe(42 * 5);
  });

  it('copies survive the growth of the memory; trim forgets them beyond the budget only', () => {
    const rng = seedrandom('arena');
    const arena = new RowArena(4 * 2 ** 20);
    // 3 MiB of arrays: past the initial 1 MiB, so the memory grows under the first copies.
    const arrays = Array.from({ length: 12 }, () => randomArray(rng, 32768));
    const offsets = arrays.map((a) => arena.offsetOf(a));
    const first = arrays[0]!;
    const last = arrays[11]!;
    expect(arena.dot4(offsets[0]!, offsets[11]!, 32768)).toBe(jsDot4(first, 0, last, 0, 32768));
    expect(arena.offsetOf(first)).toBe(offsets[0]);
    const generation = arena.generation;
    arena.trim();
    expect(arena.generation).toBe(generation);
    expect(arena.offsetOf(first)).toBe(offsets[0]);
    for (let i = 0; i < 6; i++) arena.offsetOf(randomArray(rng, 32768));
    expect(arena.bytes).toBeGreaterThan(4 * 2 ** 20);
    arena.trim();
    expect(arena.generation).toBe(generation + 1);
    expect(arena.bytes).toBe(0);
    // A scratch block is reserved once per generation, at the size asked (not more at every generation).
    for (let i = 0; i < 40; i++) {
      arena.clear();
      arena.scratch(1000);
    }
    expect(arena.bytes).toBeLessThan(1000 * 8 + 16);
    // Copied again on its next use, with the same values.
    const again = arena.offsetOf(last);
    expect(arena.dot2(again, arena.offsetOf(first), 1000)).toBe(jsDot2(last, 0, first, 0, 1000));
  });

  it('the solver gives the same values when the arena forgets its copies between calls', () => {
    const model = twoNodeModel(preset('wireless-lan'));
    const domain = { tbMin: 0, tbMax: 10, KMax: 1 };
    const tbs = [0, 0.4, 2.5, 8];
    clearSharedSurvivalTables();
    const solver = new RegenerationSolver(model, [45, 20], domain);
    const before = [0.3, 0.8].map((K) => Array.from(solver.curve(K, tbs)));
    rowArena.clear();
    const other = new RegenerationSolver(model, [45, 20], domain);
    const after = [0.3, 0.8].map((K) => Array.from(other.curve(K, tbs)));
    expect(after).toEqual(before);
    // And the same solver, its offsets now stale, recomputes states of a new gain correctly.
    rowArena.clear();
    expect(Array.from(solver.curve(0.55, tbs))).toEqual(Array.from(other.curve(0.55, tbs)));
  });

  it("E[J] is the same when the arena forgets its copies (Jain vectors, kernel rows and scratch) between calls", () => {
    const model = twoNodeModel(preset('wireless-lan'));
    const domain = { tbMin: 0, tbMax: 10, KMax: 1 };
    const w = twoNodeWeights(model, 'plain');
    const points: [number, number][] = [[0.3, 0.5], [0.8, 2], [1, 0]];
    clearSharedSurvivalTables();
    const solver = new RewardSolver(model, [30, 12], domain);
    const before = points.map(([K, tb]) => solver.measures(K, tb, w, true).jainFinish);
    clearSharedSurvivalTables();
    const fresh = new RewardSolver(model, [30, 12], domain);
    const after = points.map(([K, tb], i) => {
      // Forgotten before each point: vectors computed since are copied again.
      rowArena.clear();
      const v = fresh.measures(K, tb, w, true).jainFinish;
      expect(v, `point ${i}`).toBe(before[i]);
      return v;
    });
    expect(after.every((v) => v > 0.5 && v <= 1)).toBe(true);
  });
});
