/** The exit-code contract of a refused input, checked in one place. */
import { expect } from 'vitest';
import { runCliInProcess } from './cli.js';
import { treeHash } from './tree-hash.js';

/**
 * Runs the CLI in `dir` and checks that it exits 2 with one line `lbgym: ...`
 * matching `message`, no stack trace, and the directory's tree unchanged.
 */
export async function expectUsageError(argv: string[], dir: string, message: RegExp): Promise<void> {
  const before = treeHash(dir);
  const r = await runCliInProcess(argv, dir);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^lbgym: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(treeHash(dir)).toBe(before);
}
