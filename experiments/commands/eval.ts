/** `lbgym eval`: evaluates a trained run's deterministic policy. */
import { Command } from 'commander';
import { evaluateParallelPolicy, evaluatePolicy } from '../evaluate.js';
import { loadRunPolicy } from '../policy-loader.js';
import { exactEvaluator } from '../env-families.js';
import { RegretEvaluator } from '../regret.js';
import { MULTI_AGENT_ID } from '../../envs/registration.js';
import type { MultiAgentEnvOptions } from '../../envs/multi-agent-env.js';
import { initBackend } from '../../agents/backend.js';
import { ciJson, ciText, fmt, printJson } from '../cli/output.js';
import { parseNumberFlag } from '../cli/parse.js';
import { UsageError } from '../cli/errors.js';
import { Progress } from '../cli/progress.js';

export function evalCommand(): Command {
  return new Command('eval')
    .description("Evaluate a trained run's policy: mean return, completion time with 95% CI, fairness, exact regret")
    .addHelpText('after', '\nExample:\n  lbgym eval --run runs/LB-OneShot-v0__ppo__1__1764000000 --episodes 2000 --json')
    .option('--run <dir>', 'run directory (uses model/, else checkpoint/)')
    .option('--episodes <n>', 'episodes', '1000')
    .option('--seed <s>', 'evaluation seed', '12345')
    .option('--stochastic', 'sample actions instead of the deterministic mode')
    .option('--json', 'print one JSON object')
    .option('--quiet', 'no progress output')
    .action(async (flags: { run?: string; episodes: string; seed: string; stochastic?: boolean; json?: boolean; quiet?: boolean }) => {
      if (flags.run === undefined) throw new UsageError('--run: required');
      const episodes = parseNumberFlag('--episodes', flags.episodes, { min: 1, integer: true });
      const seed = parseNumberFlag('--seed', flags.seed, { integer: true });
      await initBackend('auto');
      const run = await loadRunPolicy(flags.run);
      try {
        const progress = new Progress(episodes, 'episodes', process.stderr, 5, flags.quiet !== true);
        const evalOptions = { episodes, seed, envKwargs: run.config.envKwargs, deterministic: flags.stochastic !== true, onEpisode: (done: number) => progress.update(done) };
        const ev =
          run.agentAct !== undefined
            ? evaluateParallelPolicy(run.config.env, run.agentAct, evalOptions)
            : evaluatePolicy(run.config.env, run.policy, evalOptions);
        progress.done();
        const regretEval = exactEvaluator(run.config.env, run.config.envKwargs);
        const agentAct = run.agentAct;
        const exact =
          typeof regretEval !== 'string'
            ? regretEval.evaluate(run.policy, undefined, agentAct === undefined ? {} : { agentAct: (a, obs) => agentAct(a, obs, { deterministic: true }) })
            : undefined;
        // LB-MultiAgent-v0: also against the best per-node gains (labelled).
        const perNodeEval = typeof regretEval !== 'string' && run.config.env === MULTI_AGENT_ID ? RegretEvaluator.forMultiAgent(run.config.envKwargs as MultiAgentEnvOptions, 'per-node') : undefined;
        const perNode =
          perNodeEval !== undefined && typeof perNodeEval !== 'string'
            ? perNodeEval.evaluate(run.policy, undefined, agentAct === undefined ? {} : { agentAct: (a, obs) => agentAct(a, obs, { deterministic: true }) })
            : undefined;
        const regret = exact?.regret;
        const normalizedRegret = exact !== undefined && Number.isFinite(exact.normalizedRegret) ? exact.normalizedRegret : undefined;
        const completion = ev.metrics['completionTime'];
        const jain = ev.metrics['jainFinish'] ?? ev.metrics['jain'];
        if (flags.json === true) {
          printJson({
            run: run.dir,
            env: run.config.env,
            algo: run.config.algo,
            episodes,
            seed,
            meanReturn: ev.return.mean,
            returnCi95: ciJson(ev.return.ci95),
            ...(completion !== undefined ? { meanCompletion: completion.mean, completionCi95: ciJson(completion.ci95) } : {}),
            ...(jain !== undefined ? { jain: jain.mean } : {}),
            ...(regret !== undefined ? { regret } : {}),
            ...(normalizedRegret !== undefined ? { normalizedRegret } : {}),
            ...(perNode !== undefined ? { perNodeGainsRegret: perNode.regret } : {}),
            metrics: Object.fromEntries(Object.entries(ev.metrics).map(([k, v]) => [k, v.mean])),
          });
          return;
        }
        const out = process.stdout;
        out.write(`${run.name} (${run.config.algo} on ${run.config.env}), ${episodes} episodes, seed ${seed}\n`);
        out.write(`  mean return        ${fmt(ev.return.mean)}  (${ciText(ev.return.ci95)})\n`);
        if (completion !== undefined) out.write(`  mean completion    ${fmt(completion.mean)} s  (${ciText(completion.ci95)})\n`);
        if (jain !== undefined) out.write(`  Jain (finish)      ${fmt(jain.mean)}\n`);
        if (regret !== undefined && typeof regretEval !== 'string') {
          const family = `the exact optimum of ${regretEval.spec.reward ?? 'completion'} over ${regretEval.familyLabel()}, ${regretEval.grid.length} load ${regretEval.n === 2 ? 'pairs' : 'points'}`;
          out.write(`  exact regret       ${(100 * regret).toFixed(2)} % (vs ${family})\n`);
          if (perNode !== undefined && typeof perNodeEval !== 'string' && perNodeEval !== undefined) out.write(`  exact regret       ${(100 * perNode.regret).toFixed(2)} % (vs the exact optimum over ${perNodeEval.familyLabel()})\n`);
          if (normalizedRegret !== undefined) out.write(`  normalized regret  ${(100 * normalizedRegret).toFixed(2)} % (share of the optimum's gain over no balancing left unused)\n`);
        }
      } finally {
        run.dispose();
      }
    });
}
