/**
 * Scenario presets.
 *
 * - `wireless-lan`: the delay paper's two-node 802.11b testbed (docs/model.md §6.1).
 * - `hetero-3`: three nodes with rates 1, 2 and 3 tasks/s, otherwise as
 *   hetero-4: small enough for the exact n-node solver's regret in minutes.
 * - `hetero-4`: four nodes with rates 1, 1.5, 2 and 3 tasks/s on a LAN-like
 *   network (mean communication delay 0.1 s), the wireless-lan transfer model.
 * - `hetero-16`: sixteen nodes with rates from 0.5 to 3.5 tasks/s and
 *   per-pair communication delays growing with the distance between indices
 *   (a ring of racks), transfer delays as in wireless-lan.
 */
import type { Scenario } from './scenario.js';
import { invalid } from './validation.js';

const WIRELESS_TRANSFER = { model: { kind: 'floor-linear', dMin: 0.3462, d: 0.4, beta: 0.2 } } as const;

function wirelessLan(): Scenario {
  return {
    name: 'wireless-lan',
    description: "The delay paper's 802.11b testbed: two nodes, exponential delays (docs/model.md §6.1)",
    nodes: [
      { name: 'node1', service: { family: 'exponential', mean: 0.7847 } },
      { name: 'node2', service: { family: 'exponential', mean: 0.475 } },
    ],
    comm: { family: 'exponential', mean: 0.119 },
    transfer: { model: { ...WIRELESS_TRANSFER.model } },
    averaging: 'plain',
    unknownQueue: 'zero',
    defaultLoads: [100, 50],
  };
}

/** Exponential nodes of the given rates on a LAN-like network (mean communication delay 0.1 s), the wireless-lan transfer model. */
function heteroLan(name: string, description: string, rates: readonly number[], defaultLoads: number[]): Scenario {
  return {
    name,
    description,
    nodes: rates.map((r, i) => ({ name: `node${i + 1}`, service: { family: 'exponential', mean: 1 / r } })),
    comm: { family: 'exponential', mean: 0.1 },
    transfer: { model: { ...WIRELESS_TRANSFER.model } },
    averaging: 'plain',
    unknownQueue: 'zero',
    defaultLoads,
  };
}

function hetero3(): Scenario {
  return heteroLan('hetero-3', 'Three heterogeneous nodes (1, 2, 3 tasks/s), LAN-like exponential delays', [1, 2, 3], [60, 30, 0]);
}

function hetero4(): Scenario {
  return heteroLan('hetero-4', 'Four heterogeneous nodes (1, 1.5, 2, 3 tasks/s), LAN-like exponential delays', [1, 1.5, 2, 3], [120, 60, 30, 0]);
}

function hetero16(): Scenario {
  const n = 16;
  const rates = Array.from({ length: n }, (_, i) => 0.5 + (3 * i) / (n - 1));
  const commPairs = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return null;
      const hop = Math.min(Math.abs(i - j), n - Math.abs(i - j));
      return { family: 'exponential' as const, mean: 0.05 + 0.02 * hop };
    }),
  );
  return {
    name: 'hetero-16',
    description: 'Sixteen nodes, rates 0.5..3.5 tasks/s, per-pair delays growing around a ring',
    nodes: rates.map((r, i) => ({ name: `node${i + 1}`, service: { family: 'exponential', mean: 1 / r } })),
    comm: { family: 'exponential', mean: 0.1 },
    commPairs,
    transfer: { model: { ...WIRELESS_TRANSFER.model } },
    averaging: 'plain',
    unknownQueue: 'zero',
    defaultLoads: Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 80 : i % 4 === 1 ? 40 : i % 4 === 2 ? 10 : 0)),
  };
}

const PRESETS: Record<string, () => Scenario> = {
  'wireless-lan': wirelessLan,
  'hetero-3': hetero3,
  'hetero-4': hetero4,
  'hetero-16': hetero16,
};

/** Names of the presets. */
export function presetNames(): string[] {
  return Object.keys(PRESETS);
}

/** A fresh copy of a preset scenario. */
export function preset(name: string): Scenario {
  const make = PRESETS[name];
  if (make === undefined) return invalid('--preset', name, `one of ${presetNames().join(', ')}`);
  return make();
}
