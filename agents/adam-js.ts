/**
 * tfjs's Adam, stepped in plain JavaScript on the state of a tfjs
 * `AdamOptimizer`, for the JS training updates (agents/ppo-update-js.ts).
 *
 * {@link AdamJs.load} reads the optimizer's moments (zeros for variables it
 * has not seen), its bias-correction powers and its hyper-parameters;
 * {@link AdamJs.step} applies tfjs's rule,
 *   m = b1 m + (1 - b1) g,  v = b2 v + (1 - b2) g^2,
 *   w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),
 * with every stored value rounded to float32 as tfjs stores it; and
 * {@link AdamJs.store} writes the moments, powers and iteration count back,
 * so `optimizer.bin` and an exact resume see what tfjs itself would keep.
 * The optimizer's fields are protected in tfjs's typings, hence the casts.
 */
import { tf } from './backend.js';

interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations_: number | undefined;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

export class AdamJs {
  private steps = 0;

  private constructor(
    private readonly o: AdamInternals,
    readonly m: Float32Array[],
    readonly v: Float32Array[],
    private accBeta1: number,
    private accBeta2: number,
  ) {}

  /** The state of `optimizer` (an Adam) for `variables`, in the order it was first stepped with. */
  static load(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): AdamJs {
    const o = optimizer as unknown as AdamInternals;
    if (o.accBeta1 === undefined || !Array.isArray(o.accumulatedFirstMoment)) throw new Error('adam-js: the optimizer is not a tfjs Adam');
    const read = (slots: AdamInternals['accumulatedFirstMoment'], i: number, size: number): Float32Array => {
      const slot = slots[i];
      return slot === undefined ? new Float32Array(size) : Float32Array.from(slot.variable.dataSync());
    };
    const sizes = variables.map((v) => v.size);
    return new AdamJs(
      o,
      sizes.map((n, i) => read(o.accumulatedFirstMoment, i, n)),
      sizes.map((n, i) => read(o.accumulatedSecondMoment, i, n)),
      o.accBeta1.dataSync()[0]!,
      o.accBeta2.dataSync()[0]!,
    );
  }

  /** One Adam step of `params` (float32, updated in place) along `grads` times `scale`. */
  step(params: readonly Float32Array[], grads: readonly Float64Array[], scale: number): void {
    const { learningRate: lr, beta1, beta2, epsilon } = this.o;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    for (let p = 0; p < params.length; p++) {
      const w = params[p]!;
      const g = grads[p]!;
      const m = this.m[p]!;
      const v = this.v[p]!;
      for (let k = 0; k < w.length; k++) {
        const gk = Math.fround(g[k]! * scale);
        m[k] = beta1 * m[k]! + (1 - beta1) * gk;
        v[k] = beta2 * v[k]! + (1 - beta2) * gk * gk;
        // Read back: the float32 values tfjs would hold.
        w[k] = w[k]! - lr * (m[k]! / c1 / (Math.sqrt(v[k]! / c2) + epsilon));
      }
    }
    this.accBeta1 = Math.fround(this.accBeta1 * beta1);
    this.accBeta2 = Math.fround(this.accBeta2 * beta2);
    this.steps++;
  }

  /** Writes the moments, bias-correction powers and iterations back into the optimizer (nothing if no step was taken since the last store). */
  store(variables: readonly tf.Variable[]): void {
    if (this.steps === 0) return;
    const o = this.o;
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        for (const [slots, values, suffix] of [
          [o.accumulatedFirstMoment, this.m[i]!, 'm'],
          [o.accumulatedSecondMoment, this.v[i]!, 'v'],
        ] as const) {
          const t = tf.tensor(values, variable.shape);
          const slot = slots[i];
          if (slot === undefined) slots[i] = { originalName: `${variable.name}/${suffix}`, variable: tf.keep(t.variable(false)) };
          else slot.variable.assign(t);
        }
      });
      o.accBeta1.assign(tf.scalar(this.accBeta1));
      o.accBeta2.assign(tf.scalar(this.accBeta2));
    });
    o.iterations_ = (o.iterations_ ?? 0) + this.steps;
    this.steps = 0;
  }
}
