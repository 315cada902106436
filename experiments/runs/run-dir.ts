/**
 * Run directories, CleanRL style: `{logdir}/{envId}__{algo}__{seed}__{unixTime}`.
 * A run directory is never overwritten: when the name exists, a suffix
 * `-2`, `-3`, ... is added. Files are written atomically (temp file + rename).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../envs/sim/validation.js';
import { writeFileAtomic } from '../../envs/sim/atomic-file.js';

export { writeFileAtomic };

export function runName(envId: string, algo: string, seed: number, unixTime: number): string {
  return `${envId.replace(/\//g, '_')}__${algo}__${seed}__${unixTime}`;
}

/** Creates a fresh run directory below `logdir` and returns its path. */
export function createRunDir(logdir: string, name: string): string {
  mkdirSync(logdir, { recursive: true });
  for (let i = 1; ; i++) {
    const path = join(logdir, i === 1 ? name : `${name}-${i}`);
    try {
      mkdirSync(path);
      return path;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}


export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(what, path, `a readable file (${(e as Error).message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ConfigError(what, path, `valid JSON (${(e as Error).message})`);
  }
}

/**
 * Replaces directory `target` by `staged` atomically enough for checkpoints:
 * the old one is renamed aside first and removed only after the new one is in place.
 */
export function replaceDir(staged: string, target: string): void {
  const old = `${target}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(staged, target);
  rmSync(old, { recursive: true, force: true });
}
