/**
 * Writes an event file with every kind of summary and decodes it with the raw
 * wire decoder, using the field numbers of TensorBoard's protos written out
 * literally here (not the writer's constants), so a wrong field number in the
 * writer cannot pass.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventWriter } from '../../experiments/tensorboard/event-writer.js';
import { ProtoMessage } from '../../experiments/tensorboard/protobuf.js';
import { readTfRecords } from '../../experiments/tensorboard/tfrecord.js';
import { GOLDEN_SCALAR_RECORD_1, GOLDEN_SCALAR_RECORD_2, latin1Bytes } from './golden-records.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lbgym-tb-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A clock fixed at `t` seconds that tests can move. */
function manualClock(t: number): { now: () => number; set: (s: number) => void } {
  let current = t;
  return { now: () => current, set: (s) => (current = s) };
}

function records(path: string): ProtoMessage[] {
  return readTfRecords(readFileSync(path)).map((r) => ProtoMessage.decode(r));
}

/** The single Summary.Value of an Event record (Event.summary = 5, Summary.value = 1). */
function onlyValue(event: ProtoMessage): ProtoMessage {
  const values = event.message(5)?.messages(1) ?? [];
  expect(values).toHaveLength(1);
  return values[0] as ProtoMessage;
}

describe('EventWriter file', () => {
  it('is named events.out.tfevents.<secs>.<host>.<pid>.<counter> in a created logdir', () => {
    const logdir = join(dir, 'runs', 'a');
    const w1 = new EventWriter(logdir, { clock: () => 1700000000.75 });
    const w2 = new EventWriter(logdir, { clock: () => 1700000000.75 });
    w1.close();
    w2.close();
    const pattern = new RegExp(`^events\\.out\\.tfevents\\.1700000000\\.${hostname().replace(/\./g, '\\.')}\\.${process.pid}\\.\\d+$`);
    const names = readdirSync(logdir);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(pattern);
    expect(w1.path).not.toBe(w2.path);
  });

  it('starts with Event{wall_time, file_version: "brain.Event:2"} at step 0, flushed at once', () => {
    const w = new EventWriter(dir, { clock: () => 1234.5, flushSeconds: 0 });
    const [first, ...rest] = records(w.path);
    expect(rest).toEqual([]);
    expect(first?.double(1)).toBe(1234.5); // Event.wall_time = 1 (double)
    expect(first?.has(2)).toBe(false); // Event.step = 2, proto3 default 0 omitted
    expect(first?.string(3)).toBe('brain.Event:2'); // Event.file_version = 3
    expect(first?.message(10)?.string(1)).toBe('lbgym'); // Event.source_metadata = 10 {writer = 1}
    w.close();
  });

  it('writes scalars byte-identical to Python protobuf (simple_value as float32)', () => {
    const w = new EventWriter(dir, { clock: () => 256.5 });
    w.addScalar('v/1', 1.5, 1);
    w.addScalar('v/22', 16, 2);
    w.close();
    const raw = readFileSync(w.path);
    const tail = raw.subarray(raw.length - GOLDEN_SCALAR_RECORD_1.length - GOLDEN_SCALAR_RECORD_2.length);
    expect(Buffer.from(tail)).toEqual(Buffer.concat([latin1Bytes(GOLDEN_SCALAR_RECORD_1), latin1Bytes(GOLDEN_SCALAR_RECORD_2)]));
  });

  it('encodes scalar, histogram, text and step fields with the proto field numbers', () => {
    const w = new EventWriter(dir, { clock: () => 100 });
    w.addScalar('charts/episodic_return', 0.1, 2 ** 40);
    w.addScalar('losses/value_loss', NaN, 3);
    w.addHistogram('weights', [0, 1, 2, 3, 4], 5, 4);
    w.addText('config', '| a | b |\n|---|---|', 6);
    w.close();
    const [, scalar, nanScalar, histo, text] = records(w.path);

    expect(scalar?.int(2)).toBe(2 ** 40); // Event.step = 2 (int64)
    const sv = onlyValue(scalar as ProtoMessage);
    expect(sv.string(1)).toBe('charts/episodic_return'); // Value.tag = 1
    expect(sv.float(2)).toBe(Math.fround(0.1)); // Value.simple_value = 2 (float)
    expect(sv.fields.find((f) => f.field === 2)?.wireType).toBe(5); // fixed32
    expect(onlyValue(nanScalar as ProtoMessage).float(2)).toBeNaN();

    const hv = onlyValue(histo as ProtoMessage);
    expect(hv.string(1)).toBe('weights');
    const h = hv.message(5) as ProtoMessage; // Value.histo = 5
    expect([h.double(1), h.double(2), h.double(3), h.double(4), h.double(5)]).toEqual([0, 4, 5, 10, 30]); // min, max, num, sum, sum_squares
    expect(h.doubles(6)).toEqual([1, 2, 3, 4]); // bucket_limit = 6
    expect(h.doubles(7)).toEqual([2, 1, 1, 1]); // bucket = 7
    expect(h.fields.find((f) => f.field === 6)?.wireType).toBe(2); // packed

    const tv = onlyValue(text as ProtoMessage);
    expect(text?.int(2)).toBe(6);
    expect(tv.string(1)).toBe('config');
    const tensor = tv.message(8) as ProtoMessage; // Value.tensor = 8
    expect(tensor.uint(1)).toBe(7); // TensorProto.dtype = 1, DT_STRING = 7
    expect(tensor.message(2)?.messages(2)).toEqual([]); // tensor_shape = 2 with no dim: a scalar
    expect(tensor.strings(8)).toEqual(['| a | b |\n|---|---|']); // string_val = 8
    const metadata = tv.message(9) as ProtoMessage; // Value.metadata = 9
    expect(metadata.message(1)?.string(1)).toBe('text'); // plugin_data = 1 {plugin_name = 1}
  });

  it('writes the hparams plugin summaries the HParams dashboard reads', () => {
    const clock = manualClock(1000);
    const w = new EventWriter(dir, { clock: clock.now });
    w.addScalar('charts/episodic_return', 1, 50);
    clock.set(1060);
    w.addHparams({ lr: 0.001, env_id: 'LoadBalance-v0', anneal: false }, { 'charts/episodic_return': 2.5 });
    w.close();
    const events = records(w.path).slice(2);
    const [experiment, start, end, metric] = events;
    expect(events).toHaveLength(4);

    const pluginContent = (event: ProtoMessage | undefined, tag: string): ProtoMessage => {
      expect(event?.has(2)).toBe(false); // step 0
      const v = onlyValue(event as ProtoMessage);
      expect(v.string(1)).toBe(tag);
      expect(v.has(2) || v.has(5) || v.has(8)).toBe(false); // no data of its own
      const pluginData = v.message(9)?.message(1) as ProtoMessage;
      expect(pluginData.string(1)).toBe('hparams');
      const content = ProtoMessage.decode(pluginData.bytes(2)); // HParamsPluginData
      expect(content.int(1)).toBe(0); // version = 1, must be 0
      return content;
    };

    const exp = pluginContent(experiment, '_hparams_/experiment').message(2) as ProtoMessage; // experiment = 2
    expect(exp.double(3)).toBe(1000); // time_created_secs = 3
    const infos = exp.messages(4).map((i) => [i.string(1), i.uint(4)]); // hparam_infos = 4 {name = 1, type = 4}
    expect(infos).toEqual([
      ['anneal', 2], // DATA_TYPE_BOOL
      ['env_id', 1], // DATA_TYPE_STRING
      ['lr', 3], // DATA_TYPE_FLOAT64
    ]);
    const metricInfos = exp.messages(5).map((m) => [m.message(1)?.string(1), m.message(1)?.string(2)]); // MetricInfo.name = 1 {group = 1, tag = 2}
    expect(metricInfos).toEqual([['', 'charts/episodic_return']]);

    const ssi = pluginContent(start, '_hparams_/session_start_info').message(3) as ProtoMessage; // session_start_info = 3
    expect(ssi.double(5)).toBe(1000); // start_time_secs = 5
    const map = Object.fromEntries(
      ssi.messages(1).map((entry) => {
        const value = entry.message(2) as ProtoMessage; // google.protobuf.Value
        const decoded = value.has(2) ? value.double(2) : value.has(3) ? value.string(3) : value.bool(4);
        return [entry.string(1), decoded];
      }),
    );
    expect(map).toEqual({ lr: 0.001, env_id: 'LoadBalance-v0', anneal: false });
    const annealEntry = ssi.messages(1).find((e) => e.string(1) === 'anneal');
    expect(annealEntry?.message(2)?.has(4)).toBe(true); // bool_value = 4 written even when false (oneof)

    const sei = pluginContent(end, '_hparams_/session_end_info').message(4) as ProtoMessage; // session_end_info = 4
    expect(sei.uint(1)).toBe(1); // status = 1, STATUS_SUCCESS = 1
    expect(sei.double(2)).toBe(1060); // end_time_secs = 2

    expect(metric?.int(2)).toBe(50); // the metric lands at the last step written
    const mv = onlyValue(metric as ProtoMessage);
    expect([mv.string(1), mv.float(2)]).toEqual(['charts/episodic_return', 2.5]);
  });

  it('can skip the experiment summary and set step, status and group', () => {
    const w = new EventWriter(dir, { clock: () => 5 });
    w.addHparams({ seed: 1 }, { score: 3 }, { writeExperiment: false, step: 9, status: 'failure', groupName: 'g' });
    w.close();
    const tags = records(w.path)
      .slice(1)
      .map((e) => onlyValue(e).string(1));
    expect(tags).toEqual(['_hparams_/session_start_info', '_hparams_/session_end_info', 'score']);
  });
});

