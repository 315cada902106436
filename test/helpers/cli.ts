/** Runs the lbgym CLI from source in a child process (as a user would). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${ROOT}/experiments/cli.ts`, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The last line of stdout parsed as JSON. */
export function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

/**
 * Runs the CLI in this process (fast: no child, no tsx start-up), with `cwd`
 * (default: the project root) as the working directory and stdout/stderr captured. Test files that use
 * it run in a forked worker (vitest.config.ts), where chdir is allowed.
 */
export async function runCliInProcess(args: string[], cwd: string = ROOT): Promise<CliResult> {
  const { main } = await import('../../experiments/program.js');
  const out: string[] = [];
  const err: string[] = [];
  const write = (sink: string[]) => ((chunk: string | Uint8Array): boolean => (sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true)) as typeof process.stdout.write;
  const saved = { out: process.stdout.write, err: process.stderr.write, cwd: process.cwd(), exitCode: process.exitCode };
  process.stdout.write = write(out);
  process.stderr.write = write(err);
  process.exitCode = undefined;
  process.chdir(cwd);
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(saved.cwd);
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
  }
}
