/**
 * The light doors: `lbgym/envs` and `lbgym/baselines` import neither
 * TensorFlow.js nor the plotting library (their static and dynamic import
 * graphs, walked from the sources), and every subpath the package exports
 * has its entry file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The packages reached from `entry` (a source file), through relative imports. */
function externalImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:import|export)[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  walk(join(ROOT, entry));
  return external;
}

describe('entry points', () => {
  for (const entry of ['envs/index.ts', 'baselines/index.ts']) {
    it(`${entry} loads neither tfjs nor vega`, () => {
      const ext = [...externalImports(entry)];
      expect(ext.filter((p) => p.startsWith('@tensorflow') || p.startsWith('vega'))).toEqual([]);
      expect(ext).toContain('seedrandom');
    });
  }
  it('every exported subpath has its source entry', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { import?: string } | string> };
    for (const [path, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const source = target.import!.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
      expect(existsSync(join(ROOT, source)), `${path} -> ${source}`).toBe(true);
    }
    expect(Object.keys(pkg.exports)).toEqual(['.', './envs', './baselines', './agents', './experiments', './package.json']);
  });
});
