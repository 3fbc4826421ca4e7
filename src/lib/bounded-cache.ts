/**
 * A least-recently-used cache for values that are pure functions of their key (rebuilt variants,
 * rendered HTML). Bounded by entry count and, when given a weigher, by total weight (e.g. the
 * characters of cached HTML), so a long-running server keeps a flat memory profile however many
 * students it serves. A Map keeps insertion order, so the least recently used key is first.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly limits: { weigh: (value: V) => number; maxWeight: number } | undefined = undefined,
  ) {
    if (!(capacity >= 1)) throw new RangeError('BoundedCache: capacity must be at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed weight of the entries (0 without a weigher). */
  get totalWeight(): number {
    return this.weight;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-inserting moves the key to the newest end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    if (this.limits) this.weight += this.limits.weigh(value);
    // The newest entry always stays, even when it alone is over the weight limit.
    while (
      this.entries.size > 1 &&
      (this.entries.size > this.capacity || (this.limits && this.weight > this.limits.maxWeight))
    ) {
      this.delete(this.entries.keys().next().value as K);
    }
  }

  getOrCreate(key: K, make: () => V): V {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = make();
    this.set(key, value);
    return value;
  }

  private delete(key: K): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    if (this.limits) this.weight -= this.limits.weigh(old);
  }
}
