/** The bridge protocol's sessions, in process: every op against the native envs and solver. */
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameDecoder, FrameEncoder, type NamedArray, type WireArray } from '../../experiments/bridge/frame.js';
import { BridgeSession } from '../../experiments/bridge/session.js';
import { make, makeParallel, makeVec, OneShotEnv } from '../../envs/index.js';
import { expectedRewardReport, rewardSpecOf } from '../../baselines/regeneration/reward-api.js';
import { RegretEvaluator } from '../../experiments/regret.js';

const encoder = new FrameEncoder();

/** Sends one request through `session` as bytes and decodes the reply (copies, as a client would hold them). */
function call(session: BridgeSession, header: Record<string, unknown>, arrays: NamedArray[] = []): { header: Record<string, unknown>; arrays: Map<string, WireArray> } {
  const request = encoder.encode(header, arrays).slice();
  const reply = session.handle(decodeFrame(request)).slice();
  return decodeFrame(reply);
}

function ok(r: { header: Record<string, unknown> }): Record<string, unknown> {
  if (r.header.ok !== true) throw new Error(`error reply: ${String(r.header.error)}`);
  return r.header;
}

const f32 = (name: string, ...v: number[]): NamedArray => ({ name, values: Float32Array.from(v), shape: [v.length] });

describe('frames', () => {
  it('round-trip a header and 8-aligned arrays of every dtype', () => {
    const arrays: NamedArray[] = [
      { name: 'a', values: Float32Array.of(1.5, -2), shape: [2] },
      { name: 'b', values: Float64Array.of(Math.PI), shape: [1] },
      { name: 'c', values: Int32Array.of(-7, 8, 9), shape: [3] },
      { name: 'd', values: Uint8Array.of(1, 0, 1, 1, 0), shape: [5] },
    ];
    const bytes = encoder.encode({ op: 'x', v: [Infinity, -Infinity, 1] }, arrays).slice();
    expect(bytes.length % 8).toBe(0);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0, true)).toBe(bytes.length);
    expect(view.getUint32(4, true) % 8).toBe(0);
    const d = decodeFrame(bytes);
    expect(d.header.op).toBe('x');
    expect(d.header.v).toEqual(['inf', '-inf', 1]);
    for (const a of arrays) expect(Array.from(d.arrays.get(a.name)!)).toEqual(Array.from(a.values));
  });

  it('reuses a repeated header, and rejects corrupt frames naming the problem', () => {
    const decoder = new FrameDecoder();
    const buf = encoder.encode({ op: 'step' }, [f32('actions', 1, 2)]).slice();
    const first = decoder.decode(buf);
    new Float32Array(buf.buffer, 8 + (new DataView(buf.buffer).getUint32(4, true)), 2).set([3, 4]);
    const second = decoder.decode(buf);
    expect(second.header).toBe(first.header);
    expect(Array.from(second.arrays.get('actions')!)).toEqual([3, 4]);
    const bad = buf.slice();
    new DataView(bad.buffer).setUint32(4, 3, true);
    expect(() => decodeFrame(bad)).toThrow(/corrupt frame prefix \(total length \d+, header length 3\)/);
    expect(() => decodeFrame(buf.slice(0, 12))).toThrow(/truncated frame/);
  });
});

