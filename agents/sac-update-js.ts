/**
 * SAC's gradient step (agents/sac.ts) computed in plain JavaScript on the
 * dense-net kernel (agents/dense-net.ts): the same minibatch and noise, the
 * same losses, gradients and Adam steps (agents/adam-js.ts, on the tfjs
 * optimizers' own state), the same Polyak averaging, with the gradients
 * derived by hand (below) instead of by tfjs's autodiff. A {@link SACKernel}
 * (one per learner, its buffers allocated once) reads the learner's
 * variables and optimizers in {@link SACKernel.load} and writes them back in
 * {@link SACKernel.finish}; the agent does both around each round of
 * gradient steps, so saving, loading, acting and resuming see tfjs's own
 * state and formats. Results agree with the graph's step up to float32
 * rounding (test/agents/sac-update-js.test.ts); the element-wise arithmetic
 * of the squashed Gaussian is rounded to float32 where the graph's ops round,
 * so a saturated tanh gives the graph's log-density.
 *
 * Per gradient step on B rows, with y' ~ pi(.|s') and alpha = exp(log alpha):
 * - critics: t = r + gamma (1 - d) (min_i Q_i'(s', y') - alpha log pi(y'|s')),
 *   L_i = mean((Q_i(s, a) - t)^2), dL_i/dQ_i = 2 (Q_i - t) / B, one Adam step
 *   on both networks;
 * - actor (on its schedule): L = mean(alpha log pi(y|s) - min_i Q_i(s, y)),
 *   y = tanh(x), x = mu + sigma eps, sigma = exp(logStd). The min's gradient
 *   goes to Q_1 where Q_1 <= Q_2 (tf.minimum's rule), else to Q_2, and on
 *   through that network's input y (DenseNet's input gradient). With c =
 *   1 + TANH_EPS - y^2: dL/dy = -dQ/dy / B + (alpha / B) 2 y / c;
 *   dL/dx = dL/dy (1 - y^2); dL/dmu = dL/dx; dL/dlogStd = dL/dx sigma eps -
 *   alpha / B; dL/ds = dL/dlogStd (LOG_STD_MAX - LOG_STD_MIN) (1 - tanh(s)^2) / 2;
 * - alpha (with autotune, after each actor step, on a fresh sample from the
 *   updated actor): L = -mean(alpha (log pi + target)), dL/dlog alpha = L;
 * - targets: theta' <- tau theta + (1 - tau) theta', rounded as tfjs rounds it.
 */
import { tf } from './backend.js';
import { AdamJs } from './adam-js.js';
import { LOG_SQRT_2PI } from './actor-critic-js.js';
import { DenseNet, denseShapes } from './dense-net.js';
import { LOG_STD_MAX, LOG_STD_MIN, TANH_EPS } from './squashed-gaussian.js';

const f32 = Math.fround;

/** The numbers gradient steps report, summed over a round (agents/sac.ts averages them). */
export interface StepSums {
  qf1Loss: number;
  qf2Loss: number;
  qValue: number;
  actorLoss: number;
  entropy: number;
  steps: number;
  actorSteps: number;
}

/** One gradient step's inputs: a replay minibatch (observations normalised), its noise, and what the schedules ask for. */
export interface SACMinibatch {
  readonly rows: number;
  /** `rows x observationSize`, row-major. */
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  /** `rows x actionSize`: the normalised actions y taken. */
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly terminated: Float32Array;
  /** `rows x actionSize` standard normals of the next actions y'. */
  readonly nextNoise: Float32Array;
  /** Per actor step of this gradient step (none when the actor is not on its schedule), its noise. */
  readonly actorNoise: readonly Float32Array[];
  /** Per actor step, the noise of the alpha step after it (empty without autotune). */
  readonly alphaNoise: readonly Float32Array[];
  /** Whether the targets are averaged towards the critics after this step. */
  readonly updateTargets: boolean;
}

/** What a SAC learner trains: its networks, alpha, optimizers and the optimizers' variable lists. */
export interface SACNetworks {
  readonly nets: {
    readonly actor: tf.LayersModel;
    readonly qf1: tf.LayersModel;
    readonly qf2: tf.LayersModel;
    readonly qf1Target: tf.LayersModel;
    readonly qf2Target: tf.LayersModel;
  };
  readonly logAlpha: tf.Variable;
  readonly qOptimizer: tf.Optimizer;
  readonly actorOptimizer: tf.Optimizer;
  readonly alphaOptimizer: tf.Optimizer;
}

/** The hyper-parameters the step reads (SAC's config). */
export interface SACStepConfig {
  readonly gamma: number;
  readonly tau: number;
  readonly autotune: boolean;
}

