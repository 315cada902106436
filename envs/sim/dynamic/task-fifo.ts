/**
 * A node's FIFO queue of tasks, stored as the tasks' arrival times (seconds)
 * in a growable typed-array ring buffer: the front is the task in service,
 * balancing batches leave from the back, received batches join the back.
 * Sojourn time of a task = its completion instant - its stored arrival time.
 */
export class TaskFifo {
  private buf: Float64Array;
  private mask: number;
  private head = 0;
  private size = 0;

  constructor(capacity = 64) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.buf = new Float64Array(cap);
    this.mask = cap - 1;
  }

  /** Tasks in the queue (the one in service included). */
  get length(): number {
    return this.size;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  pushBack(arrivalTime: number): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & this.mask] = arrivalTime;
    this.size++;
  }

  /** Removes the front task and returns its arrival time; throws when empty. */
  popFront(): number {
    if (this.size === 0) throw new Error('TaskFifo.popFront: the queue is empty');
    const t = this.buf[this.head]!;
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return t;
  }

  /** Removes the back task and returns its arrival time; throws when empty. */
  popBack(): number {
    if (this.size === 0) throw new Error('TaskFifo.popBack: the queue is empty');
    this.size--;
    return this.buf[(this.head + this.size) & this.mask]!;
  }

  /** Arrival time of the task at position `k` from the front (0 = in service). */
  at(k: number): number {
    if (!(k >= 0 && k < this.size)) throw new Error(`TaskFifo.at: index must be in [0, ${this.size}), got ${k}`);
    return this.buf[(this.head + k) & this.mask]!;
  }

  private grow(): void {
    const cap = this.buf.length * 2;
    const next = new Float64Array(cap);
    for (let k = 0; k < this.size; k++) next[k] = this.buf[(this.head + k) & this.mask]!;
    this.buf = next;
    this.mask = cap - 1;
    this.head = 0;
  }
}
