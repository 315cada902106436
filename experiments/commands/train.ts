/**
 * `lbgym train`: trains an agent on a registered environment into a run
 * directory (see experiments/train-run.ts). Ctrl-C writes a checkpoint and
 * flushes the logs before exiting (exit code 130).
 */
import { Command } from 'commander';
import { ALGOS } from '../../agents/train.js';
import type { AlgoName } from '../../agents/agent.js';
import type { BackendPreference } from '../../agents/backend.js';
import { readJson } from '../runs/run-dir.js';
import { LR_SCHEDULES, runTraining, type LrSchedule, type TrainRunSummary } from '../train-run.js';
import { UsageError } from '../cli/errors.js';
import { addConfigFlags, allConfigFields, configFromFlags, kebab } from '../cli/config-flags.js';
import { printJson } from '../cli/output.js';
import { parseChoice, parseJsonObject, parseNumberFlag, parseNumberList } from '../cli/parse.js';

const RUN_KEYS = ['env', 'algo', 'envKwargs', 'logdir', 'bins', 'checkpointEvery', 'evalEvery', 'backend'] as const;
/** Flags a resumed run cannot change, with their option keys. */
const RESUME_FIXED: readonly [string, string][] = [
  ['--env', 'env'],
  ['--algo', 'algo'],
  ['--config', 'config'],
  ['--env-kwargs', 'envKwargs'],
  ['--logdir', 'logdir'],
  ['--bins', 'bins'],
  ['--checkpoint-every', 'checkpointEvery'],
  ['--eval-every', 'evalEvery'],
];

/** `algo`: show that algorithm's own defaults in the help (the other algorithms' fields are marked). */
export function trainCommand(algo?: string): Command {
  const cmd = new Command('train')
    .description('Train an agent; writes runs/{env}__{algo}__{seed}__{time}/ with TensorBoard logs, metrics.csv, checkpoints')
    .addHelpText(
      'after',
      '\nExamples:\n  lbgym train --env LB-OneShot-v0 --algo ppo --seed 1 --total-steps 200000\n  lbgym train --resume runs/LB-OneShot-v0__ppo__1__1764000000\n\nA --config FILE is a JSON object with run keys (env, algo, envKwargs, logdir, bins, checkpointEvery, evalEvery, backend)\nand algorithm fields (learningRate, numSteps, ...); flags override it.',
    )
    .option('--env <id>', 'registered environment id (lbgym envs)')
    .option('--algo <name>', `algorithm (${ALGOS.join(', ')})`)
    .option('--config <file>', 'JSON config file')
    .option('--env-kwargs <json>', 'environment kwargs as a JSON object')
    .option('--logdir <dir>', 'parent directory of run directories (default runs)')
    .option('--resume <dir>', 'continue a run from its last checkpoint')
    .option('--lr-schedule <mode>', `with --resume and a new --total-steps: continue (the annealed learning rate carries on from its value, down to 0 at the new total) | rescale (re-plan the anneal over the new total) (default continue)`)
    .option('--backend <name>', 'tfjs backend: auto | tensorflow | wasm | cpu (default auto)')
    .option('--checkpoint-every <updates>', 'updates between checkpoints (default: every 20,480 env steps, 10 PPO updates)')
    .option('--eval-every <updates>', 'updates between exact regret evaluations, one-shot env (default: every 10,240 env steps, 5 PPO updates)')
    .option('--bins <list>', 'DQN action grid per action dimension (default 11,21)')
    .option('--json', 'print a JSON summary as the last line')
    .option('--quiet', 'no progress output');
  addConfigFlags(cmd, [], (ALGOS as readonly string[]).includes(algo ?? '') ? (algo as AlgoName) : undefined);
  cmd.action(async (flags: Record<string, unknown>) => {
    const summary = await runTrainCommand(flags);
    if (summary.alreadyFinished === true) {
      process.stderr.write(`lbgym: ${summary.runDir} already finished (${summary.steps} steps); nothing to do (raise --total-steps to continue it)\n`);
    }
    if (flags['json'] === true) printJson(summary);
    else {
      process.stdout.write(`run directory  ${summary.runDir}\n`);
      process.stdout.write(`steps ${summary.steps}, ${summary.seconds.toFixed(1)} s, final return ${summary.finalReturn ?? 'n/a'}${summary.regret !== undefined ? `, regret ${(100 * summary.regret).toFixed(2)}%` : ''}\n`);
      process.stdout.write(`tensorboard --logdir ${summary.runDir}\n`);
    }
    if (summary.stopped) process.exitCode = 130;
  });
  return cmd;
}

