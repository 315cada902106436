/**
 * A binary min-heap of events keyed by (time, sequence), SimPy style: the
 * sequence counter makes ties deterministic (first scheduled, first served).
 * Events are stored in parallel typed arrays (kind, node, payload) to keep the
 * simulator's hot loop free of allocations.
 */
export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private node: Int32Array;
  private payload: Int32Array;
  private size = 0;
  private counter = 0;

  constructor(capacity = 64) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.node = new Int32Array(capacity);
    this.payload = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  clear(): void {
    this.size = 0;
    this.counter = 0;
  }

  push(time: number, kind: number, node: number, payload = 0): void {
    if (!(time >= 0) || !Number.isFinite(time)) throw new Error(`event time must be finite and >= 0, got ${time}`);
    if (this.size === this.time.length) this.grow();
    let i = this.size++;
    const s = this.counter++;
    // Sift up.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = this.time[p]!;
      if (pt < time || (pt === time && this.seq[p]! < s)) break;
      this.move(p, i);
      i = p;
    }
    this.time[i] = time;
    this.seq[i] = s;
    this.kind[i] = kind;
    this.node[i] = node;
    this.payload[i] = payload;
  }

  /** Time of the earliest event (Infinity when empty). */
  peekTime(): number {
    return this.size === 0 ? Infinity : this.time[0]!;
  }

  /**
   * Removes the earliest event and writes it into `out` (time, kind, node, payload).
   * Returns false when empty.
   */
  pop(out: { time: number; kind: number; node: number; payload: number }): boolean {
    if (this.size === 0) return false;
    out.time = this.time[0]!;
    out.kind = this.kind[0]!;
    out.node = this.node[0]!;
    out.payload = this.payload[0]!;
    const last = --this.size;
    if (last === 0) return true;
    const t = this.time[last]!;
    const s = this.seq[last]!;
    const k = this.kind[last]!;
    const nd = this.node[last]!;
    const pl = this.payload[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      let c = l;
      if (r < last && (this.time[r]! < this.time[l]! || (this.time[r] === this.time[l] && this.seq[r]! < this.seq[l]!))) c = r;
      const ct = this.time[c]!;
      if (t < ct || (t === ct && s < this.seq[c]!)) break;
      this.move(c, i);
      i = c;
    }
    this.time[i] = t;
    this.seq[i] = s;
    this.kind[i] = k;
    this.node[i] = nd;
    this.payload[i] = pl;
    return true;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.node[to] = this.node[from]!;
    this.payload[to] = this.payload[from]!;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    this.time = t;
    const s = new Float64Array(cap);
    s.set(this.seq);
    this.seq = s;
    const k = new Int32Array(cap);
    k.set(this.kind);
    this.kind = k;
    const nd = new Int32Array(cap);
    nd.set(this.node);
    this.node = nd;
    const p = new Int32Array(cap);
    p.set(this.payload);
    this.payload = p;
  }
}
