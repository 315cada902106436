/**
 * Synthetic measurements drawn from a known scenario by the simulator's own
 * samplers (envs/sim/distributions.ts) and, for completion times, its own
 * one-shot episodes: what a testbed would record if it were that scenario.
 * The example data set (examples/calibration/) and the calibration tests
 * are made with it. Every draw comes from a stream derived from `seed`:
 * `service` (one per node), `comm`, `transfer`, and one simulator seed per
 * completion setting, so the same seed gives the same measurements.
 */
import { compileScenario } from '../../envs/sim/compiled-scenario.js';
import { sampler, unitSampler } from '../../envs/sim/distributions.js';
import { newEpisodeResult } from '../../envs/sim/episode.js';
import { deriveSeed, streamFor } from '../../envs/sim/rng.js';
import type { Scenario } from '../../envs/sim/scenario.js';
import { simulateEpisode } from '../../envs/sim/simulate.js';
import { createSimStreams } from '../../envs/sim/streams.js';
import { transferMean } from '../../envs/sim/transfer-delay.js';
import type { Measurements } from './measurements.js';

/** One completion setting: `episodes` one-shot episodes under these loads, K and t_b. */
export interface CompletionSetting {
  loads: number[];
  K: number;
  tb: number;
  episodes: number;
}

export interface MeasurementDesign {
  /** Service times per node. */
  serviceSamples: number;
  /** Communication delays (of `scenario.comm`). */
  commSamples: number;
  /** Batch sizes probed... */
  transferBatches: readonly number[];
  /** ... and transfers observed at each. */
  transferRepeats: number;
  completion?: readonly CompletionSetting[];
}

export function syntheticMeasurements(scenario: Scenario, design: MeasurementDesign, seed: number | string): Measurements {
  const service = scenario.nodes.map((nd, i) => {
    const draw = sampler(nd.service);
    const rng = streamFor(seed, 'service', i);
    return Array.from({ length: design.serviceSamples }, () => draw(rng));
  });
  const commDraw = sampler(scenario.comm);
  const commRng = streamFor(seed, 'comm');
  const comm = Array.from({ length: design.commSamples }, () => commDraw(commRng));
  const unit = unitSampler(scenario.transfer.shape ?? { family: 'exponential' });
  const transferRng = streamFor(seed, 'transfer');
  const transfer = design.transferBatches.flatMap((batch) =>
    Array.from({ length: design.transferRepeats }, () => ({ batch, seconds: transferMean(scenario.transfer.model, batch) * unit(transferRng) })),
  );
  const compiled = compileScenario(scenario);
  const completion = (design.completion ?? []).flatMap((c, j) => {
    const streams = createSimStreams(deriveSeed(seed, 'completion', j), compiled.n);
    const result = newEpisodeResult(compiled.n);
    return Array.from({ length: c.episodes }, () => ({
      loads: [...c.loads],
      K: c.K,
      tb: c.tb,
      seconds: simulateEpisode(compiled, c.loads, { K: c.K, tb: c.tb }, streams, { result }).completionTime,
      where: `synthetic completion setting ${j + 1}`,
    }));
  });
  return { service, comm, transfer, completion, files: [] };
}
