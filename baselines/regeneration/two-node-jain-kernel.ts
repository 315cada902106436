/**
 * The two-node reward solver's Jain kernel at one t_b (reward-solver.ts,
 * docs/model.md §3.7), shared by every solver on the same time grid.
 *
 * A node's U vector `U_r = E[f_r(T)]` depends on its finish-time law and t_b
 * only: for `T = t_b + X`, on the survival table's row (the node's rate, the
 * incoming batch and its delay, the kept tasks) and the grid; for an early
 * finish, on its load and rate. Nothing depends on the other node or the gain,
 * so one kernel per (grid, t_b, sigma step) serves every load pair of a
 * regret grid or a compare, as the survival tables do. The kernel's nodes run
 * from the moment cut (tailMoments, set by the grid's end) to the top that the
 * smallest `sqrt(T_1^2 + T_2^2)` ever resolved needs (1e-4 s); each vector
 * stops where its own kernels become negligible (lawWindow), so the extra top
 * rows cost nothing.
 *
 * Rows: TAIL_MOMENTS moments `(T / s_hi)^{2i+1}`, then one per node. Node 2's
 * vectors carry the tail matrix on their moments (applyTail), so that
 * `E[J | state] = 1/2 + U1 . U2` for node 1's and node 2's vectors.
 */
import { KERNEL_S_MIN, TAIL_MOMENTS, applyTail, kernelNode, lawWindow, sigmaNodes, tailMoments } from './jain-kernel.js';
import type { SurvivalTable } from './node-completion.js';
import type { TimeGrid } from './quadrature.js';
import { earlyExpectations } from './early-finish.js';
import { rowArena } from './simd-dot.js';

/** The offset of a law with no vector (a node that never had a task: its kernel terms are 0). */
export const NO_VECTOR = -1;

/**
 * A law's CDF and survival below this are left out of its U vector (lawWindow): each entry
 * moves by at most this times its kernel's range (about 0.3), E[J] by about 1e-9.
 */
const LAW_TAIL_CUT = 1e-10;
/** Kernel rows with `e^sigma (t_b + t)^2` above this are below 2e-17 at t, and left out. */
const NEGLIGIBLE_EXPONENT = 40;
/** Bytes of shared kernels kept (least recently used first out). */
const SHARED_KERNEL_BYTES = 256 * 2 ** 20;

/**
 * Vectors in one growing array, addressed by offset; each vector's length is stored just before it.
 * Vectors are only appended, so a copy in the SIMD arena (mirrorBase) is kept up to date by copying what was added.
 */
class VectorArena {
  data = new Float64Array(4096);
  private used = 0;
  private mirrorAt = 0;
  private mirrorCapacity = 0;
  private mirrored = 0;
  private mirrorGeneration = -1;

  /**
   * The SIMD arena's index of this arena's copy, up to date (offset o here is mirrorBase() + o there):
   * valid until the next vector is added or the SIMD arena forgets its copies.
   */
  mirrorBase(): number {
    // The usual case, small enough to be inlined into jainSum's loop.
    if (this.mirrored === this.used && this.mirrorGeneration === rowArena.generation) return this.mirrorAt;
    return this.refreshMirror();
  }

  /** Copies what was added since the last mirrorBase (into a new block when the copy is too small or forgotten). */
  private refreshMirror(): number {
    if (this.mirrorGeneration !== rowArena.generation || this.mirrorCapacity < this.used) {
      this.mirrorCapacity = this.data.length;
      this.mirrorAt = rowArena.reserve(this.mirrorCapacity);
      this.mirrored = 0;
      this.mirrorGeneration = rowArena.generation;
    }
    if (this.mirrored < this.used) {
      rowArena.view().set(this.data.subarray(this.mirrored, this.used), this.mirrorAt + this.mirrored);
      this.mirrored = this.used;
    }
    return this.mirrorAt;
  }

  /** The offset of a new zero vector of `length` entries (`data` may be replaced: read it after). */
  alloc(length: number): number {
    while (this.used + length + 1 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.used] = length;
    const o = this.used + 1;
    this.used += length + 1;
    return o;
  }
}

