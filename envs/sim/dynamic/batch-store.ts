/**
 * Batches of tasks in transit between nodes: each batch keeps its tasks'
 * original arrival times (so sojourn times count the time in transit). A batch
 * lives in a numbered slot, reused after delivery; the event queue carries the
 * slot number as its payload.
 */
export class BatchStore {
  private times: Float64Array[] = [];
  private sizes: number[] = [];
  private free: number[] = [];

  /** Takes a free slot able to hold `size` tasks; returns its number. */
  alloc(size: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.times.length;
      this.times.push(new Float64Array(Math.max(8, size)));
      this.sizes.push(0);
    } else if (this.times[slot]!.length < size) {
      this.times[slot] = new Float64Array(Math.max(size, 2 * this.times[slot]!.length));
    }
    this.sizes[slot] = size;
    return slot;
  }

  /** The arrival times of the batch in `slot` (first `size(slot)` entries are valid). */
  tasks(slot: number): Float64Array {
    return this.times[slot]!;
  }

  size(slot: number): number {
    return this.sizes[slot]!;
  }

  release(slot: number): void {
    this.sizes[slot] = 0;
    this.free.push(slot);
  }

  clear(): void {
    this.free = [];
    for (let s = this.times.length - 1; s >= 0; s--) {
      this.sizes[s] = 0;
      this.free.push(s);
    }
  }
}
