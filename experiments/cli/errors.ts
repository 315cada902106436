/**
 * CLI exit codes and error reporting: 0 success, 1 failure, 2 bad usage or
 * configuration. Errors print one line naming the flag, field or file; a
 * stack trace only with LBGYM_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { ConfigError } from '../../envs/sim/validation.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A bad command-line value: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The flags of the library options that errors name (optionError in envs/sim/validation.ts). */
const OPTION_FLAGS: Readonly<Record<string, string>> = {
  envId: '--env',
  algo: '--algo',
  envKwargs: '--env-kwargs',
  bins: '--bins',
  resume: '--resume',
  totalSteps: '--total-steps',
  runs: '--run',
  config: '--config',
  loads: '--loads',
};

/** A library error's message with its leading option field shown as the CLI flag (`envId: ...` -> `--env: ...`). */
export function flagMessage(e: ConfigError): string {
  const flag = OPTION_FLAGS[e.field];
  if (flag === undefined || !e.message.startsWith(`${e.field}: `)) return e.message;
  return `${flag}: ${e.message.slice(e.field.length + 2)}`;
}

/** Maps an error thrown while running a command to its exit code, printing it. */
export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    // Commander already printed its message (help and version exit 0).
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help' || e.code === 'commander.version') {
      return EXIT_OK;
    }
    return EXIT_USAGE;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`lbgym: ${e.message}\n`);
    return EXIT_USAGE;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`lbgym: ${flagMessage(e)}\n`);
    return EXIT_USAGE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  // A failure of the machine (a full disk, a missing permission): exit 1 with the path.
  const path = (err as NodeJS.ErrnoException).path;
  const message = typeof path === 'string' && !err.message.includes(path) ? `${path}: ${err.message}` : err.message;
  process.stderr.write(`lbgym: ${message}\n`);
  if (process.env['LBGYM_DEBUG'] === '1' && err.stack !== undefined) process.stderr.write(`${err.stack}\n`);
  return EXIT_FAILURE;
}
