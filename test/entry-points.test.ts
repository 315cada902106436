/**
 * The light doors: `lbgym/envs` and `lbgym/baselines` import neither
 * TensorFlow.js nor the plotting library (their static and dynamic import
 * graphs, walked from the sources), and every subpath the package exports
 * has its entry file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { externalImports } from './helpers/imports.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
