import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../../agents/backend.js';
import { fileSystemHandler } from '../../agents/io.js';
import { buildMlp, orthogonalMatrix } from '../../agents/mlp.js';
import { Rng } from '../../envs/sim/rng.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('fileSystemHandler', () => {
  it('round-trips a layers model through model.json + weights.bin, leaving no temp files', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lbgym-io-')), 'net');
    const model = buildMlp({ inputSize: 3, hiddenSizes: [8], outputSize: 2, activation: 'tanh', outputGain: 1, rng: new Rng(5), name: 'io_test' });
    await model.save(fileSystemHandler(dir));
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const x = tf.tensor2d([[0.1, -0.2, 0.3]]);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    tf.dispose([x]);
    model.dispose();
    loaded.dispose();
  });

  it('fails loading from a directory without model.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbgym-io-'));
    expect(existsSync(join(dir, 'model.json'))).toBe(false);
    await expect(tf.loadLayersModel(fileSystemHandler(dir))).rejects.toThrow(/model\.json/);
  });
});

describe('orthogonalMatrix', () => {
  it('has orthonormal columns scaled by the gain, and is seeded', () => {
    const [r, c, g] = [6, 4, 2];
    const m = orthogonalMatrix(r, c, g, new Rng(1));
    for (let i = 0; i < c; i++) {
      for (let j = 0; j < c; j++) {
        let dot = 0;
        for (let k = 0; k < r; k++) dot += m[k * c + i]! * m[k * c + j]!;
        expect(dot).toBeCloseTo(i === j ? g * g : 0, 5);
      }
    }
    expect(Array.from(orthogonalMatrix(r, c, g, new Rng(1)))).toEqual(Array.from(m));
    const wide = orthogonalMatrix(2, 5, 1, new Rng(2));
    let dot = 0;
    for (let k = 0; k < 5; k++) dot += wide[k]! * wide[5 + k]!;
    expect(dot).toBeCloseTo(0, 5);
  });
});
