/**
 * Starts a worker thread on one of experiments/' modules: the compiled `.js`
 * file, or, when running from the TypeScript sources (tests, `tsx`), a
 * bootstrap that registers tsx's loader in the worker first (Node 20 does not
 * carry the parent's loader into workers).
 */
import { Worker } from 'node:worker_threads';

export function startWorker(module: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${module}.js`, import.meta.url), { workerData });
  const api = import.meta.resolve('tsx/esm/api');
  const target = new URL(`./${module}.ts`, import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { eval: true, workerData });
}
