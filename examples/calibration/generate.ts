/**
 * Makes the example measurement set of `lbgym calibrate` (README, its
 * section `lbgym calibrate`) from known parameters, with
 * the simulator's own samplers and episodes:
 *
 *     npx tsx examples/calibration/generate.ts
 *
 * The truth is the wireless-lan preset (docs/model.md §6.1): rates 1.2744
 * and 2.1053 tasks/s, exponential communication delays of mean 0.119 s, and
 * the floor-linear transfer curve dMin = 0.3462 s, d = 0.4 s/task,
 * beta = 0.2 /task. It is written beside the measurements as truth.json.
 * The seed below made the committed files; the same seed makes them again.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../envs/sim/atomic-file.js';
import { preset } from '../../envs/sim/presets.js';
import { MEASUREMENT_KINDS, measurementCsv } from '../../experiments/calibration/measurements.js';
import { type MeasurementDesign, syntheticMeasurements } from '../../experiments/calibration/synthetic-measurements.js';

export const EXAMPLE_SEED = 2026;

export const EXAMPLE_DESIGN: MeasurementDesign = {
  serviceSamples: 100,
  commSamples: 100,
  transferBatches: [1, 2, 3, 5, 8, 12, 16, 20, 25, 30],
  transferRepeats: 15,
  completion: [
    { loads: [60, 30], K: 0.8, tb: 0, episodes: 20 },
    { loads: [60, 30], K: 0.8, tb: 2, episodes: 20 },
  ],
};

const dir = dirname(fileURLToPath(import.meta.url));
const truth = preset('wireless-lan');
const m = syntheticMeasurements(truth, EXAMPLE_DESIGN, EXAMPLE_SEED);
const comment = [`synthetic: drawn from truth.json (the wireless-lan preset) by examples/calibration/generate.ts, seed ${EXAMPLE_SEED}`];
for (const kind of MEASUREMENT_KINDS) {
  const csv = measurementCsv(m, kind, comment);
  if (csv !== undefined) writeFileAtomic(join(dir, `${kind}.csv`), csv);
}
writeFileAtomic(join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
