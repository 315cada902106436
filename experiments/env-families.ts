/**
 * What lbgym knows about each environment family, in one table: its env ids,
 * its baselines, its exact-regret evaluator (or why there is none) and the
 * headline metrics of its comparison table. `compare`, `eval`, `train`, the
 * sweep's evaluation and the report read it, so adding a family is one entry
 * here (see docs/architecture.md).
 */
import { type Baseline, unknownBaseline } from '../baselines/baseline.js';
import { dispatchBaselines, parkBaselines } from '../baselines/dispatch/index.js';
import { dynamicBaselines } from '../baselines/dynamic/index.js';
import { ONE_SHOT_BASELINES, oneShotBaselines } from '../baselines/one-shot/index.js';
import { type DispatchEnvOptions, dispatchNodeCount } from '../envs/dispatch-env.js';
import { DISPATCH_ID, DISPATCH_MULTI_ID, PARK_LOAD_BALANCE_ID } from '../envs/dispatch-registration.js';
import { DYNAMIC_ID } from '../envs/dynamic-registration.js';
import type { OneShotEnvOptions } from '../envs/one-shot-env.js';
import type { MultiAgentEnvOptions } from '../envs/multi-agent-env.js';
import { MULTI_AGENT_ID, ONE_SHOT_ID } from '../envs/registration.js';
import { resolveScenarioInput } from '../envs/scenario-option.js';
import { optionError } from '../envs/sim/validation.js';
import { RegretEvaluator } from './regret.js';
import type { AlgoName } from '../agents/agent.js';

/** A column of a family's comparison table: a header and the row's metric (its last-step info, mean over episodes). */
export interface MetricColumn {
  header: string;
  key: string;
}

export interface BaselineRequest {
  envKwargs: Record<string, unknown>;
  /** Baselines asked for by name (all of the family's when absent). */
  names: string[] | undefined;
  seed: number;
  /** Episodes of the one-shot `best-fixed` search. */
  bestFixedEpisodes: number;
}

/** Tuned algorithm defaults that apply to the env kwargs `applies` accepts (`when` says which, for `--help`). */
export interface TunedDefaults {
  readonly when: string;
  readonly applies: (envKwargs: Readonly<Record<string, unknown>>) => boolean;
  readonly algos: { readonly [A in AlgoName]?: Readonly<Record<string, unknown>> };
}

export interface EnvFamily {
  readonly name: string;
  readonly envs: readonly string[];
  baselines(request: BaselineRequest): Baseline[];
  /** The exact-regret evaluator for these kwargs, or why there is none. */
  exact(envKwargs: Record<string, unknown>): RegretEvaluator | string;
  /** The comparison table's headline metrics and what they mean (absent: the one-shot table with regret). */
  readonly headline?: { readonly columns: readonly MetricColumn[]; readonly note: string };
  /** The family's envs take a `load` kwarg, and `compare --loads` plots this fairness metric against it. */
  readonly loadSweep?: { readonly fairness: MetricColumn };
  /**
   * Algorithm defaults tuned for these envs (as rl-baselines3-zoo keeps per-env
   * hyper-parameters), between the algorithm's own defaults and the user's
   * config: `lbgym train`, `sweep` and `quickstart` apply them; `--help` lists them.
   */
  readonly agentDefaults?: readonly TunedDefaults[];
}

function pick(all: Baseline[], names: string[] | undefined): Baseline[] {
  if (names === undefined) return all;
  return names.map((n) => {
    const b = all.find((x) => x.name === n);
    if (b === undefined) throw unknownBaseline(n, all.map((x) => x.name));
    return b;
  });
}

const noExact = (why: string) => (): string => why;