/** The trainable variables of models, in order (kernel then bias per layer). */
export function variablesOf(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** A sample of the squashed Gaussian for `rows` rows, with what its gradient needs; float32-rounded as the graph's ops. */
class SquashedSample {
  readonly y: Float64Array;
  readonly logPi: Float64Array;
  /** Per element: sigma, tanh(s), and c = 1 + TANH_EPS - y^2. */
  readonly sigma: Float64Array;
  readonly tanhS: Float64Array;
  readonly c: Float64Array;

  constructor(
    readonly maxRows: number,
    readonly actions: number,
  ) {
    const n = maxRows * actions;
    this.y = new Float64Array(n);
    this.logPi = new Float64Array(maxRows);
    this.sigma = new Float64Array(n);
    this.tanhS = new Float64Array(n);
    this.c = new Float64Array(n);
  }

  /** From the actor's outputs `out` (`rows x 2A`: means, then raw log-stds) and noise `eps` (`rows x A`). */
  draw(out: Float64Array, eps: Float32Array, rows: number): void {
    const A = this.actions;
    const half = f32(0.5 * (LOG_STD_MAX - LOG_STD_MIN));
    const onePlus = f32(1 + TANH_EPS);
    const logSqrt2Pi = f32(LOG_SQRT_2PI);
    for (let r = 0; r < rows; r++) {
      let logPi = 0;
      for (let j = 0; j < A; j++) {
        const q = r * A + j;
        const mean = f32(out[r * 2 * A + j]!);
        const tanhS = f32(Math.tanh(f32(out[r * 2 * A + A + j]!)));
        const logStd = f32(f32(f32(tanhS + 1) * half) + LOG_STD_MIN);
        const sigma = f32(Math.exp(logStd));
        const e = eps[q]!;
        const y = f32(Math.tanh(f32(mean + f32(sigma * e))));
        const logN = f32(f32(f32(f32(e * e) * -0.5) - logStd) - logSqrt2Pi);
        const c = f32(onePlus - f32(y * y));
        logPi = f32(logPi + f32(logN - f32(Math.log(c))));
        this.y[q] = y;
        this.sigma[q] = sigma;
        this.tanhS[q] = tanhS;
        this.c[q] = c;
      }
      this.logPi[r] = logPi;
    }
  }
}

/** The JS state of one learner during a round of gradient steps. */
export class SACKernel {
  private readonly actor: DenseNet;
  private readonly qf1: DenseNet;
  private readonly qf2: DenseNet;
  private readonly qf1Target: DenseNet;
  private readonly qf2Target: DenseNet;
  private readonly logAlpha = new Float32Array(1);
  private readonly gLogAlpha = new Float64Array(1);
  /** The optimizers' state, read by {@link load}. */
  private adams: { q: AdamJs; actor: AdamJs; alpha: AdamJs } | undefined;
  private readonly qParams: Float32Array[];
  private readonly qGrads: Float64Array[];
  /** The variables behind each network's parameters, in {@link DenseNet.params} order. */
  private readonly bound: [DenseNet, tf.Variable[]][];
  private readonly qVars: tf.Variable[];
  private readonly actorVars: tf.Variable[];
  private readonly obsSize: number;
  private readonly A: number;
  // Scratch, `maxRows` rows each.
  private readonly obs: Float64Array;
  private readonly next: Float64Array;
  private readonly qIn: Float64Array;
  private readonly target: Float64Array;
  private readonly d1: Float64Array;
  private readonly d2: Float64Array;
  private readonly dIn1: Float64Array;
  private readonly dIn2: Float64Array;
  private readonly dActor: Float64Array;
  private readonly sample: SquashedSample;

  constructor(
    private readonly learner: SACNetworks,
    private readonly config: SACStepConfig,
    readonly maxRows: number,
  ) {
    const { actor, qf1, qf2, qf1Target, qf2Target } = learner.nets;
    const net = (m: tf.LayersModel): [DenseNet, tf.Variable[]] => {
      const dense = new DenseNet(denseShapes(m), maxRows);
      const vars = variablesOf(m);
      if (vars.length !== dense.params.length) throw new Error(`sac-update-js: '${m.name}' has ${vars.length} variables, its dense layers ${dense.params.length}`);
      return [dense, vars];
    };
    this.bound = [net(actor), net(qf1), net(qf2), net(qf1Target), net(qf2Target)];
    [this.actor, this.qf1, this.qf2, this.qf1Target, this.qf2Target] = this.bound.map(([d]) => d) as [DenseNet, DenseNet, DenseNet, DenseNet, DenseNet];
    this.A = this.actor.outputSize / 2;
    this.obsSize = this.actor.inputSize;
    if (this.qf1.inputSize !== this.obsSize + this.A || this.qf1.outputSize !== 1) throw new Error('sac-update-js: the Q networks do not take [observation, action] to one value');
    this.qVars = [...this.bound[1]![1], ...this.bound[2]![1]];
    this.actorVars = this.bound[0]![1];
    this.qParams = [...this.qf1.params, ...this.qf2.params];
    this.qGrads = [...this.qf1.grads, ...this.qf2.grads];
    const n = maxRows;
    const qWidth = this.obsSize + this.A;
    this.obs = new Float64Array(n * this.obsSize);
    this.next = new Float64Array(n * this.obsSize);
    this.qIn = new Float64Array(n * qWidth);
    this.target = new Float64Array(n);
    this.d1 = new Float64Array(n);
    this.d2 = new Float64Array(n);
    this.dIn1 = new Float64Array(n * qWidth);
    this.dIn2 = new Float64Array(n * qWidth);
    this.dActor = new Float64Array(n * 2 * this.A);
    this.sample = new SquashedSample(n, this.A);
  }

  /** Reads the networks, alpha and the optimizers' state from tfjs (before a round of steps). */
  load(): void {
    for (const [dense, vars] of this.bound) {
      vars.forEach((v, i) => {
        if (v.size !== dense.params[i]!.length) throw new Error(`sac-update-js: variable ${v.name} has ${v.size} values, the network ${dense.params[i]!.length}`);
        dense.params[i]!.set(v.dataSync() as Float32Array);
      });
      dense.paramsChanged();
    }
    this.logAlpha[0] = this.learner.logAlpha.dataSync()[0]!;
    const l = this.learner;
    this.adams = { q: AdamJs.load(l.qOptimizer, this.qVars), actor: AdamJs.load(l.actorOptimizer, this.actorVars), alpha: AdamJs.load(l.alphaOptimizer, [l.logAlpha]) };
  }

  private loaded(): { q: AdamJs; actor: AdamJs; alpha: AdamJs } {
    if (this.adams === undefined) throw new Error('sac-update-js: step before load');
    return this.adams;
  }

  /** Rows of `[observation, action]` into {@link qIn}. */
  private qInput(obs: Float64Array, actions: ArrayLike<number>, rows: number): Float64Array {
    const d = this.obsSize;
    const A = this.A;
    const w = d + A;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < d; i++) this.qIn[r * w + i] = obs[r * d + i]!;
      for (let j = 0; j < A; j++) this.qIn[r * w + d + j] = actions[r * A + j]!;
    }
    return this.qIn;
  }

  private alpha(): number {
    return f32(Math.exp(this.logAlpha[0]!));
  }

  /** One gradient step on `batch`; adds its figures to `sums`. */
  step(batch: SACMinibatch, sums: StepSums): void {
    const B = batch.rows;
    if (B > this.maxRows) throw new Error(`sac-update-js: ${B} rows exceed the ${this.maxRows} allocated`);
    this.obs.set(batch.observations.subarray(0, B * this.obsSize));
    this.next.set(batch.nextObservations.subarray(0, B * this.obsSize));
    this.criticStep(batch, sums);
    batch.actorNoise.forEach((eps, k) => {
      this.actorStep(eps, B, sums);
      const alphaEps = batch.alphaNoise[k];
      if (this.config.autotune && alphaEps !== undefined) this.alphaStep(alphaEps, B);
    });
    if (batch.updateTargets) {
      this.polyak(this.qf1, this.qf1Target);
      this.polyak(this.qf2, this.qf2Target);
    }
  }

  private criticStep(batch: SACMinibatch, sums: StepSums): void {
    const B = batch.rows;
    const gamma = f32(this.config.gamma);
    const alpha = this.alpha();
    const s = this.sample;
    s.draw(this.actor.forward(this.next, B), batch.nextNoise, B);
    const nextIn = this.qInput(this.next, s.y, B);
    const t1 = this.qf1Target.forward(nextIn, B);
    const t2 = this.qf2Target.forward(nextIn, B);
    for (let r = 0; r < B; r++) {
      const minNext = f32(f32(Math.min(f32(t1[r]!), f32(t2[r]!))) - f32(s.logPi[r]! * alpha));
      this.target[r] = f32(batch.rewards[r]! + f32(f32(f32(1 - batch.terminated[r]!) * minNext) * gamma));
    }
    const qIn = this.qInput(this.obs, batch.actions, B);
    const q1 = this.qf1.forward(qIn, B);
    const q2 = this.qf2.forward(qIn, B);
    let l1 = 0;
    let l2 = 0;
    let qMean = 0;
    for (let r = 0; r < B; r++) {
      const e1 = q1[r]! - this.target[r]!;
      const e2 = q2[r]! - this.target[r]!;
      l1 += e1 * e1;
      l2 += e2 * e2;
      qMean += q1[r]!;
      this.d1[r] = (2 * e1) / B;
      this.d2[r] = (2 * e2) / B;
    }
    this.qf1.backward(this.d1);
    this.qf2.backward(this.d2);
    this.loaded().q.step(this.qParams, this.qGrads, 1);
    this.qf1.paramsChanged();
    this.qf2.paramsChanged();
    sums.qf1Loss += l1 / B;
    sums.qf2Loss += l2 / B;
    sums.qValue += qMean / B;
    sums.steps += 1;
  }

  private actorStep(eps: Float32Array, B: number, sums: StepSums): void {
    const A = this.A;
    const d = this.obsSize;
    const w = d + A;
    const alpha = this.alpha();
    const s = this.sample;
    s.draw(this.actor.forward(this.obs, B), eps, B);
    const piIn = this.qInput(this.obs, s.y, B);
    const a1 = this.qf1.forward(piIn, B);
    const a2 = this.qf2.forward(piIn, B);
    let loss = 0;
    let logPiSum = 0;
    for (let r = 0; r < B; r++) {
      const first = f32(a1[r]!) <= f32(a2[r]!);
      const minQ = first ? a1[r]! : a2[r]!;
      loss += alpha * s.logPi[r]! - minQ;
      logPiSum += s.logPi[r]!;
      this.d1[r] = first ? -1 / B : 0;
      this.d2[r] = first ? 0 : -1 / B;
    }
    this.qf1.backward(this.d1, this.dIn1, false);
    this.qf2.backward(this.d2, this.dIn2, false);
    const half = 0.5 * (LOG_STD_MAX - LOG_STD_MIN);
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < A; j++) {
        const q = r * A + j;
        const y = s.y[q]!;
        const dy = this.dIn1[r * w + d + j]! + this.dIn2[r * w + d + j]! + ((alpha / B) * 2 * y) / s.c[q]!;
        const dx = dy * (1 - y * y);
        const dLogStd = dx * s.sigma[q]! * eps[q]! - alpha / B;
        const th = s.tanhS[q]!;
        this.dActor[r * 2 * A + j] = dx;
        this.dActor[r * 2 * A + A + j] = dLogStd * half * (1 - th * th);
      }
    }
    this.actor.backward(this.dActor);
    this.loaded().actor.step(this.actor.params, this.actor.grads, 1);
    this.actor.paramsChanged();
    sums.actorLoss += loss / B;
    sums.entropy += -logPiSum / B;
    sums.actorSteps += 1;
  }

  private alphaStep(eps: Float32Array, B: number): void {
    const s = this.sample;
    s.draw(this.actor.forward(this.obs, B), eps, B);
    let mean = 0;
    for (let r = 0; r < B; r++) mean += s.logPi[r]! - this.A;
    this.gLogAlpha[0] = (-this.alpha() * mean) / B;
    this.loaded().alpha.step([this.logAlpha], [this.gLogAlpha], 1);
  }

  /** theta' <- tau theta + (1 - tau) theta', each product and the sum rounded to float32 as tfjs's ops. */
  private polyak(online: DenseNet, target: DenseNet): void {
    const tau = f32(this.config.tau);
    const keep = f32(1 - this.config.tau);
    online.params.forEach((src, i) => {
      const dst = target.params[i]!;
      if (this.config.tau === 1) dst.set(src);
      else for (let k = 0; k < dst.length; k++) dst[k] = f32(src[k]! * tau) + f32(dst[k]! * keep);
    });
    target.paramsChanged();
  }

  /** Writes the networks, alpha and the optimizers' state back into the tfjs variables and optimizers (after a round); the next round loads again. */
  finish(): void {
    const adams = this.loaded();
    tf.tidy(() => {
      for (const [dense, vars] of this.bound) vars.forEach((v, i) => v.assign(tf.tensor(dense.params[i]!, v.shape)));
      this.learner.logAlpha.assign(tf.scalar(this.logAlpha[0]!));
    });
    adams.q.store(this.qVars);
    adams.actor.store(this.actorVars);
    adams.alpha.store([this.learner.logAlpha]);
    this.adams = undefined;
  }

  /** Whether {@link load} was called since the last {@link finish}. */
  get isLoaded(): boolean {
    return this.adams !== undefined;
  }
}
