import { describe, expect, it } from 'vitest';
import { PARK_BASELINES, parkBaseline, parkBaselines } from '../../baselines/dispatch/park-baselines.js';
import { checkEnv } from '../../envs/core/checker.js';
import { make } from '../../envs/core/registry.js';
import { PARK_LOAD_BALANCE_ID, registerDispatchEnvs } from '../../envs/dispatch-registration.js';
import { PARK_SERVICE_RATES, ParkLoadBalanceEnv } from '../../envs/park-env.js';

registerDispatchEnvs();

describe('Park-LoadBalance-v0', () => {
  it("has Park's defaults (park/param.py)", () => {
    const env = new ParkLoadBalanceEnv();
    expect(env.n).toBe(10);
    expect(Array.from(env.serviceRates)).toEqual([0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.05]);
    expect(PARK_SERVICE_RATES.length).toBe(10);
    expect(env.numStreamJobs).toBe(1000);
    expect(env.jobInterval).toBe(55);
    expect(env.jobSizeParetoShape).toBe(1.5);
    expect(env.jobSizeParetoScale).toBe(100);
    expect(env.obsHigh).toBe(500_000);
    expect(env.remaining).toBe('time');
    expect(env.actionSpace.n).toBe(10);
    expect(env.observationSpace.shape).toEqual([11]);
    expect(env.observationSpace.high[10]).toBe(500_000);
  });

  it('passes checkEnv through the registry (no step limit) and bare', () => {
    checkEnv(make(PARK_LOAD_BALANCE_ID));
    checkEnv(new ParkLoadBalanceEnv({ numStreamJobs: 20, remaining: 'work' }), { rolloutSteps: 60 });
  });

  it('reward: a hand-computed episode; the return is minus the total sojourn time', () => {
    // Rates [1, 0.5]. Jobs: j0 at t = 10 (size 100), j1 at 30 (size 50), j2 at 30 (size 30).
    const env = new ParkLoadBalanceEnv({
      serviceRates: [1, 0.5],
      jobs: [
        { dt: 10, size: 100 },
        { dt: 20, size: 50 },
        { dt: 0, size: 30 },
      ],
    });
    const r0 = env.reset();
    expect(Array.from(r0.observation)).toEqual([0, 0, 100]);
    expect(r0.info['currTime']).toBe(10);
    // j0 -> server 0: runs 10..110. Until j1 arrives at 30: 1 job x 20 s.
    const r1 = env.step(0);
    expect(r1.reward).toBe(-20);
    expect(Array.from(r1.observation)).toEqual([80, 0, 50]);
    expect(r1.terminated).toBe(false);
    // j1 -> server 0 (queued behind j0). j2 arrives at once: no time elapses.
    const r2 = env.step(0);
    expect(r2.reward).toBe(0);
    expect(Array.from(r2.observation)).toEqual([50 + 80, 0, 30]);
    // j2 -> server 1: runs 30..90 (int(30 / 0.5)). j0 ends at 110, then j1 runs 110..160.
    // 3 jobs x 60 s + 2 x 20 s + 1 x 50 s = 270.
    const r3 = env.step(1);
    expect(r3.reward).toBe(-270);
    expect(r3.terminated).toBe(true);
    expect(Array.from(r3.observation)).toEqual([0, 0, 0]);
    expect(r3.info['currTime']).toBe(160);
    // Sojourns: j0 100, j1 130, j2 60: total 290 = -(return).
    expect(r1.reward + r2.reward + r3.reward).toBe(-290);
    expect(r3.info['meanJobTime']).toBeCloseTo(290 / 3, 12);
    expect(() => env.step(0)).toThrow(/reset/);
  });

  it("remaining: 'time' adds finish - now (Park master), 'work' adds (finish - now) x rate", () => {
    const jobs = [
      { dt: 0, size: 100 },
      { dt: 20, size: 7 },
    ];
    const time = new ParkLoadBalanceEnv({ serviceRates: [1, 0.5], jobs });
    time.reset();
    // 100 / 0.5 = 200 s on server 1; 20 s later 180 s (90 units of work) remain.
    expect(Array.from(time.step(1).observation)).toEqual([0, 180, 7]);
    const work = new ParkLoadBalanceEnv({ serviceRates: [1, 0.5], jobs, remaining: 'work' });
    work.reset();
    expect(Array.from(work.step(1).observation)).toEqual([0, 90, 7]);
  });

  it('episodes last numStreamJobs steps and their return is minus the total sojourn, for every heuristic', () => {
    for (const { name, policy } of parkBaselines({ seed: 1 })) {
      const env = new ParkLoadBalanceEnv();
      let obs = env.reset({ seed: 3 }).observation;
      let ret = 0;
      let steps = 0;
      for (;;) {
        const r = env.step(policy.act(obs));
        steps++;
        ret += r.reward;
        obs = r.observation;
        expect(env.observationSpace.contains(obs)).toBe(true);
        if (r.terminated) {
          expect(r.info['jobs']).toBe(1000);
          const total = (r.info['meanJobTime'] as number) * 1000;
          expect(Math.abs(ret + total)).toBeLessThan(1e-9 * total);
          break;
        }
      }
      expect(steps, name).toBe(1000);
    }
  });

  it('draws sizes int(100 (L + 1)), L Lomax(1.5), and inter-arrivals int(Exp(55))', () => {
    const env = new ParkLoadBalanceEnv();
    const sizes: number[] = [];
    const gaps: number[] = [];
    for (let e = 0; e < 5; e++) {
      let r = env.reset({ seed: 100 + e });
      let prev = r.info['currTime'] as number;
      gaps.push(prev);
      sizes.push(r.observation[10]!);
      for (;;) {
        const s = env.step(9);
        if (s.terminated) break;
        sizes.push(s.observation[10]!);
        gaps.push((s.info['currTime'] as number) - prev);
        prev = s.info['currTime'] as number;
        r = { observation: s.observation, info: s.info };
      }
    }
    expect(sizes.length).toBe(5000);
    for (const s of sizes) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(100);
    }
    for (const g of gaps) expect(Number.isInteger(g)).toBe(true);
    // P(size >= 200) = 2^-1.5 = 0.3536; SE 0.0068, 4 SE.
    const tail = sizes.filter((s) => s >= 200).length / sizes.length;
    expect(Math.abs(tail - 2 ** -1.5)).toBeLessThan(0.027);
    // E[int(Exp(55))] = 1 / (e^(1/55) - 1) = 54.50; SE 55 / sqrt(5000) = 0.78, 4 SE.
    const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(Math.abs(meanGap - 1 / Math.expm1(1 / 55))).toBeLessThan(3.2);
  });

  it('is deterministic: same seed, identical trajectories', () => {
    const traj = (): number[] => {
      const env = make<Float32Array, number>(PARK_LOAD_BALANCE_ID);
      let obs = env.reset({ seed: 11 }).observation;
      const policy = parkBaseline('earliest-finish');
      const out: number[] = [];
      for (let k = 0; k < 300; k++) {
        const r = env.step(policy.act(obs));
        obs = r.observation;
        out.push(r.reward, ...obs);
      }
      return out;
    };
    expect(traj()).toEqual(traj());
  });

  it('heuristics act on the observation as documented', () => {
    const rates = [1, 0.5, 2];
    const obs = Float32Array.of(100, 20, 300, 50);
    expect(parkBaseline('least-work', { serviceRates: rates }).act(obs)).toBe(1);
    // load / rate = [100, 40, 150].
    expect(parkBaseline('shortest-processing-time', { serviceRates: rates }).act(obs)).toBe(1);
    // (load + 50) / rate = [150, 140, 140] (first minimum wins), then [150, 160, 155].
    expect(parkBaseline('earliest-finish', { serviceRates: rates }).act(Float32Array.of(100, 20, 230, 50))).toBe(1);
    expect(parkBaseline('earliest-finish', { serviceRates: rates }).act(Float32Array.of(100, 30, 260, 50))).toBe(0);
    const rr = parkBaseline('round-robin', { serviceRates: rates });
    expect([rr.act(obs), rr.act(obs), rr.act(obs), rr.act(obs)]).toEqual([0, 1, 2, 0]);
    expect(PARK_BASELINES).toContain('random');
    expect(() => parkBaseline('least-work').act(obs)).toThrow(/11 values/);
  });

  it('rejects bad kwargs and actions naming them', () => {
    expect(() => new ParkLoadBalanceEnv({ serviceRates: [1, 0] })).toThrow(/serviceRates\[1\]/);
    expect(() => new ParkLoadBalanceEnv({ jobs: [{ dt: 1.5, size: 3 }] })).toThrow(/jobs\[0\]\.dt/);
    expect(() => new ParkLoadBalanceEnv({ remaining: 'size' as never })).toThrow(/remaining/);
    const env = new ParkLoadBalanceEnv();
    env.reset();
    expect(() => env.step(10)).toThrow(/action.*10/);
  });
});
