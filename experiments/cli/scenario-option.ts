/**
 * The `--preset NAME | --scenario FILE` pair shared by every command that runs
 * a scenario.
 */
import type { Command } from 'commander';
import { preset, presetNames } from '../../envs/sim/presets.js';
import { type Scenario, loadScenarioFile } from '../../envs/sim/scenario.js';
import { UsageError } from './errors.js';

export interface ScenarioFlags {
  preset?: string;
  scenario?: string;
}

export function addScenarioOptions(cmd: Command): Command {
  return cmd
    .option('--preset <name>', `scenario preset (${presetNames().join(', ')})`)
    .option('--scenario <file>', 'scenario JSON file (see README, "Scenarios")');
}

/** The scenario the flags name (default: the wireless-lan preset). */
export function resolveScenario(flags: ScenarioFlags): Scenario {
  if (flags.preset !== undefined && flags.scenario !== undefined) {
    throw new UsageError('--preset and --scenario are exclusive: give one');
  }
  if (flags.scenario !== undefined) return loadScenarioFile(flags.scenario);
  return preset(flags.preset ?? 'wireless-lan');
}
