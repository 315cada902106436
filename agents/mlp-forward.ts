/**
 * The forward pass of a dense tf.layers MLP in plain JavaScript, for acting.
 *
 * Collecting a rollout calls the policy once per environment step on one or
 * a few observations: through tfjs each call costs a graph dispatch and a
 * `dataSync`, hundreds of microseconds, against about a microsecond for the
 * simulation. A snapshot of the weights, taken once per update (they only
 * change in the update), evaluates the same network in a few microseconds.
 *
 * The arithmetic is float32 as tfjs's: each layer's pre-activation is summed
 * in double precision and its activation stored as float32, so results agree with the graph
 * up to float32 rounding (the summation order differs), and are deterministic.
 * The graph stays the reference for training (gradients) and for saving.
 */
import type { tf } from './backend.js';
import { denseShapes, matmulABt, transpose, type DenseShape } from './dense-net.js';

// tanh as a 13/6 rational function on [-C, C] (Eigen's float tanh, `generic_fast_tanh_float`), +-1 beyond:
// relative error at most 2.7e-7 (a few float32 ulps, test/agents/mlp-forward.test.ts), five times faster
// than Math.tanh, which is a third of an action's time on a 64x64 network.
const TANH_CLAMP = 7.90531110763549805;
const [A1, A3, A5, A7, A9, A11, A13] = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
const [B0, B2, B4, B6] = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6];

/** tanh(x) to float32 accuracy (see above); NaN stays NaN. */
export function fastTanh(x: number): number {
  const c = x > TANH_CLAMP ? TANH_CLAMP : x < -TANH_CLAMP ? -TANH_CLAMP : x;
  const x2 = c * c;
  const p = c * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
  return p / (B0 + x2 * (B2 + x2 * (B4 + x2 * B6)));
}

interface DenseLayer extends DenseShape {
  /** The kernel transposed, `[units x inputs]` row-major (one contiguous row per output unit), in doubles. */
  readonly weights: Float64Array;
  readonly bias: Float32Array;
}

export class MlpForward {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly layers: DenseLayer[];
  /** One activation buffer per layer output (reused across calls). */
  private readonly buffers: Float32Array[];
  /** The pre-activations of one layer, summed in doubles. */
  private readonly sums: Float64Array;
  /** Two `rows x widest` scratch matrices of {@link applyRows}, grown on demand. */
  private rowScratch: [Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0)];

  private constructor(layers: DenseLayer[]) {
    this.layers = layers;
    this.inputSize = layers[0]!.inputs;
    this.outputSize = layers[layers.length - 1]!.units;
    this.buffers = layers.map((l) => new Float32Array(l.units));
    this.sums = new Float64Array(Math.max(...layers.map((l) => l.units)));
  }

  /** A snapshot of `model`'s current weights (a Sequential of dense layers, as `buildMlp` makes). */
  static of(model: tf.LayersModel): MlpForward {
    const layers = denseShapes(model).map((shape, l): DenseLayer => {
      const [kernel, bias] = model.layers[l]!.getWeights();
      // tfjs stores a dense kernel row-major [inputs x units]; a dot product per unit reads it best transposed.
      const weights = new Float64Array(shape.inputs * shape.units);
      transpose(kernel!.dataSync(), weights, shape.inputs, shape.units);
      return { ...shape, weights, bias: bias!.dataSync() as Float32Array };
    });
    if (layers.length === 0) throw new Error(`MlpForward: '${model.name}' has no layers`);
    return new MlpForward(layers);
  }

  /** The network's output for one input, written into `out` (a fresh array by default). */
  apply(x: Float32Array, out: Float32Array = new Float32Array(this.outputSize)): Float32Array {
    let input: Float32Array = x;
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const { inputs, units, weights, bias, activation } = this.layers[l]!;
      const y = l === last ? out : this.buffers[l]!;
      const z = this.sums;
      // Four output units at a time: four sums share each load of the input.
      const units4 = units - (units % 4);
      let j = 0;
      for (; j < units4; j += 4) {
        const w0 = j * inputs;
        const w1 = w0 + inputs;
        const w2 = w1 + inputs;
        const w3 = w2 + inputs;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let i = 0; i < inputs; i++) {
          const xi = input[i]!;
          s0 += xi * weights[w0 + i]!;
          s1 += xi * weights[w1 + i]!;
          s2 += xi * weights[w2 + i]!;
          s3 += xi * weights[w3 + i]!;
        }
        z[j] = s0;
        z[j + 1] = s1;
        z[j + 2] = s2;
        z[j + 3] = s3;
      }
      for (; j < units; j++) {
        let s0 = 0;
        for (let i = 0, w = j * inputs; i < inputs; i++) s0 += input[i]! * weights[w + i]!;
        z[j] = s0;
      }
      if (activation === 'tanh') for (let q = 0; q < units; q++) y[q] = fastTanh(bias[q]! + z[q]!);
      else if (activation === 'relu') for (let q = 0; q < units; q++) y[q] = Math.max(0, bias[q]! + z[q]!);
      else for (let q = 0; q < units; q++) y[q] = bias[q]! + z[q]!;
      input = y;
    }
    return out;
  }

  /**
   * The outputs of many inputs at once (`x` holds `rows` inputs, row-major),
   * written into `out` (`rows x outputSize`). Bit for bit the same as
   * {@link apply} on each row (the same sums in the same order, activations
   * rounded to float32), at about half the time per row: the products run as
   * one blocked matrix product per layer (dense-net.ts's `matmulABt`).
   */
  applyRows(x: Float32Array, rows: number, out: Float32Array = new Float32Array(rows * this.outputSize)): Float32Array {
    if (x.length !== rows * this.inputSize) throw new Error(`MlpForward.applyRows: ${x.length} inputs for ${rows} rows of ${this.inputSize}`);
    const widest = Math.max(this.inputSize, ...this.layers.map((l) => l.units));
    if (this.rowScratch[0].length < rows * widest) this.rowScratch = [new Float64Array(rows * widest), new Float64Array(rows * widest)];
    let input = this.rowScratch[0];
    let output = this.rowScratch[1];
    for (let q = 0; q < x.length; q++) input[q] = x[q]!;
    const last = this.layers.length - 1;
    for (let l = 0; l <= last; l++) {
      const { inputs, units, weights, bias, activation } = this.layers[l]!;
      matmulABt(input, weights, output, rows, units, inputs);
      for (let r = 0, o = 0; r < rows; r++, o += units) {
        if (activation === 'tanh') for (let j = 0; j < units; j++) output[o + j] = Math.fround(fastTanh(bias[j]! + output[o + j]!));
        else if (activation === 'relu') for (let j = 0; j < units; j++) output[o + j] = Math.fround(Math.max(0, bias[j]! + output[o + j]!));
        else for (let j = 0; j < units; j++) output[o + j] = Math.fround(bias[j]! + output[o + j]!);
      }
      [input, output] = [output, input];
    }
    const n = rows * this.outputSize;
    for (let q = 0; q < n; q++) out[q] = input[q]!;
    return out;
  }
}

/**
 * A model's {@link MlpForward}, re-taken only when `version` changes: an
 * agent passes the count of its updates (or gradient steps), the only place
 * its weights change, so a rollout reads the weights once.
 */
export class ForwardSnapshot {
  private taken: { version: number; net: MlpForward } | undefined;

  constructor(private readonly model: tf.LayersModel) {}

  at(version: number): MlpForward {
    if (this.taken?.version !== version) this.taken = { version, net: MlpForward.of(this.model) };
    return this.taken.net;
  }
}
