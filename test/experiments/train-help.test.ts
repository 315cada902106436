/**
 * `lbgym train --help --algo X` shows X's own defaults, and the values an env
 * family tunes; without --algo every algorithm's default is listed.
 */
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../../experiments/commands/train.js';

/** The help text with its line wrapping undone. */
const help = (algo?: string): string => trainCommand(algo).helpInformation().replace(/\s+/g, ' ');

describe('train --help', () => {
  it("gives the chosen algorithm's defaults and the tuned per-env values", () => {
    expect(help('reinforce')).toMatch(/--num-steps <integer> Steps per environment per rollout \(batch = numSteps \* numEnvs\) \[reinforce; default 256\]/);
    expect(help('ppo')).toMatch(/\[ppo; default 2048; LB-OneShot-v0 with reward completion \(the default\): 1024\]/);
    expect(help('ppo')).toMatch(/--buffer-size <integer> .*\[not a ppo setting\]/);
  });

  it('lists every algorithm that has a field, with its own default, without --algo', () => {
    expect(help()).toMatch(/\[ppo 2048, reinforce 256/);
  });
});
