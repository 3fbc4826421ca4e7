import { describe, expect, it } from 'vitest';
import type { VariantPart } from '../engine/generate-variant.ts';
import { partPoints } from './part-points.ts';

const part = (key: string, points: number, extra: Partial<VariantPart> = {}): VariantPart => ({ key, type: 'number', points, prompt: { en: key, cs: key }, manual: false, optional: false, ...extra });
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

describe('partPoints', () => {
  it('keeps exact shares when the weights already add up', () => {
    expect([...partPoints([part('a', 1), part('b', 0.5), part('c', 1), part('d', 2.5)], 5)]).toEqual([['a', 1], ['b', 0.5], ['c', 1], ['d', 2.5]]);
  });

  it('rounds to half points that add up exactly and keep equal weights equal (batchnorm: 7 x 0.5 + 2 into 5)', () => {
    const parts = [...'abcdefg'].map((k) => part(k, 0.5));
    parts.splice(4, 0, part('jacobian', 2));
    const pts = partPoints([...parts, part('bonus', 1, { optional: true })], 5);
    expect(sum(pts)).toBe(5);
    expect(pts.get('jacobian')).toBe(1.5);
    expect(new Set([...'abcdefg'].map((k) => pts.get(k)))).toEqual(new Set([0.5]));
    expect(pts.has('bonus')).toBe(false);
  });

  it('keeps the total exact when no step can be fair (10 points over three equal parts)', () => {
    const pts = partPoints([part('a', 1), part('b', 1), part('c', 1)], 10);
    expect(sum(pts)).toBeCloseTo(10, 9);
    expect([...pts.values()].sort()).toEqual([3.33, 3.33, 3.34]);
    for (const v of pts.values()) expect(v).toBeGreaterThan(3.3);
  });
});
