/**
 * The WebAssembly SIMD dot product against the JavaScript loop it replaced
 * (`npm run bench -- dot`): nanoseconds per term of a 70-term dot product
 * (a typical `int S_1 S_2` of solver.ts), rows in cache, both timed in the
 * same run, and their ratio, which the host's speed does not move.
 */
import { RowArena, scalarDot4 as jsDot4 } from '../baselines/regeneration/simd-dot.js';
import type { Figure } from './figure.js';

const TERMS = 70;
const ROWS = 40;
const CALLS = 400_000;

/** The best of five timings (ns per term) of `run`, which makes CALLS dot products. */
function nsPerTerm(run: () => number): number {
  let best = Infinity;
  for (let rep = 0; rep < 6; rep++) {
    const t0 = performance.now();
    if (!(run() > 0)) throw new Error('bench: empty dot products');
    const dt = performance.now() - t0;
    if (rep > 0) best = Math.min(best, (dt * 1e6) / CALLS / TERMS);
  }
  return best;
}

export function benchSimdDot(): Figure[] {
  const stride = 288;
  const x = Float64Array.from({ length: ROWS * stride }, (_, i) => 1 + (i % 7) / 8);
  const y = Float64Array.from({ length: ROWS * stride }, (_, i) => 1 + (i % 5) / 4);
  const arena = new RowArena();
  const ox = arena.offsetOf(x);
  const oy = arena.offsetOf(y);
  // One row of x against ROWS rows of y, as outcomeOf reads them.
  const js = nsPerTerm(() => {
    let sink = 0;
    for (let c = 0; c < CALLS; c++) sink += jsDot4(x, 3 * stride + 100, y, (c % ROWS) * stride + 100, TERMS);
    return sink;
  });
  const simd = nsPerTerm(() => {
    let sink = 0;
    for (let c = 0; c < CALLS; c++) sink += arena.dot4(ox + 3 * stride + 100, oy + (c % ROWS) * stride + 100, TERMS);
    return sink;
  });
  return [
    { label: `dot product of ${TERMS} terms, JavaScript loop (4 accumulators)`, value: js, unit: 'ns/term' },
    { label: `dot product of ${TERMS} terms, WebAssembly SIMD (simd-dot.ts)`, value: simd, unit: 'ns/term' },
    { label: 'SIMD speed-up over the JavaScript loop, same run', value: js / simd, unit: 'x' },
  ];
}
