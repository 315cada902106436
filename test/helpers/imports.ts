/** The packages a source file reaches through its relative imports (for the light-entry-point tests). */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALL = /(?:import|export)[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;
const STATIC = /(?:import|export)[^'";()]*?from\s*['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g;

/** The packages reached from `entry` (a path from the repository root), through relative imports, static and dynamic (`staticOnly`: static ones only). */
export function externalImports(entry: string, staticOnly = false): Set<string> {
  const seen = new Set<string>();
  const external = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(staticOnly ? STATIC : ALL)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) walk(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  walk(join(ROOT, entry));
  return external;
}
