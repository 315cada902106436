/**
 * A dense MLP's forward and backward pass over a minibatch, in plain
 * JavaScript: the kernel of the JS training updates (agents/ppo-update-js.ts).
 *
 * lbgym's networks are small (64x64 by default) and its minibatches too (64
 * rows): on the wasm backend a tfjs training step spends most of its time
 * dispatching some 300 small ops, not computing. This kernel does the same
 * arithmetic in a few tight loops over preallocated buffers. Parameters stay
 * float32 (they come from, and go back to, the tfjs variables, so the saved
 * format is unchanged); activations and gradients are summed in doubles.
 *
 * Layout as in tfjs: a dense kernel is row-major `[inputs x units]`, a batch
 * row-major `[rows x features]`.
 */
import type { tf } from './backend.js';

export type DenseActivation = 'linear' | 'tanh' | 'relu';

export interface DenseShape {
  readonly inputs: number;
  readonly units: number;
  readonly activation: DenseActivation;
}

/** The layer shapes of a Sequential of dense layers (as `buildMlp` makes), checked. */
export function denseShapes(model: tf.LayersModel): DenseShape[] {
  return model.layers.map((layer, i) => {
    const weights = layer.weights;
    const activation = String(layer.getConfig()['activation'] ?? 'linear');
    const shape = weights[0]?.shape;
    if (weights.length !== 2 || shape?.length !== 2 || !['linear', 'tanh', 'relu'].includes(activation)) {
      throw new Error(`dense-net: layer ${i} of '${model.name}' is not a dense layer with a linear, tanh or relu activation`);
    }
    return { inputs: shape[0]!, units: shape[1]!, activation: activation as DenseActivation };
  });
}

/**
 * `out[r * n + c] = sum_t a[r * k + t] * b[c * k + t]` (out = A B^T, A `m x k`,
 * B `n x k`): every product of the passes below is a set of dot products of
 * contiguous rows. Computed in blocks of 2 rows of A by 4 rows of B: eight
 * sums kept in registers share each load, which roughly halves the time of
 * plain dot products on 64-wide layers (measured in V8).
 */
export function matmulABt(a: Float64Array, b: Float64Array, out: Float64Array, m: number, n: number, k: number): void {
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  for (let r = 0; r < m2; r += 2) {
    const a0 = r * k;
    const a1 = a0 + k;
    const o0 = r * n;
    const o1 = o0 + n;
    for (let c = 0; c < n4; c += 4) {
      const b0 = c * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < k; t++) {
        const x0 = a[a0 + t]!;
        const x1 = a[a1 + t]!;
        const y0 = b[b0 + t]!;
        const y1 = b[b1 + t]!;
        const y2 = b[b2 + t]!;
        const y3 = b[b3 + t]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      out[o0 + c] = s00;
      out[o0 + c + 1] = s01;
      out[o0 + c + 2] = s02;
      out[o0 + c + 3] = s03;
      out[o1 + c] = s10;
      out[o1 + c + 1] = s11;
      out[o1 + c + 2] = s12;
      out[o1 + c + 3] = s13;
    }
    for (let c = n4; c < n; c++) {
      const b0 = c * k;
      let s0 = 0;
      let s1 = 0;
      for (let t = 0; t < k; t++) {
        s0 += a[a0 + t]! * b[b0 + t]!;
        s1 += a[a1 + t]! * b[b0 + t]!;
      }
      out[o0 + c] = s0;
      out[o1 + c] = s1;
    }
  }
  for (let r = m2; r < m; r++) {
    for (let c = 0; c < n; c++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += a[r * k + t]! * b[c * k + t]!;
      out[r * n + c] = sum;
    }
  }
}

/** `out[c * m + r] = x[r * n + c]`: the transpose of an `m x n` matrix. */
export function transpose(x: ArrayLike<number>, out: Float64Array, m: number, n: number): void {
  for (let r = 0; r < m; r++) for (let c = 0; c < n; c++) out[c * m + r] = x[r * n + c]!;
}

