import { assert } from '@app/core';

/**
 * A FIFO that never grows past `capacity`: pushing onto a full queue drops the oldest entry and counts it.
 * The reader fills it from HID callbacks; the agent drains it on its own tick (STYLE.md §4 point 18).
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private droppedCount = 0;

  constructor(private readonly capacity: number) {
    assert(Number.isInteger(capacity) && capacity > 0, 'a bounded queue needs a positive capacity');
  }

  push(item: T): void {
    if (this.items.length >= this.capacity) {
      this.items.shift();
      this.droppedCount += 1;
    }
    this.items.push(item);
    assert(this.items.length <= this.capacity, 'the queue grew past its capacity');
  }

  drain(maxItems: number = this.capacity): T[] {
    assert(maxItems > 0, 'drain at least one item');
    return this.items.splice(0, maxItems);
  }

  size(): number {
    return this.items.length;
  }

  dropped(): number {
    return this.droppedCount;
  }
}
