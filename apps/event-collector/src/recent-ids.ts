/**
 * A bounded set of recently seen ids, evicted oldest first: constant memory, O(1) per id.
 * The order of eviction is kept in a ring beside the Set. Evicting with `set.values().next()` was
 * O(holes): V8 leaves a deleted Set entry as a hole until the table is rehashed, and the iterator
 * walks the holes at the front, so once the set was full every id cost about 10 µs (measured:
 * 200,000 ids, 100,000 evictions in 1.07 s against 0.11 s with the ring) and the collector stayed
 * slow long after a spike had filled it.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.capacity === 0 || this.ids.has(id)) return;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
