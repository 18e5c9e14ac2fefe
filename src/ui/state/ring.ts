/**
 * A fixed-capacity ring of items the page keeps (the journal projection). Appending is O(1) and
 * never copies the buffer, so 60 batches a second of thousands of entries stay cheap; readers
 * index it by position (0 = oldest kept).
 */
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;
  private pushes = 0;
  private clears = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  push(item: T): void {
    this.items[(this.start + this.count) % this.capacity] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
    this.pushes++;
  }

  /**
   * Items pushed since the ring was made or last cleared (kept or not). A reader that remembers it
   * finds what is new in O(new): the last `total - seen` items (when that is ≤ `length`).
   */
  get total(): number {
    return this.pushes;
  }

  /** Bumped by `clear()`, so a reader can tell a cleared ring from one that merely wrapped. */
  get generation(): number {
    return this.clears;
  }

  get length(): number {
    return this.count;
  }

  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.start + i) % this.capacity];
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.pushes = 0;
    this.clears++;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++)
      out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}