export const ENV_FAMILIES: readonly EnvFamily[] = [
  {
    name: 'one-shot',
    envs: [ONE_SHOT_ID],
    baselines: ({ envKwargs, names, seed, bestFixedEpisodes }) =>
      oneShotBaselines(envKwargs as OneShotEnvOptions, names ?? ONE_SHOT_BASELINES, { seed, bestFixed: { episodes: bestFixedEpisodes } }),
    exact: (envKwargs) => RegretEvaluator.forOneShot(envKwargs as OneShotEnvOptions),
    agentDefaults: [
      // Rollouts of 1024 steps under the completion reward: the first exact regret <= 2 % at 20,480
      // steps instead of 30,720 (2048) on seeds 1, 2 and 3, and the same regret at 61,440 and
      // 100k steps. Not for the fair rewards: fair-completion ends at 8.0 % normalized regret
      // after 100k steps with 1024, against 5.85 % with 2048 (README, Results).
      {
        when: 'reward completion (the default)',
        applies: (kw) => (kw['reward'] ?? 'completion') === 'completion',
        algos: { ppo: { numSteps: 1024 } },
      },
      // fair-completion with learning rate 0.001: normalized regret 4.3 / 5.2 / 4.1 % after 100k
      // steps on seeds 1, 2, 3 (first <= 5 % at 51,200-61,440 steps), against 7.8 / 7.4 / 6.2 %
      // with 3e-4, which stays above 5 % (README, Results).
      {
        when: 'reward fair-completion',
        applies: (kw) => kw['reward'] === 'fair-completion',
        algos: { ppo: { learningRate: 0.001 } },
      },
    ],
  },
  {
    name: 'multi-agent one-shot',
    envs: [MULTI_AGENT_ID],
    // Every node plays the same one-shot rule.
    baselines: ({ envKwargs, names, seed }) =>
      pick(oneShotBaselines({ scenario: resolveScenarioInput(envKwargs['scenario'] ?? 'hetero-4'), tbMax: Number(envKwargs['tbMax'] ?? 10) }, ['no-balancing', 'blind-full', 'informed-full', 'random'], { seed }), names),
    // Against the best common (K, t_b); the per-node gains optimum is RegretEvaluator.forMultiAgent(kwargs, 'per-node').
    exact: (envKwargs) => RegretEvaluator.forMultiAgent(envKwargs as MultiAgentEnvOptions, 'common'),
  },
  {
    name: 'dynamic',
    envs: [DYNAMIC_ID],
    baselines: ({ envKwargs, names }) => {
      const scenario = resolveScenarioInput(envKwargs['scenario'] ?? 'hetero-4');
      const opts: { queueScale?: number; epoch?: number } = {};
      if (typeof envKwargs['queueScale'] === 'number') opts.queueScale = envKwargs['queueScale'];
      if (typeof envKwargs['epoch'] === 'number') opts.epoch = envKwargs['epoch'];
      const all = dynamicBaselines(scenario, opts).map((b): Baseline => ({ name: b.name, description: b.name, policy: b.policy, ...(b.envKwargs !== undefined ? { envKwargs: b.envKwargs } : {}) }));
      return pick(all, names);
    },
    exact: noExact('the exact optimum is for one-shot balancing'),
    headline: {
      columns: [
        { header: 'mean response (s) [95% CI]', key: 'meanResponseTime' },
        { header: 'lost tasks [95% CI]', key: 'lost' },
      ],
      note: 'mean response: the mean sojourn of every task completed in the episode; lost tasks: tasks lost to node failures by the end of the episode; mean over episodes with 95% CI.',
    },
  },
  {
    name: 'dispatch',
    envs: [DISPATCH_ID, DISPATCH_MULTI_ID],
    // Multi-dispatcher: every dispatcher runs the same classic rule.
    baselines: ({ envKwargs, names }) => pick(dispatchBaselines(dispatchNodeCount(envKwargs as DispatchEnvOptions)).map((b): Baseline => ({ name: b.name, description: `classic rule ${b.name}`, policy: b.policy, envKwargs: b.envKwargs })), names),
    exact: noExact('the exact optimum is for one-shot balancing'),
    headline: {
      columns: [
        { header: 'jainSojourn [95% CI]', key: 'jainSojourn' },
        { header: 'mean response (s) [95% CI]', key: 'meanResponseTime' },
        { header: 'p99 response (s) [95% CI]', key: 'p99ResponseTime' },
      ],
      note: "jainSojourn: Jain's index of the servers' mean sojourn times over the episode (1 = equal); mean response and p99 response: the mean and the 99th percentile of the sojourns of the tasks served in the episode; all from the episode's last step, mean over episodes with 95% CI.",
    },
    loadSweep: { fairness: { header: "Jain's index of the servers' mean sojourn (jainSojourn)", key: 'jainSojourn' } },
  },
  {
    name: 'Park',
    envs: [PARK_LOAD_BALANCE_ID],
    baselines: ({ names, seed }) =>
      pick(parkBaselines({ seed }).map((b): Baseline => ({ name: b.name, description: `Park heuristic ${b.name}`, policy: b.policy as unknown as Baseline['policy'] })), names),
    exact: noExact('the exact optimum is for one-shot balancing'),
  },
];

/** The family of `envId`, or undefined for an environment lbgym has no profile of. */
export function envFamily(envId: string): EnvFamily | undefined {
  return ENV_FAMILIES.find((f) => f.envs.includes(envId));
}

/** The family's tuned defaults of `algo` on `envId` with `envKwargs`, every applicable entry merged (empty when none apply). */
export function familyAgentDefaults(envId: string, algo: AlgoName, envKwargs: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const tuned = (envFamily(envId)?.agentDefaults ?? []).filter((t) => t.applies(envKwargs));
  return Object.assign({}, ...tuned.map((t) => t.algos[algo] ?? {})) as Readonly<Record<string, unknown>>;
}

/** The family's baselines; an env without a family is a usage error naming `envId`. */
export function familyBaselines(envId: string, request: BaselineRequest): Baseline[] {
  const family = envFamily(envId);
  if (family === undefined) throw optionError('envId', `no baselines are known for ${envId}`);
  return family.baselines(request);
}

/** The exact-regret evaluator of `envId` with these kwargs, or why there is none. */
export function exactEvaluator(envId: string, envKwargs: Record<string, unknown>): RegretEvaluator | string {
  return envFamily(envId)?.exact(envKwargs) ?? `no exact optimum is known for ${envId}`;
}
