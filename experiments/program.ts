/**
 * The `lbgym` program: every command, assembled. Each command lives in
 * experiments/commands/ and is loaded on demand, so `lbgym simulate` does not
 * pay for loading TensorFlow.js or the plotting library. Exit codes: 0
 * success, 1 failure, 2 bad usage or configuration.
 */
import { Command } from 'commander';
import { reportError } from './cli/errors.js';
import { packageVersion } from './cli/package-version.js';

export { packageVersion };

/** Command name -> its (lazily imported) builder, in help order. */
const COMMANDS: Record<string, (argv: readonly string[]) => Promise<Command>> = {
  envs: async () => (await import('./commands/envs.js')).envsCommand(),
  simulate: async () => (await import('./commands/simulate.js')).simulateCommand(),
  analyze: async () => (await import('./commands/analyze.js')).analyzeCommand(),
  calibrate: async () => (await import('./commands/calibrate.js')).calibrateCommand(),
  // The help of `train --help --algo X` shows X's own defaults.
  train: async (argv) => (await import('./commands/train.js')).trainCommand(algoOf(argv)),
  eval: async () => (await import('./commands/eval.js')).evalCommand(),
  compare: async () => (await import('./commands/compare.js')).compareCommand(),
  sweep: async () => (await import('./commands/sweep.js')).sweepCommand(),
  report: async () => (await import('./commands/report.js')).reportCommand(),
  quickstart: async () => (await import('./commands/quickstart.js')).quickstartCommand(),
  serve: async () => (await import('./commands/serve.js')).serveCommand(),
};

export const COMMAND_NAMES = Object.keys(COMMANDS);

/** The value of `--algo` in argv, if any (`--algo X` or `--algo=X`). */
function algoOf(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--algo');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--algo='))?.slice('--algo='.length);
}

/** The program with every command, or only `only` when it names one. */
export async function buildProgram(only?: string, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('lbgym')
    .description('A reinforcement-learning gym for load balancing under communication and transfer delays')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)');
  const names = only !== undefined && only in COMMANDS ? [only] : COMMAND_NAMES;
  for (const name of names) program.addCommand(await COMMANDS[name]!(argv));
  // Bad usage exits 2 (commander's default is 1); applies to every subcommand.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv[0], argv);
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    return reportError(e);
  }
}