export class DenseNet {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Per layer: kernel then bias, float32 (the tfjs variables' values; see {@link paramsChanged}). */
  readonly params: Float32Array[];
  /** Per layer: the gradients of kernel then bias, set by {@link backward}. */
  readonly grads: Float64Array[];
  /** Per layer, the kernel in doubles, as stored (`inputs x units`) and transposed (`units x inputs`). */
  private readonly kernels: Float64Array[];
  private readonly kernelsT: Float64Array[];
  private stale = true;
  /** Per layer, the outputs of the last forward pass (`rows x units`). */
  private readonly outputs: Float64Array[];
  /** The input of the last forward pass. */
  private input: Float64Array;
  private rows = 0;
  /** Per layer, the gradient with respect to its output, and scratch for transposes. */
  private readonly delta: Float64Array[];
  private readonly deltaT: Float64Array;
  private readonly inputT: Float64Array;

  constructor(
    readonly shapes: readonly DenseShape[],
    readonly maxRows: number,
  ) {
    if (shapes.length === 0) throw new Error('dense-net: no layers');
    this.inputSize = shapes[0]!.inputs;
    this.outputSize = shapes[shapes.length - 1]!.units;
    this.params = shapes.flatMap((s) => [new Float32Array(s.inputs * s.units), new Float32Array(s.units)]);
    this.grads = shapes.flatMap((s) => [new Float64Array(s.inputs * s.units), new Float64Array(s.units)]);
    this.kernels = shapes.map((s) => new Float64Array(s.inputs * s.units));
    this.kernelsT = shapes.map((s) => new Float64Array(s.inputs * s.units));
    this.outputs = shapes.map((s) => new Float64Array(maxRows * s.units));
    this.delta = shapes.map((s) => new Float64Array(maxRows * s.units));
    const widest = Math.max(...shapes.map((s) => Math.max(s.inputs, s.units)));
    this.deltaT = new Float64Array(maxRows * widest);
    this.inputT = new Float64Array(maxRows * widest);
    this.input = new Float64Array(0);
  }

  /** Call after changing {@link params} (an optimizer step): the next pass re-reads the kernels. */
  paramsChanged(): void {
    this.stale = true;
  }

  private refresh(): void {
    if (!this.stale) return;
    this.shapes.forEach((s, l) => {
      this.kernels[l]!.set(this.params[2 * l]!);
      transpose(this.params[2 * l]!, this.kernelsT[l]!, s.inputs, s.units);
    });
    this.stale = false;
  }

  /** The output (`rows x outputSize`, valid until the next call) of `rows` inputs. */
  forward(x: Float64Array, rows: number): Float64Array {
    if (rows > this.maxRows) throw new Error(`dense-net: ${rows} rows exceed the ${this.maxRows} allocated`);
    this.refresh();
    this.input = x;
    this.rows = rows;
    let input = x;
    this.shapes.forEach((s, l) => {
      const bias = this.params[2 * l + 1]!;
      const out = this.outputs[l]!;
      const { inputs, units } = s;
      matmulABt(input, this.kernelsT[l]!, out, rows, units, inputs);
      for (let b = 0, o = 0; b < rows; b++, o += units) for (let j = 0; j < units; j++) out[o + j] = out[o + j]! + bias[j]!;
      const n = rows * units;
      if (s.activation === 'tanh') for (let q = 0; q < n; q++) out[q] = Math.tanh(out[q]!);
      else if (s.activation === 'relu') for (let q = 0; q < n; q++) out[q] = out[q]! > 0 ? out[q]! : 0;
      input = out;
    });
    return input;
  }

  /**
   * Back-propagates `dOut` (`rows x outputSize`, the loss's gradient with
   * respect to the last forward pass's output) and sets {@link grads}
   * (unless `weights` is false: a pass only for the input's gradient, as
   * when the loss trains another network through this one's input). With
   * `dInput`, also writes the gradient with respect to the input
   * (`rows x inputSize`) there.
   */
  backward(dOut: Float64Array, dInput?: Float64Array, weights = true): void {
    const rows = this.rows;
    for (let l = this.shapes.length - 1; l >= 0; l--) {
      const { inputs, units, activation } = this.shapes[l]!;
      const out = this.outputs[l]!;
      const d = this.delta[l]!;
      const src = l === this.shapes.length - 1 ? dOut : d;
      const n = rows * units;
      // Through the activation: tanh' = 1 - y^2, relu' = [y > 0].
      if (activation === 'tanh') for (let q = 0; q < n; q++) d[q] = src[q]! * (1 - out[q]! * out[q]!);
      else if (activation === 'relu') for (let q = 0; q < n; q++) d[q] = out[q]! > 0 ? src[q]! : 0;
      else for (let q = 0; q < n; q++) d[q] = src[q]!;
      if (weights) {
        const input = l === 0 ? this.input : this.outputs[l - 1]!;
        // dKernel = input^T d, as dot products over the rows; dBias = the rows' sum.
        transpose(input, this.inputT, rows, inputs);
        transpose(d, this.deltaT, rows, units);
        matmulABt(this.inputT, this.deltaT, this.grads[2 * l]!, inputs, units, rows);
        const gBias = this.grads[2 * l + 1]!;
        for (let j = 0; j < units; j++) {
          let sum = 0;
          for (let b = 0, q = j * rows; b < rows; b++, q++) sum += this.deltaT[q]!;
          gBias[j] = sum;
        }
      }
      // The gradient with respect to the layer's input (the output of the layer below, or the net's input): d kernel^T.
      const below = l > 0 ? this.delta[l - 1]! : dInput;
      if (below !== undefined) matmulABt(d, this.kernels[l]!, below, rows, inputs, units);
    }
  }
}
