/**
 * The simulator's named random streams, derived from one root seed:
 * `service` (one per node), `comm`, `transfer`, `arrivals`, `failures`.
 * Episodes run back to back on the same streams (they keep going).
 */
import { Rng, streamFor } from './rng.js';

export interface SimStreams {
  readonly service: Rng[];
  readonly comm: Rng;
  readonly transfer: Rng;
  readonly arrivals: Rng;
  readonly failures: Rng;
}

export function createSimStreams(seed: number | string, n: number): SimStreams {
  return {
    service: Array.from({ length: n }, (_, i) => streamFor(seed, 'service', i)),
    comm: streamFor(seed, 'comm'),
    transfer: streamFor(seed, 'transfer'),
    arrivals: streamFor(seed, 'arrivals'),
    failures: streamFor(seed, 'failures'),
  };
}

/** Saved states of every stream (for checkpoints). */
export function streamStates(s: SimStreams): object {
  return {
    service: s.service.map((r) => r.state()),
    comm: s.comm.state(),
    transfer: s.transfer.state(),
    arrivals: s.arrivals.state(),
    failures: s.failures.state(),
  };
}

export function restoreSimStreams(seed: number | string, n: number, state: unknown): SimStreams {
  const st = state as { service: object[]; comm: object; transfer: object; arrivals: object; failures: object };
  return {
    service: Array.from({ length: n }, (_, i) => new Rng(`${seed}|service|${i}`, st.service[i])),
    comm: new Rng(`${seed}|comm`, st.comm),
    transfer: new Rng(`${seed}|transfer`, st.transfer),
    arrivals: new Rng(`${seed}|arrivals`, st.arrivals),
    failures: new Rng(`${seed}|failures`, st.failures),
  };
}