describe('BridgeSession', () => {
  it('serves LB-OneShot-v0 exactly as the native env, with only the requested info keys', () => {
    const s = new BridgeSession('test');
    const spaces = ok(call(s, { op: 'make', id: 'LB-OneShot-v0' }));
    expect(spaces).toMatchObject({ kind: 'env', actionDtype: 'float32', actionDim: 2, observationSpace: { type: 'box', shape: [2], dtype: 'float32', low: [0, 0], high: [1, 1] } });
    const native = make('LB-OneShot-v0');
    const r = call(s, { op: 'reset', seed: 5 });
    const n = native.reset({ seed: 5 });
    expect(Array.from(r.arrays.get('observations')!)).toEqual(Array.from(n.observation));
    expect(ok(r).infos).toEqual([n.info]);
    for (let t = 0; t < 3; t++) {
      const step = call(s, { op: 'step', info: ['tasksMoved', 'absent'] }, [f32('actions', 0.25 * t, 2)]);
      const ns = native.step(Float32Array.of(0.25 * t, 2));
      expect(step.arrays.get('rewards')![0]).toBe(ns.reward);
      expect(step.arrays.get('terminated')![0]).toBe(1);
      expect(ok(step).infos).toEqual([{ tasksMoved: ns.info.tasksMoved }]);
      const fast = call(s, { op: 'reset' });
      expect(Array.from(fast.arrays.get('observations')!)).toEqual(Array.from(native.reset().observation));
    }
  });

  it('answers an invalid action with lbgym message; the env works after a reset', () => {
    const s = new BridgeSession('test');
    ok(call(s, { op: 'make', id: 'LB-OneShot-v0' }));
    ok(call(s, { op: 'reset', seed: 1 }));
    const bad = call(s, { op: 'step' }, [f32('actions', 2, 1)]);
    expect(bad.header.ok).toBe(false);
    expect(bad.header.error).toMatch(/K must be in \[0, 1\], got 2/);
    expect(call(s, { op: 'step' }, [f32('actions', 0.5)]).header.error).toMatch(/array "actions" has 1 values, expected 2/);
    expect(call(s, { op: 'step' }, [{ name: 'actions', values: Int32Array.of(1, 1), shape: [2] }]).header.error).toMatch(/array "actions" must be float32, got int32/);
    expect(call(s, { op: 'warp' }).header.error).toMatch(/unknown op "warp"/);
    expect(call(s, { op: 'make', id: 'Nope-v0' }).header.error).toMatch(/no environment registered as "Nope-v0"/);
    ok(call(s, { op: 'reset', seed: 1 }));
    expect(ok(call(s, { op: 'step' }, [f32('actions', 0.5, 1)]))).toBeDefined();
  });

  it('serves a vector env stepped in one message, as makeVec, in every autoreset mode', () => {
    for (const mode of ['next-step', 'same-step', 'disabled'] as const) {
      const s = new BridgeSession('test');
      const spaces = ok(call(s, { op: 'make', id: 'Park-LoadBalance-v0', numEnvs: 3, autoresetMode: mode, kwargs: { numStreamJobs: 4 } }));
      expect(spaces).toMatchObject({ kind: 'vector', numEnvs: 3, autoresetMode: mode, actionDtype: 'int32', actionSpace: { type: 'discrete', n: 10 } });
      const native = makeVec<number>('Park-LoadBalance-v0', 3, { kwargs: { numStreamJobs: 4 }, autoresetMode: mode });
      expect(Array.from(call(s, { op: 'reset', seed: 9 }).arrays.get('observations')!)).toEqual(Array.from(native.reset({ seed: 9 }).observations));
      let ended = 0;
      for (let t = 0; t < 9; t++) {
        const actions = Int32Array.of(t % 10, (t + 3) % 10, (2 * t) % 10);
        const r = call(s, { op: 'step' }, [{ name: 'actions', values: actions, shape: [3, 1] }]);
        const n = native.step(actions);
        ok(r);
        expect(Array.from(r.arrays.get('observations')!)).toEqual(Array.from(n.observations));
        expect(Array.from(r.arrays.get('rewards')!)).toEqual(Array.from(n.rewards));
        expect(Array.from(r.arrays.get('terminated')!)).toEqual(Array.from(n.terminations));
        if (mode === 'same-step') expect(Array.from(r.arrays.get('finalObservations')!)).toEqual(Array.from(n.final!.observations));
        if (mode === 'disabled' && n.terminations.some((x) => x === 1)) {
          const mask = Uint8Array.from(n.terminations);
          const rr = call(s, { op: 'reset' }, [{ name: 'mask', values: mask, shape: [3] }]);
          expect(Array.from(rr.arrays.get('observations')!)).toEqual(Array.from(native.reset({ mask }).observations));
        }
        ended += n.terminations.reduce((a, b) => a + b, 0);
      }
      expect(ended).toBeGreaterThan(2);
    }
  });

  it('serves a parallel env keyed by agent, as makeParallel', () => {
    const s = new BridgeSession('test');
    const spaces = ok(call(s, { op: 'make', id: 'LB-MultiAgent-v0' }));
    const native = makeParallel('LB-MultiAgent-v0');
    expect(spaces.possibleAgents).toEqual(native.possibleAgents);
    const r = call(s, { op: 'reset', seed: 3 });
    const n = native.reset({ seed: 3 });
    expect(ok(r).agents).toEqual(Object.keys(n.observations));
    expect(Array.from(r.arrays.get('observations')!.subarray(0, 2))).toEqual(Array.from(n.observations.node0!));
    const agents = native.agents;
    const actions = Float32Array.from(agents.flatMap((_, i) => [0.2 * i, 1]));
    const st = call(s, { op: 'step', agents, info: true }, [{ name: 'actions', values: actions, shape: [agents.length, 2] }]);
    const ns = native.step(Object.fromEntries(agents.map((a, i) => [a, Float32Array.of(0.2 * i, 1)])));
    expect(Array.from(st.arrays.get('rewards')!)).toEqual(Object.keys(ns.rewards).map((a) => ns.rewards[a]));
    expect(ok(st).infos).toEqual(JSON.parse(JSON.stringify(ns.infos)));
    expect(ok(st).live).toEqual(native.agents);
  });

  it('restores a state taken by getState (and says when an env has none)', () => {
    const s = new BridgeSession('test');
    ok(call(s, { op: 'make', id: 'LB-OneShot-v0' }));
    ok(call(s, { op: 'reset', seed: 2 }));
    const state = ok(call(s, { op: 'getState' })).state;
    const a = call(s, { op: 'step' }, [f32('actions', 0.5, 1)]).arrays.get('rewards')![0];
    ok(call(s, { op: 'reset', seed: 77 }));
    ok(call(s, { op: 'setState', state }));
    expect(call(s, { op: 'step' }, [f32('actions', 0.5, 1)]).arrays.get('rewards')![0]).toBe(a);
    ok(call(s, { op: 'make', id: 'Park-LoadBalance-v0' }));
    expect(call(s, { op: 'getState' }).header.error).toMatch(/Park-LoadBalance-v0 is not checkpointable/);
    ok(call(s, { op: 'close' }));
    expect(s.closed).toBe(true);
  });

  it('answers the exact-solver calls as the solver and the regret evaluator do', () => {
    const s = new BridgeSession('test');
    const kwargs = { reward: 'variance', loads: { kind: 'uniform', low: 0, high: 20 } };
    const env = new OneShotEnv(kwargs as never);
    const r = ok(call(s, { op: 'expectedReward', kwargs, loads: [12, 3], action: { K: 0.5, tb: 0.25 } }));
    expect(r.value).toBe(expectedRewardReport(env.scenario, [12, 3], { K: 0.5, tb: 0.25 }, rewardSpecOf(env, kwargs as never), {}, {}, true).value);
    const grid = ok(call(s, { op: 'regretGrid', kwargs }));
    expect(grid.observations).toHaveLength(25);
    const none = ok(call(s, { op: 'regret', kwargs, actions: Array.from({ length: 25 }, () => [0, 0]) }));
    expect(none.normalizedRegret).toBeCloseTo(1, 12);
    const ev = RegretEvaluator.forOneShot(kwargs as never) as RegretEvaluator;
    const optima = ev.optimum();
    const best = ok(call(s, { op: 'regret', kwargs, actions: optima.map((o) => [o.K, o.tb]) }));
    expect(Math.abs(best.regret as number)).toBeLessThan(1e-6);
    const opt = ok(call(s, { op: 'optimum', kwargs, loads: (grid.grid as number[][])[7] }));
    expect(opt.value).toBe(optima[7]!.value);
    expect(call(s, { op: 'regret', kwargs, actions: [[0, 0]] }).header.error).toMatch(/actions must be 25 lists of numbers/);
    expect(call(s, { op: 'optimum', kwargs: { scenario: 'hetero-4' }, loads: [1, 2] }).header.error).toMatch(/optimum|two/);
  });
});