/** `{[key]: n}` for a given period flag (undefined: the algorithm's default period). */
function periodOption(flag: string, key: 'checkpointEvery' | 'evalEvery', value: unknown): Partial<Record<'checkpointEvery' | 'evalEvery', number>> {
  return value === undefined ? {} : { [key]: parseNumberFlag(flag, String(value), { min: 1, integer: true }) };
}

async function runTrainCommand(flags: Record<string, unknown>): Promise<TrainRunSummary> {
  const file = typeof flags['config'] === 'string' ? readJson<Record<string, unknown>>(flags['config'], '--config') : {};
  if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new UsageError(`--config: expected a JSON object, got ${JSON.stringify(file)}`);
  const pick = <T>(flag: string, key: string): T | undefined => (flags[flag] as T | undefined) ?? (file[key] as T | undefined);
  let stop = false;
  const onSigint = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\nlbgym: interrupted; writing a checkpoint (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    const common = {
      backend: parseChoice<BackendPreference>('--backend', String(pick('backend', 'backend') ?? 'auto'), ['auto', 'tensorflow', 'wasm', 'cpu']),
      progress: flags['quiet'] !== true,
      shouldStop: () => stop,
    };
    if (typeof flags['resume'] === 'string') {
      // A run keeps its environment, algorithm and settings: only its length and the backend can change.
      for (const [flag, key] of RESUME_FIXED) {
        if (flags[key] !== undefined) throw new UsageError(`${flag}: cannot change on --resume (the run keeps its own; start a new run to change it)`);
      }
      for (const name of allConfigFields().keys()) {
        if (name !== 'totalSteps' && flags[name] !== undefined) {
          throw new UsageError(`--${kebab(name)}: cannot change on --resume (the run keeps its ${name}; start a new run to change it)`);
        }
      }
      const totalSteps = flags['totalSteps'];
      const lrSchedule = parseChoice<LrSchedule>('--lr-schedule', String(flags['lrSchedule'] ?? 'continue'), LR_SCHEDULES);
      return await runTraining({
        lrSchedule,
        envId: '',
        algo: 'ppo',
        config: totalSteps === undefined ? {} : { totalSteps: parseNumberFlag('--total-steps', String(totalSteps), { min: 1, integer: true }) },
        resume: flags['resume'],
        ...common,
      });
    }
    if (flags['lrSchedule'] !== undefined) throw new UsageError('--lr-schedule: only with --resume (it says how a resumed run that changes --total-steps anneals its learning rate)');
    const envId = pick<string>('env', 'env');
    if (envId === undefined) throw new UsageError('--env: required (see lbgym envs)');
    const algo = parseChoice<AlgoName>('--algo', String(pick('algo', 'algo') ?? ''), ALGOS);
    const fileConfig: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(file)) if (!(RUN_KEYS as readonly string[]).includes(k)) fileConfig[k] = v;
    const config = { ...fileConfig, ...configFromFlags(flags, algo) };
    const envKwargs =
      typeof flags['envKwargs'] === 'string'
        ? parseJsonObject('--env-kwargs', flags['envKwargs'])
        : ((file['envKwargs'] as Record<string, unknown> | undefined) ?? {});
    return await runTraining({
      envId,
      algo,
      config,
      envKwargs,
      logdir: String(pick('logdir', 'logdir') ?? 'runs'),
      ...periodOption('--checkpoint-every', 'checkpointEvery', pick('checkpointEvery', 'checkpointEvery')),
      ...periodOption('--eval-every', 'evalEvery', pick('evalEvery', 'evalEvery')),
      bins: parseNumberList('--bins', String(pick<string | number[]>('bins', 'bins') ?? '11,21'), { min: 1, integer: true }),
      ...common,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
