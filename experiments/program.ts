/**
 * The `lbgym` program: every command, assembled. Each command lives in
 * experiments/commands/. Exit codes: 0 success, 1 failure, 2 bad usage or
 * configuration.
 */
import { Command } from 'commander';
import { analyzeCommand } from './commands/analyze.js';
import { compareCommand } from './commands/compare.js';
import { envsCommand } from './commands/envs.js';
import { evalCommand } from './commands/eval.js';
import { reportCommand } from './commands/report.js';
import { simulateCommand } from './commands/simulate.js';
import { trainCommand } from './commands/train.js';
import { reportError } from './cli/errors.js';

export function buildProgram(): Command {
  const program = new Command('lbgym')
    .description('A reinforcement-learning gym for load balancing under communication and transfer delays')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(envsCommand());
  program.addCommand(simulateCommand());
  program.addCommand(analyzeCommand());
  program.addCommand(trainCommand());
  program.addCommand(evalCommand());
  program.addCommand(compareCommand());
  program.addCommand(reportCommand());
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
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    return reportError(e);
  }
}