describe('EventWriter buffering', () => {
  it('buffers until maxQueue records, then writes them all', () => {
    const w = new EventWriter(dir, { maxQueue: 3, flushSeconds: 0 });
    w.addScalar('x', 1, 1);
    w.addScalar('x', 2, 2);
    expect(records(w.path)).toHaveLength(1);
    w.addScalar('x', 3, 3);
    expect(records(w.path)).toHaveLength(4);
    w.close();
  });

  it('writes everything on flush() (what a SIGINT handler calls) and on close()', () => {
    const w = new EventWriter(dir, { maxQueue: 1000, flushSeconds: 0 });
    w.addScalar('x', 1, 1);
    w.flush();
    expect(records(w.path)).toHaveLength(2);
    w.addScalar('x', 2, 2);
    w.close();
    expect(records(w.path)).toHaveLength(3);
    expect(w.closed).toBe(true);
    w.close(); // idempotent
    w.flush(); // no-op once closed
    expect(() => w.addScalar('x', 3, 3)).toThrow(/is closed/);
  });

  it('flushes on a write once flushSeconds have passed since the last flush', () => {
    const clock = manualClock(0);
    const w = new EventWriter(dir, { maxQueue: 1000, flushSeconds: 10, clock: clock.now });
    clock.set(9);
    w.addScalar('x', 1, 1);
    expect(records(w.path)).toHaveLength(1);
    clock.set(10);
    w.addScalar('x', 2, 2);
    expect(records(w.path)).toHaveLength(3);
    w.close();
  });

  it('flushes idle buffers from a timer', async () => {
    const w = new EventWriter(dir, { maxQueue: 1000, flushSeconds: 0.02 });
    w.addScalar('x', 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(records(w.path)).toHaveLength(2);
    w.close();
  });
});

describe('EventWriter input checks', () => {
  it('names the offending field and value', () => {
    const w = new EventWriter(dir, { flushSeconds: 0 });
    expect(() => w.addScalar('', 1, 0)).toThrow(/tag must be a non-empty string, got ""/);
    expect(() => w.addScalar('x', 1, 1.5)).toThrow(/step must be a safe integer, got 1.5/);
    expect(() => w.addHistogram('h', [], 0)).toThrow(/addHistogram\(h\): histogram: values must not be empty/);
    expect(() => w.addHistogram('h', [1, Infinity], 0)).toThrow(/values\[1\] must be finite, got Infinity/);
    expect(() => w.addHparams({ lr: NaN }, {})).toThrow(/hparams: lr must be a finite number, a string or a boolean, got NaN/);
    expect(() => w.addHparams({ obj: {} as unknown as string }, {})).toThrow(/hparams: obj/);
    w.close();
    expect(() => new EventWriter(dir, { maxQueue: 0 })).toThrow(/maxQueue must be a positive integer, got 0/);
    expect(() => new EventWriter(dir, { flushSeconds: -1 })).toThrow(/flushSeconds must be a finite number >= 0, got -1/);
    expect(() => new EventWriter('')).toThrow(/logdir must be a non-empty path/);
  });
});
