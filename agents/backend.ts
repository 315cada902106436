/**
 * The TensorFlow.js backend for every agent.
 *
 * All agent code imports `tf` from this file, so one module instance (one
 * engine, one variable registry) is shared. {@link initBackend} picks the
 * fastest backend that really runs here:
 *
 * 1. `tensorflow`: `@tensorflow/tfjs-node` (native libtensorflow), an optional
 *    dependency loaded by dynamic import only if installed; it registers its
 *    backend into the same tfjs-core engine.
 * 2. `wasm`: `@tensorflow/tfjs-backend-wasm`, whose `.wasm` binaries are read
 *    from the package's own `dist/` folder (Node has no URL to fetch them from).
 * 3. `cpu`: pure JavaScript, always there.
 *
 * Forcing a backend that cannot start throws an Error naming it. The chosen
 * backend is recorded ({@link backendInfo}) so runs can log what they ran on.
 * Prod mode is enabled (no per-op NaN checks, no Node nag message).
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export { tf };

/** A backend name accepted by {@link initBackend}. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface BackendInfo {
  /** The backend that is running (`tf.getBackend()`). */
  readonly backend: BackendName;
  /** What was asked for. */
  readonly requested: BackendPreference;
  /** Backends tried before this one and why each failed (empty if the first worked). */
  readonly fallbacks: readonly string[];
  /** tfjs-core version. */
  readonly tfjsVersion: string;
}

let current: BackendInfo | undefined;

/** The backend chosen by the last {@link initBackend}, if any. */
export function backendInfo(): BackendInfo | undefined {
  return current;
}

async function tryTensorflow(): Promise<void> {
  // A variable specifier keeps the optional package out of the type check and
  // the bundle graph; it is not installed in every checkout.
  const specifier = '@tensorflow/tfjs-node';
  await import(specifier);
  if (!(await tf.setBackend('tensorflow'))) throw new Error('setBackend(tensorflow) returned false');
}

async function tryWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(dirname(entry) + sep);
  if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
}

async function tryCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('setBackend(cpu) returned false');
}

const STARTERS: Record<BackendName, () => Promise<void>> = {
  tensorflow: tryTensorflow,
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Selects and initialises the backend. `auto` (default) tries tensorflow, then
 * wasm, then cpu. Idempotent: calling again with the running backend (or
 * `auto` once one is running) is a no-op.
 */
export async function initBackend(preferred: BackendPreference = 'auto'): Promise<BackendInfo> {
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(preferred)) {
    throw new Error(`backend: unknown backend '${String(preferred)}' (expected auto, tensorflow, wasm or cpu)`);
  }
  if (current !== undefined && (preferred === 'auto' || preferred === current.backend) && tf.getBackend() === current.backend) {
    return current;
  }
  tf.enableProdMode();
  const order: BackendName[] = preferred === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [preferred];
  const fallbacks: string[] = [];
  for (const name of order) {
    try {
      await STARTERS[name]();
      await tf.ready();
      if (tf.getBackend() !== name) throw new Error(`tf.getBackend() is '${tf.getBackend()}'`);
      current = { backend: name, requested: preferred, fallbacks, tfjsVersion: tf.version_core };
      return current;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      if (preferred !== 'auto') throw new Error(`backend: '${name}' is not available: ${why}`);
      fallbacks.push(`${name}: ${why.split('\n')[0] ?? ''}`);
    }
  }
  throw new Error(`backend: no backend could start (${fallbacks.join('; ')})`);
}
