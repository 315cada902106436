/**
 * getState/setState of the lbgym environments (envs/one-shot-env.ts,
 * envs/multi-agent-env.ts) and the Checkpointable lookup through wrappers:
 * a restored environment continues exactly as the original.
 */
import { describe, expect, it } from 'vitest';
import '../../envs/index.js';
import { OneShotEnv } from '../../envs/one-shot-env.js';
import { MultiAgentOneShotEnv } from '../../envs/multi-agent-env.js';
import { findCheckpointable, isCheckpointable } from '../../envs/core/checkpointable.js';
import { make, makeParallel } from '../../envs/core/registry.js';
import { DiscretizeAction } from '../../envs/core/wrappers/transform-action.js';
import type { PerAgent } from '../../envs/core/parallel-env.js';

const ACTIONS = [Float32Array.of(0.5, 1), Float32Array.of(1, 0), Float32Array.of(0.2, 4), Float32Array.of(0.8, 0.5)];

function roll(env: OneShotEnv, steps: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < steps; k++) {
    const r = env.step(ACTIONS[k % ACTIONS.length]!);
    out.push(r.reward, Number(r.info.completionTime));
    out.push(...env.reset().observation);
  }
  return out;
}

describe('OneShotEnv getState/setState', () => {
  for (const options of [{}, { rateSpread: 0.3, scenario: 'hetero-4' }]) {
    it(`continues identically after a restore (${JSON.stringify(options)})`, () => {
      const a = new OneShotEnv(options);
      a.reset({ seed: 11 });
      roll(a, 3);
      const state = JSON.parse(JSON.stringify(a.getState())) as unknown;
      const b = new OneShotEnv(options);
      b.reset({ seed: 999 }); // overridden by setState
      b.setState(state);
      expect(roll(b, 6)).toEqual(roll(a, 6));
    });
  }

  it('restores the needs-reset flag and a never-reset env', () => {
    const a = new OneShotEnv();
    a.reset({ seed: 1 });
    a.step(ACTIONS[0]!);
    const b = new OneShotEnv();
    b.setState(a.getState());
    expect(() => b.step(ACTIONS[0]!)).toThrow(/call reset\(\) first/);
    const fresh = new OneShotEnv();
    b.setState(fresh.getState());
    expect(() => b.step(ACTIONS[0]!)).toThrow(/call reset\(\) first/);
    expect(() => b.setState({ loads: [1] })).toThrow(/does not fit an env of 2 nodes/);
  });
});

describe('MultiAgentOneShotEnv getState/setState', () => {
  it('continues identically after a restore', () => {
    const roll = (env: MultiAgentOneShotEnv, steps: number): number[] => {
      const out: number[] = [];
      for (let k = 0; k < steps; k++) {
        const actions: PerAgent<Float32Array> = {};
        env.possibleAgents.forEach((id, i) => (actions[id] = ACTIONS[(k + i) % ACTIONS.length]!));
        const r = env.step(actions);
        out.push(...Object.values(r.rewards), Number(r.infos['node0']!.completionTime));
        out.push(...Object.values(env.reset().observations).flatMap((o) => Array.from(o)), ...env.state());
      }
      return out;
    };
    const a = new MultiAgentOneShotEnv();
    a.reset({ seed: 5 });
    roll(a, 2);
    const b = new MultiAgentOneShotEnv();
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    expect(Array.from(b.state())).toEqual(Array.from(a.state()));
    expect(b.agents).toEqual(a.agents);
    expect(roll(b, 5)).toEqual(roll(a, 5));
  });
});

describe('findCheckpointable', () => {
  it('looks through the registry wrappers and action wrappers to the base env', () => {
    const env = make('LB-OneShot-v0');
    expect(isCheckpointable(env)).toBe(false);
    expect(findCheckpointable(env)).toBeInstanceOf(OneShotEnv);
    expect(findCheckpointable(new DiscretizeAction(env, 3))).toBeInstanceOf(OneShotEnv);
    expect(findCheckpointable(makeParallel('LB-MultiAgent-v0'))).toBeInstanceOf(MultiAgentOneShotEnv);
    expect(findCheckpointable({ reset: () => undefined })).toBeUndefined();
  });
});
