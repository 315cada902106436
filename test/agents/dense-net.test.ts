/**
 * DenseNet's backward pass is the gradient of its forward pass: checked
 * against central finite differences for tanh, relu and linear layers, odd
 * sizes included (the blocked products' edges), for the parameters and for
 * the input (the input-only pass included).
 */
import { describe, expect, it } from 'vitest';
import { DenseNet, type DenseActivation } from '../../agents/dense-net.js';
import { Rng } from '../../envs/sim/rng.js';

/** sum(out * w) for fixed weights w: a scalar loss whose gradient w.r.t. out is w. */
function loss(net: DenseNet, x: Float64Array, rows: number, w: Float64Array): number {
  const out = net.forward(x, rows);
  let s = 0;
  for (let q = 0; q < rows * net.outputSize; q++) s += out[q]! * w[q]!;
  return s;
}

describe('DenseNet', () => {
  for (const activation of ['tanh', 'relu', 'linear'] as DenseActivation[]) {
    it(`${activation}: backward equals finite differences of forward`, () => {
      const rng = new Rng(`dense-${activation}`);
      const shapes = [
        { inputs: 3, units: 7, activation },
        { inputs: 7, units: 5, activation },
        { inputs: 5, units: 2, activation: 'linear' as const },
      ];
      const rows = 5;
      const net = new DenseNet(shapes, rows);
      for (const p of net.params) for (let q = 0; q < p.length; q++) p[q] = rng.normal() * 0.7;
      net.paramsChanged();
      const x = Float64Array.from({ length: rows * 3 }, () => rng.normal());
      const w = Float64Array.from({ length: rows * 2 }, () => rng.normal());
      loss(net, x, rows, w);
      net.backward(w);
      const analytic = net.grads.map((g) => Float64Array.from(g));
      net.params.forEach((p, i) => {
        for (let q = 0; q < p.length; q++) {
          const h = 1e-2;
          const keep = p[q]!;
          p[q] = keep + h;
          net.paramsChanged();
          const up = loss(net, x, rows, w);
          p[q] = keep - h;
          net.paramsChanged();
          const down = loss(net, x, rows, w);
          p[q] = keep;
          net.paramsChanged();
          // float32 parameters: the step is the one float32 stored.
          const numeric = (up - down) / (Math.fround(keep + h) - Math.fround(keep - h));
          expect(Math.abs(analytic[i]![q]! - numeric), `param ${i}[${q}]`).toBeLessThan(1e-3 * (1 + Math.abs(numeric)));
        }
      });
      // The input's gradient, with and without the weights' (which the input-only pass leaves as they were).
      for (const weights of [true, false]) {
        const dx = new Float64Array(rows * 3);
        net.grads.forEach((g) => g.fill(7));
        loss(net, x, rows, w);
        net.backward(w, dx, weights);
        if (!weights) for (const g of net.grads) expect(g.every((v) => v === 7)).toBe(true);
        else expect(net.grads[0]![0]).toBeCloseTo(analytic[0]![0]!, 12);
        for (let q = 0; q < x.length; q++) {
          const h = 1e-5;
          const keep = x[q]!;
          x[q] = keep + h;
          const up = loss(net, x, rows, w);
          x[q] = keep - h;
          const down = loss(net, x, rows, w);
          x[q] = keep;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(dx[q]! - numeric), `input ${q} (weights ${weights})`).toBeLessThan(1e-6 * (1 + Math.abs(numeric)));
        }
      }
    });
  }
});
