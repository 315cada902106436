// The Python package's tests (python/tests), run by `npm test` after vitest.
// They need python3: without it they are skipped, saying so. The tests run
// in a venv made from python/pyproject.toml with its `test`, `example` (torch,
// tensorboard) and `tune` (Ray) extras (LBGYM_PYTHON_EXTRAS, comma-separated,
// replaces the last two; "" keeps only `test`). The venv lives in lbgym's
// per-user cache ($LBGYM_CACHE_DIR, else $XDG_CACHE_HOME/lbgym, else
// ~/.cache/lbgym), named by a hash of pyproject.toml, the extras and the
// Python version, so clean clones on one machine share it (the first run
// makes it: about 1.5 minutes from the local mirror); `.venv-test` in the
// project links to it. The package itself is reinstalled on every run.
// Packages come from pip's configured index; the machine's local mirror is
// added when present. dist/ is rebuilt first when a source is newer.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const extras = ['test', ...(process.env.LBGYM_PYTHON_EXTRAS ?? 'example,tune').split(',').map((s) => s.trim()).filter(Boolean)];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, what) {
  const code = run(cmd, args);
  if (code !== 0) {
    console.error(`python tests: ${what} failed (exit ${code})`);
    process.exit(code);
  }
}

const probe = spawnSync('python3', ['-c', 'import sys, venv; print(sys.version.split()[0])'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.log('python tests: SKIPPED (no python3 with the venv module on PATH; install Python >= 3.9 to run python/tests)');
  process.exit(0);
}

// The local mirror, when this machine has one (else pip's own configuration applies).
const mirror = [];
if (existsSync('/opt/pypi/simple')) mirror.push('--index-url', 'file:///opt/pypi/simple');
if (existsSync('/opt/pypi-more/simple')) mirror.push('--extra-index-url', 'file:///opt/pypi-more/simple');
if (existsSync('/opt/wheels')) mirror.push('--find-links', '/opt/wheels');
const quiet = ['-q', '--disable-pip-version-check'];

const stamp = createHash('sha256').update(readFileSync(join(ROOT, 'python', 'pyproject.toml'))).update(extras.join(',')).update(probe.stdout).digest('hex');
const cacheRoot = process.env.LBGYM_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'lbgym');
const VENV = join(cacheRoot, `venv-test-${stamp.slice(0, 16)}`);
const PY = join(VENV, 'bin', 'python');
// Written last: a venv without it is unfinished (an interrupted install) and is made again.
const STAMP = join(VENV, '.lbgym-stamp');
if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== stamp) {
  console.log(`python tests: making ${VENV} (python ${probe.stdout.trim()}, extras ${extras.join(', ')})`);
  rmSync(VENV, { recursive: true, force: true });
  mkdirSync(cacheRoot, { recursive: true });
  must('python3', ['-m', 'venv', VENV], 'python3 -m venv');
  must(PY, ['-m', 'pip', 'install', ...quiet, ...mirror, 'wheel', `./python[${extras.join(',')}]`], 'pip install of the dependencies');
  writeFileSync(STAMP, stamp);
}
// `.venv-test` in the project points at the venv in use (bench/bridge.ts and users run it).
const link = join(ROOT, '.venv-test');
if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
symlinkSync(VENV, link);

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
must(PY, ['-m', 'pip', 'install', ...quiet, '--no-deps', '--no-build-isolation', '--force-reinstall', './python'], 'pip install ./python');

// The Python side runs the built CLI (dist/): rebuild it when a source is newer.
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return path.endsWith('.ts') ? st.mtimeMs : 0;
  return Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))));
}
const cli = join(ROOT, 'dist', 'experiments', 'cli.js');
const sources = Math.max(...['envs', 'agents', 'baselines', 'experiments', 'bench', 'index.ts'].map((d) => newest(join(ROOT, d))));
if (!existsSync(cli) || statSync(cli).mtimeMs < sources) must('npm', ['run', '--silent', 'build'], 'npm run build');

const code = run(PY, ['-m', 'pytest', 'python/tests', '-q', '-rs', '-p', 'no:cacheprovider', ...process.argv.slice(2)], { env: { ...process.env, LBGYM_HOME: ROOT } });
process.exit(code);
