/**
 * The machinery the JS training updates of the Gaussian actor-critics share
 * (agents/ppo-update-js.ts for PPO and MAPPO, REINFORCE's update): the actor
 * and critic as {@link DenseNet}s bound to the tfjs variables, the Gaussian
 * log-density and its gradients, global-norm clipping, tfjs's Adam in JS
 * (agents/adam-js.ts), and the write-back at the end of the update, so
 * saving, loading and resuming see tfjs's own formats.
 *
 * With z = (u - mu) / sigma, sigma = exp(logStd):
 * log pi = sum_j -z_j^2 / 2 - logStd_j - log sqrt(2 pi),
 * d log pi / d mu_j = z_j / sigma_j, d log pi / d logStd_j = z_j^2 - 1.
 */
import { tf } from './backend.js';
import { AdamJs } from './adam-js.js';
import { explainedVariance, type UpdateStats } from './agent.js';
import { DenseNet, denseShapes } from './dense-net.js';

export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** What an actor-critic update trains: the networks, the log-std, their variables (actor, critic, logStd), the optimizer. */
export interface ActorCriticNetworks {
  readonly actor: tf.LayersModel;
  readonly critic: tf.LayersModel;
  readonly logStd: tf.Variable;
  readonly variables: tf.Variable[];
  readonly optimizer: tf.Optimizer;
}

export class ActorCriticKernel {
  readonly actor: DenseNet;
  readonly critic: DenseNet;
  /** The log-std, float32 (updated by {@link step}). */
  readonly logStd: Float32Array;
  /** The gradient of the log-std, summed by the update (zeroed by {@link step}). */
  readonly gLogStd: Float64Array;
  /** The gradients of the actor's means (`rows x actions`) and of the critic's values (`rows`), set by the update. */
  readonly dMu: Float64Array;
  readonly dV: Float64Array;
  private readonly sigma: Float64Array;
  private readonly params: Float32Array[];
  private readonly grads: Float64Array[];
  private readonly adam: AdamJs;

  constructor(
    private readonly nets: ActorCriticNetworks,
    readonly maxRows: number,
  ) {
    this.actor = new DenseNet(denseShapes(nets.actor), maxRows);
    this.critic = new DenseNet(denseShapes(nets.critic), maxRows);
    if (this.critic.outputSize !== 1) throw new Error('actor-critic-js: the critic must have one output');
    const own = [...this.actor.params, ...this.critic.params];
    if (nets.variables.length !== own.length + 1) throw new Error(`actor-critic-js: expected ${own.length + 1} variables, got ${nets.variables.length}`);
    nets.variables.slice(0, own.length).forEach((v, i) => {
      if (v.size !== own[i]!.length) throw new Error(`actor-critic-js: variable ${v.name} has ${v.size} values, the network ${own[i]!.length}`);
      own[i]!.set(v.dataSync() as Float32Array);
    });
    this.logStd = Float32Array.from(nets.logStd.dataSync());
    this.params = [...own, this.logStd];
    const a = this.actor.outputSize;
    this.gLogStd = new Float64Array(a);
    this.grads = [...this.actor.grads, ...this.critic.grads, this.gLogStd];
    this.dMu = new Float64Array(maxRows * a);
    this.dV = new Float64Array(maxRows);
    this.sigma = new Float64Array(a);
    this.adam = AdamJs.load(nets.optimizer, nets.variables);
  }

  /** The standard deviations for this step's log-std. */
  sigmas(): Float64Array {
    for (let j = 0; j < this.logStd.length; j++) this.sigma[j] = Math.exp(this.logStd[j]!);
    return this.sigma;
  }

  /** log pi(u | mu) for row `r` of `mu` (with {@link sigmas} current). */
  logProb(u: Float32Array, mu: Float64Array, r: number): number {
    const a = this.logStd.length;
    let lp = 0;
    for (let j = 0; j < a; j++) {
      const z = (u[j]! - mu[r * a + j]!) / this.sigma[j]!;
      lp += -0.5 * z * z - this.logStd[j]! - LOG_SQRT_2PI;
    }
    return lp;
  }

  /** Adds `dLogProb` (the loss's gradient w.r.t. log pi of row `r`) into the gradients of mu and logStd. */
  addLogProbGradient(u: Float32Array, mu: Float64Array, r: number, dLogProb: number): void {
    const a = this.logStd.length;
    for (let j = 0; j < a; j++) {
      const z = (u[j]! - mu[r * a + j]!) / this.sigma[j]!;
      this.dMu[r * a + j] = (dLogProb * z) / this.sigma[j]!;
      this.gLogStd[j] = this.gLogStd[j]! + dLogProb * (z * z - 1);
    }
  }

  /** The entropy `sum(logStd) + const`, whose gradient (1 per dimension, times -entCoef) is added here. */
  entropy(entCoef: number): number {
    let h = 0;
    for (let j = 0; j < this.logStd.length; j++) {
      h += this.logStd[j]! + 0.5 + LOG_SQRT_2PI;
      this.gLogStd[j] = this.gLogStd[j]! - entCoef;
    }
    return h;
  }

  /**
   * Back-propagates {@link dMu} and {@link dV} through both networks, clips the
   * global gradient norm to `maxGradNorm` and takes one Adam step; returns the
   * norm before clipping.
   */
  step(maxGradNorm: number): number {
    this.actor.backward(this.dMu);
    this.critic.backward(this.dV);
    let sq = 0;
    for (const g of this.grads) for (let q = 0; q < g.length; q++) sq += g[q]! * g[q]!;
    const norm = Math.sqrt(sq);
    this.adam.step(this.params, this.grads, Math.min(1, maxGradNorm / (norm + 1e-6)));
    this.actor.paramsChanged();
    this.critic.paramsChanged();
    this.gLogStd.fill(0);
    return norm;
  }

  /** Writes the parameters and Adam's state back into the tfjs variables and optimizer. */
  finish(): void {
    tf.tidy(() => this.nets.variables.forEach((v, i) => v.assign(tf.tensor(this.params[i]!, v.shape))));
    this.adam.store(this.nets.variables);
  }
}

/** The PPO updates' running sums of their minibatches' losses, and the update's stats as their means. */
export class MinibatchMeans {
  private readonly sums = { pg: 0, v: 0, ent: 0, kl: 0, clip: 0, norm: 0 };
  private n = 0;

  add(pg: number, v: number, ent: number, kl: number, clip: number, norm: number): void {
    const s = this.sums;
    s.pg += pg;
    s.v += v;
    s.ent += ent;
    s.kl += kl;
    s.clip += clip;
    s.norm += norm;
    this.n += 1;
  }

  /** The means over the minibatches taken, and the explained variance of the collection-time values. */
  stats(values: Float32Array, returns: Float32Array): UpdateStats {
    const { pg, v, ent, kl, clip, norm } = this.sums;
    const n = this.n;
    return { policyLoss: pg / n, valueLoss: v / n, entropy: ent / n, approxKl: kl / n, clipFrac: clip / n, gradNorm: norm / n, explainedVariance: explainedVariance(values, returns) };
  }
}
