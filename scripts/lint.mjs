// Project lint: forbids Math.random outside tests (every draw must come from a
// seeded stream) and @ts-ignore everywhere. Exits 1 listing each offence.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const SOURCE_DIRS = ['envs', 'agents', 'baselines', 'experiments', 'bench', 'index.ts'];
const TEST_DIRS = ['test'];

function* walk(path) {
  let st;
  try { st = statSync(path); } catch { return; }
  if (st.isDirectory()) {
    for (const name of readdirSync(path)) yield* walk(join(path, name));
  } else if (/\.(ts|mts|js|mjs)$/.test(path)) {
    yield path;
  }
}

const offences = [];
function check(dir, rules) {
  for (const file of walk(join(ROOT, dir))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      for (const [pattern, why] of rules) {
        if (pattern.test(line)) offences.push(`${relative(ROOT, file)}:${i + 1}: ${why}`);
      }
    });
  }
}
const MATH_RANDOM = [/Math\.random\s*\(/, 'Math.random is forbidden outside tests: draw from a seeded stream (envs/sim/rng.ts)'];
const TS_IGNORE = [/@ts-ignore|@ts-nocheck/, '@ts-ignore / @ts-nocheck are forbidden'];
for (const d of SOURCE_DIRS) check(d, [MATH_RANDOM, TS_IGNORE]);
for (const d of TEST_DIRS) check(d, [TS_IGNORE]);

if (offences.length > 0) {
  console.error(offences.join('\n'));
  console.error(`lint: ${offences.length} offence(s)`);
  process.exit(1);
}
console.log('lint: ok');
