/** A scenario given to an environment as a preset name or a scenario object. */
import { preset } from './sim/presets.js';
import { type Scenario, validateScenario } from './sim/scenario.js';

export type ScenarioInput = string | Scenario;

export function resolveScenarioInput(v: unknown, field = 'scenario'): Scenario {
  if (v === undefined) return preset('wireless-lan');
  if (typeof v === 'string') return preset(v);
  return validateScenario(v, field);
}
