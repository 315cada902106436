/**
 * Everything a run logs, in one place: TensorBoard scalars with CleanRL's tag
 * names, `metrics.csv`, and the console progress. One logger per run.
 *
 * | tag | from |
 * |---|---|
 * | `charts/episodic_return`, `charts/episode_length`, `charts/SPS` | episodes finished in the update, steps/s |
 * | `charts/completion_time`, `charts/jain` | env info `completionTime`, `jainFinish` means |
 * | `charts/regret`, `charts/normalized_regret` | exact regret and normalised regret under the env's reward (analytic solver, experiments/regret.ts), every `evalEvery` updates |
 * | `charts/K`, `charts/t_b` (histograms) | the deterministic actions on the regret grid |
 * | `losses/value_loss`, `losses/policy_loss`, `losses/entropy`, `losses/approx_kl`, `losses/clipfrac`, `losses/explained_variance` | the update |
 * | `charts/learning_rate`, `charts/epsilon`, `losses/q_value`, `losses/grad_norm` | when the algorithm has them |
 * | `losses/qf1_loss`, `losses/qf2_loss`, `losses/actor_loss`, `losses/alpha` | SAC (its `losses/value_loss` is their mean, CleanRL's `qf_loss / 2`) |
 */
import type { UpdateMetrics } from '../../agents/train.js';
import { EventWriter } from '../tensorboard/event-writer.js';
import { MetricsCsv, type MetricRow } from './metrics-csv.js';

/** The two exact regret figures of an evaluation (experiments/regret.ts). */
export interface ExactRegret {
  regret: number;
  normalizedRegret: number;
}

export class RunLogger {
  readonly tb: EventWriter;
  readonly csv: MetricsCsv;
  lastRegret: number | undefined;
  lastNormalizedRegret: number | undefined;

  constructor(readonly runDir: string) {
    this.tb = new EventWriter(runDir);
    this.csv = new MetricsCsv(`${runDir}/metrics.csv`);
  }

  logUpdate(m: UpdateMetrics, seconds: number, exact?: ExactRegret): MetricRow {
    const regret = exact?.regret;
    const normalizedRegret = exact?.normalizedRegret;
    const s = m.step;
    const scalar = (tag: string, v: number | undefined): void => {
      if (v !== undefined && Number.isFinite(v)) this.tb.addScalar(tag, v, s);
    };
    const completion = m.info['completionTime'];
    const jain = m.info['jainFinish'] ?? m.info['jain'];
    scalar('charts/episodic_return', m.episodicReturn);
    scalar('charts/episode_length', m.episodeLength);
    scalar('charts/SPS', m.sps);
    scalar('charts/completion_time', completion);
    scalar('charts/jain', jain);
    scalar('charts/regret', regret);
    scalar('charts/normalized_regret', normalizedRegret);
    scalar('charts/learning_rate', m.learningRate);
    scalar('charts/epsilon', m.epsilon);
    scalar('losses/value_loss', m.valueLoss);
    scalar('losses/policy_loss', m.policyLoss);
    scalar('losses/entropy', m.entropy);
    scalar('losses/approx_kl', m.approxKl);
    scalar('losses/clipfrac', m.clipFrac);
    scalar('losses/explained_variance', m.explainedVariance);
    scalar('losses/q_value', m.qValue);
    scalar('losses/grad_norm', m.gradNorm);
    scalar('losses/qf1_loss', m.qf1Loss);
    scalar('losses/qf2_loss', m.qf2Loss);
    scalar('losses/actor_loss', m.actorLoss);
    scalar('losses/alpha', m.alpha);
    if (regret !== undefined) this.lastRegret = regret;
    if (normalizedRegret !== undefined) this.lastNormalizedRegret = normalizedRegret;
    const row: MetricRow = {
      step: s,
      update: m.update,
      seconds,
      sps: m.sps,
      episodes: m.episodes,
      episodic_return: m.episodicReturn,
      episode_length: m.episodeLength,
      completion_time: completion,
      jain,
      regret,
      policy_loss: m.policyLoss,
      value_loss: m.valueLoss,
      entropy: m.entropy,
      approx_kl: m.approxKl,
      clipfrac: m.clipFrac,
      explained_variance: m.explainedVariance,
      learning_rate: m.learningRate,
      epsilon: m.epsilon,
      normalized_regret: normalizedRegret,
    };
    this.csv.append(row);
    return row;
  }

  logActions(step: number, K: number[], tb: number[]): void {
    if (K.length > 0) this.tb.addHistogram('charts/K', K, step);
    if (tb.length > 0) this.tb.addHistogram('charts/t_b', tb, step);
  }

  flush(): void {
    this.tb.flush();
  }

  close(): void {
    this.tb.close();
  }
}

/** A config object as a markdown table (for TensorBoard's text tab). */
export function configMarkdown(config: Record<string, unknown>): string {
  const rows = Object.entries(config).map(([k, v]) => `|${k}|${typeof v === 'object' ? JSON.stringify(v) : String(v)}|`);
  return ['|param|value|', '|-|-|', ...rows].join('\n');
}