export class TwoNodeJainKernel {
  readonly tb: number;
  /** The kernel nodes kept as rows (those above the moment cut). */
  readonly sigmas: Float64Array;
  readonly width: number;
  /** The moment block's matrix (tailMoments). */
  readonly tail: Float64Array;
  /** `f_r'(t_b + t_i) w_i` for i < rowEnd[r], row r from rowStart[r] (rows contiguous for the integrals). */
  private readonly dh: Float64Array;
  private readonly rowStart: Int32Array;
  /** Per row, the grid index from which its `f_r'` is negligible (times only grow). */
  private readonly rowEnd: Int32Array;
  /** `f_r(t_b + edge_p)` at panel edges, [p * width + r]. */
  private readonly hEdge: Float64Array;
  private readonly grid: TimeGrid;
  private readonly coef: Float64Array;
  private readonly scale: Float64Array;
  private readonly sHi: number;
  private readonly sigmaStep: number;
  readonly arena = new VectorArena();
  /** Offsets by kept tasks, per law family (familyKey), for node 1's laws and node 2's. */
  private readonly laws: [Map<string, Int32Array>, Map<string, Int32Array>] = [new Map(), new Map()];
  private readonly early = new Map<string, number>();
  /** Bytes counted by the shared cache so far. */
  accounted = 0;

  constructor(grid: TimeGrid, tb: number, sigmaStep: number) {
    this.grid = grid;
    this.tb = tb;
    this.sigmaStep = sigmaStep;
    const G = grid.times.length;
    const sHi = Math.SQRT2 * (tb + grid.tMax);
    this.sHi = sHi;
    const all = sigmaNodes(KERNEL_S_MIN, sHi, sigmaStep);
    const { cut, tail } = tailMoments(all.sigmas, sHi, sigmaStep);
    this.tail = tail;
    this.sigmas = all.sigmas.subarray(cut);
    this.scale = all.scale.subarray(cut);
    this.coef = all.coef.subarray(cut);
    const M = TAIL_MOMENTS;
    const width = M + this.sigmas.length;
    this.width = width;
    // Each row's end: the first grid time where it is negligible (moments never are).
    const rowEnd = new Int32Array(width).fill(G);
    for (let r = 0; r < this.sigmas.length; r++) {
      let i = 0;
      while (i < G && this.scale[r]! * (tb + grid.times[i]!) ** 2 <= NEGLIGIBLE_EXPONENT) i++;
      rowEnd[M + r] = i;
    }
    const rowStart = new Int32Array(width + 1);
    for (let r = 0; r < width; r++) rowStart[r + 1] = rowStart[r]! + rowEnd[r]!;
    const dh = new Float64Array(rowStart[width]!);
    for (let i = 0; i < G; i++) {
      const x = tb + grid.times[i]!;
      const w = grid.weights[i]!;
      const z2 = (x / sHi) ** 2;
      // d/dt (t / sHi)^(2r+1) = (2r + 1) z^(2r) / sHi.
      for (let r = 0, zr = w / sHi; r < M; r++, zr *= z2) dh[rowStart[r]! + i] = (2 * r + 1) * zr;
      for (let r = 0; r < this.sigmas.length && i < rowEnd[M + r]!; r++) {
        const e = this.scale[r]! * x * x;
        dh[rowStart[M + r]! + i] = w * this.coef[r]! * (1 - 2 * e) * Math.exp(-e);
      }
    }
    this.dh = dh;
    this.rowStart = rowStart;
    this.rowEnd = rowEnd;
    const edges = grid.edges;
    this.hEdge = new Float64Array(edges.length * width);
    for (let p = 0; p < edges.length; p++) {
      const x = tb + edges[p]!;
      for (let r = 0; r < width; r++) this.hEdge[p * width + r] = this.row(r, x);
    }
  }

  /** Row r's function at t: a moment `(t / s_hi)^{2r+1}`, then `h_r(t) = coef_r t e^{-e^sigma_r t^2}`. */
  private row(r: number, t: number): number {
    const M = TAIL_MOMENTS;
    if (r >= M) return kernelNode(this.coef[r - M]!, this.scale[r - M]!, t);
    const z = t / this.sHi;
    let v = z;
    for (let i = 0; i < r; i++) v *= z * z;
    return v;
  }

  /** The bytes this kernel holds. */
  bytes(): number {
    return this.dh.byteLength + this.hEdge.byteLength + this.arena.data.byteLength;
  }

  /** The length of the vector at `offset`. */
  length(offset: number): number {
    return this.arena.data[offset - 1]!;
  }

  /** The offsets (by kept tasks, NO_VECTOR until computed) of the laws of a table's node; node 2's carry the tail. */
  lawRow(table: SurvivalTable, node2: boolean): Int32Array {
    const laws = this.laws[node2 ? 1 : 0];
    const key = familyKey(table);
    let row = laws.get(key);
    if (row === undefined || row.length < table.kMax + 1) {
      const grown = new Int32Array(table.kMax + 1).fill(NO_VECTOR);
      if (row !== undefined) grown.set(row);
      laws.set(key, (row = grown));
    }
    return row;
  }

