import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache.ts';

describe('BoundedCache', () => {
  it('evicts the least recently used entry once full', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // "a" is now the newest
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it('builds a value once per key', () => {
    const cache = new BoundedCache<string, object>(10);
    let builds = 0;
    const make = () => ({ n: ++builds });
    expect(cache.getOrCreate('k', make)).toBe(cache.getOrCreate('k', make));
    expect(builds).toBe(1);
  });

  it('keeps the total weight under its limit, dropping the oldest entries first', () => {
    const cache = new BoundedCache<string, string>(100, { weigh: (s) => s.length, maxWeight: 10 });
    cache.set('a', 'xxxx');
    cache.set('b', 'yyyy');
    cache.set('c', 'zzzz');
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.totalWeight]).toEqual([undefined, 'yyyy', 'zzzz', 8]);
    cache.set('b', 'y');
    expect(cache.totalWeight).toBe(5);
    cache.set('huge', 'w'.repeat(50));
    expect([cache.size, cache.get('huge')?.length, cache.totalWeight]).toEqual([1, 50, 50]);
  });
});
