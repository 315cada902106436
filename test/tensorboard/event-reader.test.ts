import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DT_FLOAT, encodeEvent } from '../../experiments/tensorboard/event-protos.js';
import { EventWriter } from '../../experiments/tensorboard/event-writer.js';
import {
  listEventFiles,
  readEvents,
  readHistograms,
  readRunHparams,
  readScalars,
  readTexts,
} from '../../experiments/tensorboard/event-reader.js';
import { encodeTfRecord } from '../../experiments/tensorboard/tfrecord.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lbgym-tb-read-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('event reader', () => {
  it('reads back scalars, histograms, text and hparams from a run directory', () => {
    let t = 10;
    const w = new EventWriter(dir, { clock: () => t, flushSeconds: 0 });
    for (let step = 0; step < 5; step++) {
      t += 1;
      w.addScalar('charts/SPS', step * 100, step);
      w.addScalar('losses/entropy', 1 / (step + 1), step);
    }
    w.addHistogram('actions', [0, 0, 1, 2], 4, 3);
    w.addText('hyperparameters', '|param|value|', 0);
    w.addHparams({ lr: 3e-4, envId: 'LB-v0', norm: true }, { 'charts/SPS': 400 });
    w.close();

    const scalars = readScalars(dir);
    const sps = scalars.filter((r) => r.tag === 'charts/SPS');
    expect(sps.map((r) => [r.step, r.value])).toEqual([
      [0, 0],
      [1, 100],
      [2, 200],
      [3, 300],
      [4, 400],
      [4, 400], // the hparams metric
    ]);
    expect(sps[0]?.wallTime).toBe(11);
    const entropy = scalars.filter((r) => r.tag === 'losses/entropy').map((r) => r.value);
    expect(entropy).toEqual([1, 0.5, 1 / 3, 0.25, 0.2].map(Math.fround));

    const [histogram] = readHistograms(dir);
    expect(histogram?.tag).toBe('actions');
    expect(histogram?.step).toBe(4);
    expect(histogram?.histogram.bucket).toEqual([2, 1, 1]);

    expect(readTexts(dir).map((r) => [r.tag, r.step, r.text])).toEqual([['hyperparameters', 0, '|param|value|']]);

    const hp = readRunHparams(dir);
    expect(hp.hparams).toEqual({ lr: 3e-4, envId: 'LB-v0', norm: true });
    expect(hp.status).toBe('success');
    expect(hp.metricTags).toEqual(['charts/SPS']);
    expect(hp.startTimeSecs).toBe(10);
  });

  it('reads every event file of a directory in name order, or a single file', () => {
    const a = new EventWriter(dir, { clock: () => 1, filenameSuffix: '.a' });
    a.addScalar('x', 1, 1);
    a.close();
    const b = new EventWriter(dir, { clock: () => 2, filenameSuffix: '.b' });
    b.addScalar('x', 2, 2);
    b.close();
    writeFileSync(join(dir, 'notes.txt'), 'not an event file');
    expect(listEventFiles(dir)).toEqual([a.path, b.path]);
    expect(readScalars(dir).map((r) => r.value)).toEqual([1, 2]);
    expect(readScalars(b.path).map((r) => r.value)).toEqual([2]);
    expect(readEvents(a.path)[0]?.fileVersion).toBe('brain.Event:2');
  });

  it('reads TF2-style scalars stored as rank-0 float tensors of the scalars plugin', () => {
    const path = join(dir, 'events.out.tfevents.1.host.1.0');
    const first = encodeEvent({
      wallTime: 1,
      step: 7,
      summary: [{ tag: 'loss', tensor: { dtype: DT_FLOAT, shape: [], floatVal: [0.5] }, metadata: { pluginName: 'scalars' } }],
    });
    // Later values of a tag may omit the metadata: the tag keeps its plugin.
    const second = encodeEvent({ wallTime: 2, step: 8, summary: [{ tag: 'loss', tensor: { dtype: DT_FLOAT, shape: [], floatVal: [0.25] } }] });
    writeFileSync(path, Buffer.concat([encodeTfRecord(first), encodeTfRecord(second)]));
    expect(readScalars(path).map((r) => [r.tag, r.step, r.value])).toEqual([
      ['loss', 7, 0.5],
      ['loss', 8, 0.25],
    ]);
  });

  it('names the file and the offset of a corrupt record', () => {
    const w = new EventWriter(dir, { flushSeconds: 0 });
    w.addScalar('x', 1, 1);
    w.close();
    const raw = readFileSync(w.path);
    raw[raw.length - 1] = (raw[raw.length - 1] as number) ^ 0xff;
    writeFileSync(w.path, raw);
    expect(() => readScalars(dir)).toThrow(`${w.path}: tfrecord: data CRC mismatch in record at offset`);
  });
});
