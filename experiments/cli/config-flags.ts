/**
 * `--flags` generated from the agents' typed configs (CleanRL style): every
 * config field of every algorithm becomes a kebab-case flag
 * (`learningRate` -> `--learning-rate`). Values are parsed by the field's
 * type; a flag of a field the chosen algorithm does not have is an error.
 */
import type { Command } from 'commander';
import { type ConfigField, parseConfigValue } from '../../agents/config.js';
import type { AlgoName } from '../../agents/agent.js';
import { CONFIG_FIELDS } from '../../agents/train.js';
import { UsageError } from './errors.js';
import { ENV_FAMILIES } from '../env-families.js';

export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Union of all algorithms' fields, by name, with the algorithms that have each and each one's own field. */
export function allConfigFields(): Map<string, { field: ConfigField; algos: AlgoName[]; perAlgo: Map<AlgoName, ConfigField> }> {
  const out = new Map<string, { field: ConfigField; algos: AlgoName[]; perAlgo: Map<AlgoName, ConfigField> }>();
  for (const [algo, fields] of Object.entries(CONFIG_FIELDS) as [AlgoName, readonly ConfigField[]][]) {
    for (const f of fields) {
      const entry = out.get(f.name);
      if (entry === undefined) out.set(f.name, { field: f, algos: [algo], perAlgo: new Map([[algo, f]]) });
      else {
        entry.algos.push(algo);
        entry.perAlgo.set(algo, f);
      }
    }
  }
  return out;
}

function showDefault(f: ConfigField): string {
  return Array.isArray(f.default) ? f.default.join(',') : String(f.default);
}

/** The env families' tuned defaults of a field (`; LB-OneShot-v0: 1024`), empty when none sets it. */
function tunedDefaults(algo: AlgoName, name: string): string {
  return ENV_FAMILIES.flatMap((f) =>
    (f.agentDefaults ?? []).flatMap((t) => {
      const v = t.algos[algo]?.[name];
      return v === undefined ? [] : [`; ${f.envs.join(', ')} with ${t.when}: ${Array.isArray(v) ? v.join(',') : String(v)}`];
    }),
  ).join('');
}

/**
 * Adds one option per config field (excluding `skip`). Its help gives each
 * algorithm's own default (`[ppo 2048, reinforce 256]`), or only `algo`'s
 * when one is given (`train --help --algo reinforce`), with the values an
 * env family tunes (experiments/env-families.ts, `agentDefaults`).
 */
export function addConfigFlags(cmd: Command, skip: readonly string[] = [], algo?: AlgoName): Command {
  for (const [name, { field, algos, perAlgo }] of allConfigFields()) {
    if (skip.includes(name)) continue;
    const range = field.choices !== undefined ? ` (${field.choices.join('|')})` : '';
    const own = algo === undefined ? undefined : perAlgo.get(algo);
    let defaults: string;
    if (algo !== undefined) defaults = own === undefined ? `not a ${algo} setting` : `${algo}; default ${showDefault(own)}${tunedDefaults(algo, name)}`;
    else {
      const values = new Set(algos.map((a) => showDefault(perAlgo.get(a)!)));
      defaults = values.size === 1 ? `${algos.join(', ')}; default ${[...values][0]!}` : algos.map((a) => `${a} ${showDefault(perAlgo.get(a)!)}`).join(', ');
    }
    cmd.option(`--${kebab(name)} <${field.type}>`, `${field.doc}${range} [${defaults}]`);
  }
  return cmd;
}

/** The config fields given on the command line, parsed, for `algo`. */
export function configFromFlags(flags: Record<string, unknown>, algo: AlgoName, skip: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, { field, algos }] of allConfigFields()) {
    if (skip.includes(name)) continue;
    const raw = flags[name];
    if (raw === undefined) continue;
    if (!algos.includes(algo)) throw new UsageError(`--${kebab(name)}: not a setting of ${algo} (it belongs to ${algos.join(', ')})`);
    try {
      out[name] = parseConfigValue(field, String(raw));
    } catch {
      throw new UsageError(`--${kebab(name)}: expected a ${field.type}, got ${JSON.stringify(raw)}`);
    }
  }
  return out;
}
