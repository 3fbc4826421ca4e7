import { compareScalar, isExact, toNumber, type Scalar } from './scalar.ts';

/** How far a student's number may be from the reference and still count. */
export type Tolerance =
  | { kind: 'relative'; rel: number; absFloor: number }
  | { kind: 'absolute'; abs: number }
  | { kind: 'sigfigs'; digits: number };

export const DEFAULT_TOLERANCE: Tolerance = { kind: 'relative', rel: 0.01, absFloor: 1e-9 };

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

/** The absolute tolerance an LMS numerical answer gets, matching how the tool itself grades the part. */
export function absoluteTolerance(value: number, tolerance: Tolerance = DEFAULT_TOLERANCE): number {
  switch (tolerance.kind) {
    case 'absolute':
      return tolerance.abs;
    case 'relative':
      return Math.max(tolerance.absFloor, Math.abs(value) * tolerance.rel);
    case 'sigfigs': {
      // Half a unit in the last significant digit.
      const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
      return 0.5 * 10 ** (exponent - tolerance.digits + 1);
    }
  }
}

/** Relative change below which two printed decimals are the same number (binary float noise is ~1e-16). */
const NOISE = 1e-12;

/**
 * A number as the shortest plain decimal that is it up to float noise: 0.014, not
 * 0.013999999999999999 (1.4 * 0.01); 0.000000001, not 1e-9 (every LMS reads plain decimals).
 * Written into exports that a person reads and an LMS parses.
 */
export function decimalText(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  for (let digits = 1; digits <= 17; digits++) {
    const rounded = Number(x.toPrecision(digits));
    if (Math.abs(rounded - x) <= NOISE * Math.abs(x)) return plainDecimal(rounded, digits);
  }
  return plainDecimal(x, 17);
}

/** Without an exponent: 1e-9 as 0.000000001, 1.5e21 as 1500000000000000000000. */
function plainDecimal(x: number, significant: number): string {
  const text = String(x);
  if (!/e/i.test(text)) return text;
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  if (exponent >= 0) return BigInt(Math.round(x)).toString();
  return x.toFixed(Math.min(100, significant - 1 - exponent)).replace(/\.?0+$/, '');
}
