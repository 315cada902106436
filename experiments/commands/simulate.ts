/**
 * `lbgym simulate`: Monte-Carlo of the one-shot policy on a scenario.
 */
import { Command } from 'commander';
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import { fastPathApplies } from '../../envs/sim/fast-engine.js';
import { monteCarlo } from '../../envs/sim/monte-carlo.js';
import { validateLoads } from '../../envs/sim/scenario.js';
import type { EngineChoice } from '../../envs/sim/simulate.js';
import { UsageError } from '../cli/errors.js';
import { ciJson, ciText, fmt, printJson } from '../cli/output.js';
import { parseChoice, parseNumberFlag, parseNumberList, parseNumberOrList } from '../cli/parse.js';
import { type ScenarioFlags, addScenarioOptions, resolveScenario } from '../cli/scenario-option.js';

interface SimulateFlags extends ScenarioFlags {
  loads?: string;
  K: string;
  tb: string;
  episodes: string;
  seed: string;
  engine: string;
  json?: boolean;
}

export function simulateCommand(): Command {
  const cmd = new Command('simulate')
    .description('Monte-Carlo of one-shot balancing: mean completion time, 95% CI, fairness')
    .addHelpText('after', '\nExample:\n  lbgym simulate --preset wireless-lan --loads 100,50 --K 0.9 --tb 5 --episodes 100000 --json');
  addScenarioOptions(cmd)
    .option('--loads <list>', 'initial queues, one per node (default: the scenario\'s defaultLoads)')
    .option('--K <gain>', 'gain K in [0,1], or one per node (comma-separated)', '0.9')
    .option('--tb <seconds>', 'balancing instant t_b >= 0 (s), or one per node', '5')
    .option('--episodes <n>', 'number of episodes', '100000')
    .option('--seed <s>', 'root seed', '1')
    .option('--engine <name>', 'auto | general | fast (auto: fast path when all delays are exponential)', 'auto')
    .option('--json', 'print one JSON object')
    .action((flags: SimulateFlags) => runSimulate(flags));
  return cmd;
}

function runSimulate(flags: SimulateFlags): void {
  const scenario = resolveScenario(flags);
  const sc = compileScenario(scenario);
  const loads = validateLoads(
    flags.loads === undefined ? scenario.defaultLoads : parseNumberList('--loads', flags.loads, { min: 0, integer: true }),
    sc.n,
    '--loads',
  );
  const K = parseNumberOrList('--K', flags.K, { min: 0, max: 1 });
  const tb = parseNumberOrList('--tb', flags.tb, { min: 0 });
  const episodes = parseNumberFlag('--episodes', flags.episodes, { min: 1, integer: true });
  const seed = parseNumberFlag('--seed', flags.seed, { integer: true });
  const engine = parseChoice<EngineChoice>('--engine', flags.engine, ['auto', 'general', 'fast']);
  if (engine === 'fast' && !fastPathApplies(sc, { K, tb })) {
    throw new UsageError(`--engine: fast needs exponential service, communication and transfer delays and one common t_b; ${scenario.name} with t_b = ${String(tb)} runs on auto or general`);
  }
  const r = monteCarlo(sc, loads, { K, tb }, { episodes, seed, engine });
  if (flags.json === true) {
    printJson({
      scenario: scenario.name,
      loads,
      K,
      tb,
      seed,
      episodes: r.episodes,
      engine: r.engine,
      meanCompletion: r.meanCompletion,
      stdDev: r.stdDev,
      stdError: r.stdError,
      ci95: ciJson(r.ci95),
      meanFinishTimes: r.meanFinishTimes,
      meanTasksMoved: r.meanTasksMoved,
      jainFinish: r.jainFinish,
      informedFraction: r.informedFraction,
      episodesPerSecond: r.episodesPerSecond,
      seconds: r.seconds,
    });
    return;
  }
  const out = process.stdout;
  out.write(`scenario ${scenario.name}, loads (${loads.join(', ')}), K = ${String(K)}, t_b = ${String(tb)} s\n`);
  out.write(`${r.episodes} episodes on the ${r.engine} engine, seed ${seed}\n\n`);
  out.write(`  mean completion time   ${fmt(r.meanCompletion)} s  (${ciText(r.ci95)}, SE ${fmt(r.stdError)})\n`);
  out.write(`  mean finish per node   ${r.meanFinishTimes.map((x) => fmt(x, 3)).join(', ')} s\n`);
  out.write(`  mean tasks moved       ${fmt(r.meanTasksMoved, 3)}\n`);
  out.write(`  Jain index (finish)    ${fmt(r.jainFinish)}\n`);
  out.write(`  informed at t_b        ${fmt(100 * r.informedFraction, 1)} % of pairs\n`);
  out.write(`  speed                  ${Math.round(r.episodesPerSecond).toLocaleString('en-US')} episodes/s\n`);
}
