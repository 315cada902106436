/**
 * `lbgym quickstart` (what `npm start` runs): trains PPO on LB-OneShot-v0
 * with a budget that finishes in a few minutes, compares it with the
 * analytic optimum and the heuristics on the same seeds, and prints the
 * table, the run directory and how to open TensorBoard.
 */
import { Command } from 'commander';
import { join } from 'node:path';
import { runComparison } from '../compare.js';
import { runTraining } from '../train-run.js';
import { comparisonMarkdownTable } from '../report/markdown.js';
import { writeReport } from '../report/write-report.js';
import { ONE_SHOT_ID } from '../../envs/registration.js';
import { parseNumberFlag } from '../cli/parse.js';
import { printJson } from '../cli/output.js';

/** The PPO settings the quickstart uses (see README, "Reaching the optimum"). */
export const QUICKSTART_PPO = { learningRate: 0.001, numSteps: 2048, numMinibatches: 32, updateEpochs: 10 };

export function quickstartCommand(): Command {
  return new Command('quickstart')
    .description('The main job: train PPO on LB-OneShot-v0, compare it with the optimum and the baselines, print the report')
    .addHelpText('after', '\nExample:\n  lbgym quickstart --total-steps 60000 --episodes 200')
    .option('--total-steps <n>', 'training steps', '60000')
    .option('--episodes <n>', 'evaluation episodes per policy', '200')
    .option('--seed <s>', 'seed', '1')
    .option('--logdir <dir>', 'run directory parent', 'runs')
    .option('--out <dir>', 'report directory (default reports/quickstart-<time>)')
    .option('--json', 'print a JSON summary as the last line')
    .action(async (flags: { totalSteps: string; episodes: string; seed: string; logdir: string; out?: string; json?: boolean }) => {
      const totalSteps = parseNumberFlag('--total-steps', flags.totalSteps, { min: 1, integer: true });
      const episodes = parseNumberFlag('--episodes', flags.episodes, { min: 1, integer: true });
      const seed = parseNumberFlag('--seed', flags.seed, { integer: true, min: 0 });
      const say = (s: string): void => {
        process.stderr.write(`${s}\n`);
      };
      say(`lbgym quickstart: training PPO on ${ONE_SHOT_ID} (wireless-lan, initial loads uniform in {0..100}^2) for ${totalSteps} steps`);
      const summary = await runTraining({
        envId: ONE_SHOT_ID,
        algo: 'ppo',
        config: { ...QUICKSTART_PPO, seed, totalSteps },
        logdir: flags.logdir,
      });
      say(`trained in ${summary.seconds.toFixed(0)} s; exact regret ${summary.regret === undefined ? 'n/a' : `${(100 * summary.regret).toFixed(2)} %`}`);
      say(`comparing with the regeneration-optimal policy and the heuristics on ${episodes} episodes (same seeds)...`);
      const data = await runComparison({ runs: [summary.runDir], episodes, seed: 12345, logdir: flags.logdir });
      const out = flags.out ?? join('reports', `quickstart-${Math.floor(Date.now() / 1000)}`);
      const files = await writeReport(out, data);
      process.stdout.write(`\n${comparisonMarkdownTable(data.rows, data.env)}\n\n`);
      process.stdout.write(`run directory: ${summary.runDir}\n`);
      process.stdout.write(`report:        ${files.html}\n`);
      process.stdout.write(`TensorBoard:   tensorboard --logdir ${flags.logdir}   (pip install tensorboard)\n`);
      if (flags.json === true) printJson({ runDir: summary.runDir, report: files.html, regret: summary.regret ?? null, seconds: summary.seconds });
    });
}
