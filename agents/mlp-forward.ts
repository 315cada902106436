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

type LayerActivation = 'linear' | 'tanh' | 'relu';

interface DenseLayer {
  readonly inputs: number;
  readonly units: number;
  /** The kernel transposed, `[units x inputs]` row-major (one contiguous row per output unit), in doubles. */
  readonly weights: Float64Array;
  readonly bias: Float32Array;
  readonly activation: LayerActivation;
}

export class MlpForward {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly layers: DenseLayer[];
  /** One activation buffer per layer output (reused across calls). */
  private readonly buffers: Float32Array[];

  private constructor(layers: DenseLayer[]) {
    this.layers = layers;
    this.inputSize = layers[0]!.inputs;
    this.outputSize = layers[layers.length - 1]!.units;
    this.buffers = layers.map((l) => new Float32Array(l.units));
  }

  /** A snapshot of `model`'s current weights (a Sequential of dense layers, as `buildMlp` makes). */
  static of(model: tf.LayersModel): MlpForward {
    const layers = model.layers.map((layer, i): DenseLayer => {
      const weights = layer.getWeights();
      const activation = String(layer.getConfig()['activation'] ?? 'linear');
      if (weights.length !== 2 || weights[0]!.shape.length !== 2 || !['linear', 'tanh', 'relu'].includes(activation)) {
        throw new Error(`MlpForward: layer ${i} of '${model.name}' is not a dense layer with a linear, tanh or relu activation`);
      }
      const [inputs, units] = weights[0]!.shape as [number, number];
      // tfjs stores a dense kernel row-major [inputs x units]; a dot product per unit reads it best transposed.
      const kernel = weights[0]!.dataSync();
      const transposed = new Float64Array(inputs * units);
      for (let i = 0; i < inputs; i++) for (let j = 0; j < units; j++) transposed[j * inputs + i] = kernel[i * units + j]!;
      return { inputs, units, weights: transposed, bias: weights[1]!.dataSync() as Float32Array, activation: activation as LayerActivation };
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
      const tail = inputs - (inputs % 4);
      for (let j = 0, row = 0; j < units; j++, row += inputs) {
        // Four partial sums: independent chains the CPU can overlap.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let i = 0;
        for (; i < tail; i += 4) {
          s0 += input[i]! * weights[row + i]!;
          s1 += input[i + 1]! * weights[row + i + 1]!;
          s2 += input[i + 2]! * weights[row + i + 2]!;
          s3 += input[i + 3]! * weights[row + i + 3]!;
        }
        for (; i < inputs; i++) s0 += input[i]! * weights[row + i]!;
        const z = bias[j]! + (s0 + s1 + (s2 + s3));
        y[j] = activation === 'tanh' ? Math.tanh(z) : activation === 'relu' ? (z > 0 ? z : 0) : z;
      }
      input = y;
    }
    return out;
  }
}