  /** The offset of `U = E[f(t_b + X)]` for X = T_C(kept, incoming) of `table` (`row` is its lawRow). */
  activeU(table: SurvivalTable, kept: number, node2: boolean, row: Int32Array): number {
    const hit = row[kept]!;
    if (hit !== NO_VECTOR) return hit;
    const grid = this.grid;
    const G = grid.times.length;
    const rows = table.rows;
    const off = kept * table.stride;
    const window = lawWindow(rows, off, table.start[kept]!, table.end[kept]!, grid, this.tb, this.scale, LAW_TAIL_CUT);
    const { start, panelEnd, iEnd } = window;
    const rTop = TAIL_MOMENTS + window.rTop;
    const at = this.arena.alloc(rTop);
    const u = this.arena.data;
    // The CDF and the rows f_r' w in the SIMD arena (simd-dot.ts): u_r = h_r(edge) - sum_i f_r'(t_i) w_i F(t_i),
    // each sum with four accumulators from `start` to the row's end (bitwise the JavaScript loop's value).
    const dh = rowArena.offsetOf(this.dh);
    const F = rowArena.scratch(G);
    const heap = rowArena.view();
    for (let i = start; i < iEnd; i++) heap[F + i] = 1 - rows[off + i]!;
    const width = this.width;
    const rowStart = this.rowStart;
    const rowEnd = this.rowEnd;
    const hEdge = this.hEdge;
    const edge = panelEnd * width;
    for (let r = 0; r < rTop; r++) {
      const n = Math.min(iEnd, rowEnd[r]!) - start;
      u[at + r] = hEdge[edge + r]! - (n > 0 ? rowArena.dot4(dh + rowStart[r]! + start, F + start, n) : 0);
    }
    if (node2) applyTail(this.tail, u, at);
    row[kept] = at;
    return at;
  }

  /** The offset of `E[f(F) | F <= t_b]`, F ~ Erlang(m, rate), a node's early finish (NO_VECTOR when impossible). */
  earlyU(m: number, rate: number, node2: boolean): number {
    const key = `${m}|${rate}|${node2 ? 1 : 0}`;
    const hit = this.early.get(key);
    if (hit !== undefined) return hit;
    const M = TAIL_MOMENTS;
    const first = this.sigmas[0];
    // Rows with e^sigma t^2 > 40 are below 2e-17 at t (the nodes step evenly).
    const rowsAt = (t: number): number =>
      t > 0 && first !== undefined ? M + Math.max(0, Math.floor((Math.log(NEGLIGIBLE_EXPONENT / (t * t)) - first) / this.sigmaStep) + 1) : this.width;
    const v = earlyExpectations(m, rate, this.tb, [(r, t) => this.row(r, t)], this.width, rowsAt)?.[0];
    let at = NO_VECTOR;
    if (v !== undefined) {
      if (node2) applyTail(this.tail, v, 0);
      at = this.arena.alloc(this.width);
      this.arena.data.set(v, at);
    }
    this.early.set(key, at);
    return at;
  }
}

/** A table's law family `rate|incoming|theta` (its vectors are the same on every table of the family), built once per table. */
const familyKeys = new WeakMap<SurvivalTable, string>();
function familyKey(table: SurvivalTable): string {
  let key = familyKeys.get(table);
  if (key === undefined) familyKeys.set(table, (key = `${table.rate}|${table.incoming}|${table.theta}`));
  return key;
}

const sharedKernels = new Map<string, TwoNodeJainKernel>();
let sharedBytes = 0;

/** The kernel at t_b on a grid (its key names it), shared by every solver on that grid; least recently used go first. */
export function sharedJainKernel(grid: TimeGrid, gridKey: string, tb: number, sigmaStep: number): TwoNodeJainKernel {
  const key = `${gridKey}|${tb}|${sigmaStep}`;
  let ker = sharedKernels.get(key);
  if (ker !== undefined) sharedKernels.delete(key);
  else ker = new TwoNodeJainKernel(grid, tb, sigmaStep);
  sharedKernels.set(key, ker);
  // Vectors added since the kernel was last counted.
  const bytes = ker.bytes();
  sharedBytes += bytes - ker.accounted;
  ker.accounted = bytes;
  for (const [k, old] of sharedKernels) {
    if (sharedBytes <= SHARED_KERNEL_BYTES || old === ker) break;
    sharedKernels.delete(k);
    sharedBytes -= old.accounted;
  }
  return ker;
}

/** Forgets the shared kernels (for cold-start benchmarks). */
export function clearSharedJainKernels(): void {
  sharedKernels.clear();
  sharedBytes = 0;
}
