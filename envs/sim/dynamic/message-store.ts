/**
 * Queue-length messages in flight (dynamic mode's periodic exchange): who sent
 * it, the queue length it carries and when it was sent. Each message lives in
 * a numbered slot, reused after delivery; the event queue carries the slot.
 */
export class MessageStore {
  private sender: Int32Array;
  private value: Int32Array;
  private sentAt: Float64Array;
  private free: Int32Array;
  private freeCount: number;

  constructor(capacity = 64) {
    this.sender = new Int32Array(capacity);
    this.value = new Int32Array(capacity);
    this.sentAt = new Float64Array(capacity);
    this.free = new Int32Array(capacity);
    this.freeCount = 0;
    this.fillFree(0, capacity);
  }

  alloc(sender: number, value: number, sentAt: number): number {
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    this.sender[slot] = sender;
    this.value[slot] = value;
    this.sentAt[slot] = sentAt;
    return slot;
  }

  senderOf(slot: number): number {
    return this.sender[slot]!;
  }

  valueOf(slot: number): number {
    return this.value[slot]!;
  }

  sentAtOf(slot: number): number {
    return this.sentAt[slot]!;
  }

  release(slot: number): void {
    this.free[this.freeCount++] = slot;
  }

  clear(): void {
    this.freeCount = 0;
    this.fillFree(0, this.sender.length);
  }

  private fillFree(from: number, to: number): void {
    for (let s = to - 1; s >= from; s--) this.free[this.freeCount++] = s;
  }

  private grow(): void {
    const old = this.sender.length;
    const cap = old * 2;
    const sender = new Int32Array(cap);
    sender.set(this.sender);
    this.sender = sender;
    const value = new Int32Array(cap);
    value.set(this.value);
    this.value = value;
    const sentAt = new Float64Array(cap);
    sentAt.set(this.sentAt);
    this.sentAt = sentAt;
    const free = new Int32Array(cap);
    free.set(this.free.subarray(0, this.freeCount));
    this.free = free;
    this.fillFree(old, cap);
  }
}
