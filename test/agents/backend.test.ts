import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { backendInfo, initBackend, tf } from '../../agents/backend.js';

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  it('runs on wasm in Node when asked, and records it', async () => {
    const info = await initBackend('wasm');
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backendInfo()?.backend).toBe('wasm');
    expect(tf.tidy(() => tf.tensor1d([1, 2, 3]).square().sum().dataSync()[0])).toBe(14);
  });

  it('switches to cpu and back', async () => {
    expect((await initBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).backend).toBe('wasm');
  });

  it.skipIf(installed('@tensorflow/tfjs-node'))('names tensorflow when it is forced but not installed', async () => {
    await expect(initBackend('tensorflow')).rejects.toThrow(/'tensorflow' is not available/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend by name', async () => {
    await expect(initBackend('webgpu' as 'cpu')).rejects.toThrow(/unknown backend 'webgpu'/);
  });
});
