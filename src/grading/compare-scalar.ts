import { compareScalar, isExact, toNumber, type Scalar } from '../core/scalar.ts';
import type { Tolerance } from '../engine/template.ts';

/**
 * Named comparisons instead of float ==. Exact rationals that are equal always match, so a key
 * of 1/3 accepts "1/3" whatever the tolerance.
 */
export function scalarMatches(student: Scalar, reference: Scalar, tolerance: Tolerance): boolean {
  if (isExact(student) && isExact(reference)) {
    if (compareScalar(student, reference) === 0) return true;
  }
  const s = toNumber(student);
  const r = toNumber(reference);
  if (!Number.isFinite(r) || !Number.isFinite(s)) return s === r;
  switch (tolerance.kind) {
    case 'relative':
      return Math.abs(s - r) <= Math.max(tolerance.absFloor, tolerance.rel * Math.abs(r));
    case 'absolute':
      return Math.abs(s - r) <= tolerance.abs;
    case 'sigfigs':
      return matchesSignificantFigures(s, r, tolerance.digits);
  }
}

/** True when s agrees with r to `digits` significant figures (half a unit in the last place). */
function matchesSignificantFigures(s: number, r: number, digits: number): boolean {
  if (r === 0) return Math.abs(s) < 10 ** -digits;
  const lastPlace = Math.floor(Math.log10(Math.abs(r))) - digits + 1;
  return Math.abs(s - r) <= 0.5 * 10 ** lastPlace * (1 + 1e-12);
}
