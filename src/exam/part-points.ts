import type { VariantPart } from '../engine/generate-variant.ts';

/** Parts that appear on paper: bonus (optional) parts are online extras and score nothing. */
export function printedParts(parts: readonly VariantPart[]): VariantPart[] {
  return parts.filter((p) => !p.optional);
}

/**
 * Graders mark paper in whole, half or quarter points, so the first step that keeps parts of equal
 * weight equal, gives every part something and strays at most 20 % from the exact share wins;
 * largest remainders make the parts add up to the problem's points exactly.
 */
const STEPS = [1, 0.5, 0.25, 0.1, 0.05];
const MAX_DEVIATION = 0.2;

/** Points of each printed part of a problem worth `total` points, keyed by part key. */
export function partPoints(parts: readonly VariantPart[], total: number): Map<string, number> {
  const scored = printedParts(parts);
  const weight = scored.reduce((a, p) => a + p.points, 0);
  if (scored.length === 0 || weight <= 0) return new Map(scored.map((p) => [p.key, 0]));
  const exact = scored.map((p) => (p.points / weight) * total);
  for (const step of STEPS) {
    const units = apportion(exact.map((x) => x / step), Math.round(total / step));
    if (!units) continue;
    const pts = units.map((u) => Math.round(u * step * 100) / 100);
    const fair = scored.every((p, i) => {
      const mine = pts[i] as number;
      const share = exact[i] as number;
      return mine > 0 && Math.abs(mine - share) <= MAX_DEVIATION * share && scored.every((q, j) => q.points !== p.points || pts[j] === mine);
    });
    if (fair) return new Map(scored.map((p, i) => [p.key, pts[i] as number]));
  }
  // No step is fair (e.g. 10 points over three equal parts): the total on the sheet still has to hold.
  const cents = apportion(exact.map((x) => x * 100), Math.round(total * 100));
  return new Map(scored.map((p, i) => [p.key, cents ? (cents[i] as number) / 100 : Math.round((exact[i] as number) * 100) / 100]));
}

/** Largest-remainder rounding of `quotas` to integers summing to `target`; undefined if target is off-grid. */
function apportion(quotas: number[], target: number): number[] | undefined {
  const sum = quotas.reduce((a, q) => a + q, 0);
  if (Math.abs(sum - target) > 1e-6) return undefined;
  const units = quotas.map((q) => Math.floor(q + 1e-9));
  let left = target - units.reduce((a, u) => a + u, 0);
  const order = quotas.map((q, i) => ({ i, r: q - Math.floor(q + 1e-9) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    units[i] = (units[i] as number) + 1;
    left--;
  }
  return units;
}
