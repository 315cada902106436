// `npm test`: the typecheck and the lint, then vitest and the Python tests
// (scripts/python-tests.mjs) side by side. The Python tests spend most of
// their time waiting (Ray's two-node cluster starting, trials being placed),
// so running them beside vitest's workers costs vitest little and saves
// their whole duration. vitest's output streams as it comes; the Python
// tests' output is held and printed, whole, once vitest has finished. The
// exit code is the first failure's, else 0.
import { spawn, spawnSync } from 'node:child_process';

const ROOT = new URL('..', import.meta.url).pathname;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

for (const script of ['typecheck', 'lint']) {
  const r = spawnSync(npm, ['run', '--silent', script], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(0);

function finished(child) {
  return new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(`npm test: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const held = [];
const python = spawn(process.execPath, [new URL('python-tests.mjs', import.meta.url).pathname], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
python.stdout.on('data', (b) => held.push(b));
python.stderr.on('data', (b) => held.push(b));
const pythonDone = finished(python).then((code) => ({ code, at: seconds() }));

const vitestCode = await finished(spawn(npx, ['vitest', 'run'], { cwd: ROOT, stdio: 'inherit' }));
const vitestAt = seconds();
if (python.exitCode === null && python.signalCode === null) console.log('\npython tests: still running beside vitest, their output follows when they finish');
const { code: pythonCode, at: pythonAt } = await pythonDone;
process.stdout.write(Buffer.concat(held));
console.log(`\nnpm test: vitest ${vitestCode === 0 ? 'passed' : `failed (exit ${vitestCode})`} at ${vitestAt} s, python tests ${pythonCode === 0 ? 'passed' : `failed (exit ${pythonCode})`} at ${pythonAt} s`);
process.exit(vitestCode !== 0 ? vitestCode : pythonCode);
