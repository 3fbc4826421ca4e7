/**
 * Scalars of the numeric core: exact rationals where the exam's arithmetic allows it, floats
 * where it cannot (square roots of non-squares, sigmoids of non-zero arguments).
 *
 * Why fraction.js: it is small and actively maintained, it stores numerator and denominator as
 * BigInt so chains of exact operations never overflow or silently round, it reduces to lowest
 * terms so equal values print identically, and its values are immutable so a Scalar can be
 * shared between a reference answer, a cache and a student answer without defensive copies.
 *
 * Reference answers stay exact as long as possible so that "1/6" is graded as 1/6 and never as
 * 0.16666666666666666; once a float enters an operation the result is a float, because a
 * rational result built from an irrational input would claim a precision it does not have.
 */
import Fraction from 'fraction.js';

/** Fraction = exact rational; number = a real not known to be rational (sqrt(2), sigmoid(0.3)). */
export type Scalar = Fraction | number;

export const ZERO: Fraction = new Fraction(0);
export const ONE: Fraction = new Fraction(1);
const ONE_HALF: Fraction = new Fraction(1, 2);

const TWO_POW_53 = 2n ** 53n;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

export function isExact(s: Scalar): s is Fraction {
  // typeof rather than instanceof: survives two copies of fraction.js in one process.
  return typeof s !== 'number';
}

// Fractions are immutable, so the small integers that fill templates' params are made once.
const SMALL_INTEGERS: Fraction[] = Array.from({ length: 2049 }, (_, i) => new Fraction(i - 1024));

/** Exact rational num/den (den != 0); a convenience for solvers, templates and tests. */
export function frac(num: number | bigint, den: number | bigint = 1): Fraction {
  if (den === 1 && typeof num === 'number' && Number.isInteger(num) && num >= -1024 && num <= 1024)
    return SMALL_INTEGERS[num + 1024] as Fraction;
  if (typeof num === 'number' && !Number.isSafeInteger(num))
    throw new RangeError(`frac: numerator ${num} is not a safe integer`);
  if (typeof den === 'number' && !Number.isSafeInteger(den))
    throw new RangeError(`frac: denominator ${den} is not a safe integer`);
  if (den === 0 || den === 0n) throw new RangeError('frac: zero denominator');
  return new Fraction(num, den);
}

/**
 * A finite JSON or user number made exact via its shortest round-trip decimal string, so 0.1
 * means 1/10 (what the person typed) and not the binary double nearest to it.
 */
export function toScalar(n: number): Scalar {
  if (!Number.isFinite(n)) throw new RangeError(`toScalar: ${n} is not a finite number`);
  if (Number.isInteger(n) && n >= -1024 && n <= 1024) return SMALL_INTEGERS[n + 1024] as Fraction;
  if (Number.isSafeInteger(n)) return new Fraction(n);
  // fraction.js does not parse exponent notation ("1e-7"), so the decimal is decoded here.
  const m = DECIMAL.exec(String(n));
  if (m === null) throw new RangeError(`toScalar: cannot read ${n}`);
  const [, sign = '', intPart = '0', fracPart = '', expPart = '0'] = m;
  const exp = Number(expPart) - fracPart.length;
  let num = BigInt(intPart + fracPart);
  if (sign === '-') num = -num;
  if (exp >= 0) return new Fraction(num * 10n ** BigInt(exp), 1n);
  return new Fraction(num, 10n ** BigInt(-exp));
}

function bitLength(b: bigint): number {
  return b === 0n ? 0 : b.toString(2).length;
}

function fractionToNumber(f: Fraction): number {
  const { n, d } = f;
  const sign = f.s < 0n ? -1 : 1;
  // Both parts exact as doubles: one IEEE division, correctly rounded.
  if (n <= TWO_POW_53 && d <= TWO_POW_53) return (sign * Number(n)) / Number(d);
  // Huge parts would give Infinity/Infinity; take a 64-bit quotient and rescale instead.
  const shift = bitLength(n) - bitLength(d) - 64;
  const q = shift >= 0 ? n / (d << BigInt(shift)) : (n << BigInt(-shift)) / d;
  const half = Math.trunc(shift / 2);
  return sign * Number(q) * 2 ** half * 2 ** (shift - half);
}

export function toNumber(s: Scalar): number {
  return typeof s === 'number' ? s : fractionToNumber(s);
}

export function scalarToJson(s: Scalar): number {
  return toNumber(s);
}

/** The exact rational value of a finite double (every double is a dyadic rational). */
function floatToFraction(x: number): Fraction {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const rawExp = Number((bits >> 52n) & 0x7ffn);
  const frac52 = bits & 0xfffffffffffffn;
  const mantissa = rawExp === 0 ? frac52 : frac52 | (1n << 52n);
  const exp = (rawExp === 0 ? 1 : rawExp) - 1075;
  const num = negative ? -mantissa : mantissa;
  return exp >= 0 ? new Fraction(num << BigInt(exp), 1n) : new Fraction(num, 1n << BigInt(-exp));
}

export function add(a: Scalar, b: Scalar): Scalar {
  if (typeof a !== 'number' && typeof b !== 'number') return a.add(b);
  return toNumber(a) + toNumber(b);
}

export function sub(a: Scalar, b: Scalar): Scalar {
  if (typeof a !== 'number' && typeof b !== 'number') return a.sub(b);
  return toNumber(a) - toNumber(b);
}

export function mul(a: Scalar, b: Scalar): Scalar {
  if (typeof a !== 'number' && typeof b !== 'number') return a.mul(b);
  return toNumber(a) * toNumber(b);
}

/** Throws RangeError on a zero divisor (exact or float): a non-finite Scalar is never valid. */
export function div(a: Scalar, b: Scalar): Scalar {
  if (isZero(b)) throw new RangeError('div: division by zero');
  if (typeof a !== 'number' && typeof b !== 'number') return a.div(b);
  return toNumber(a) / toNumber(b);
}

export function neg(a: Scalar): Scalar {
  return typeof a === 'number' ? -a : a.neg();
}

export function abs(a: Scalar): Scalar {
  return typeof a === 'number' ? Math.abs(a) : a.abs();
}

export function isZero(a: Scalar): boolean {
  return typeof a === 'number' ? a === 0 : a.n === 0n;
}

function isqrt(n: bigint): bigint {
  // Math.sqrt is correctly rounded, so below 2^52 its floor is the exact integer root.
  if (n < 4503599627370496n) return BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton's iteration from above decreases monotonically to the floor root. A float first guess
  // would not do: it can lie below the root by millions (leaving a linear walk up) or overflow to
  // Infinity; a power of two just above the root is never below it and converges in a few steps.
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** Exact when a is the square of a rational (so sqrt(1) stays 1 and xhat stays exact). */
export function sqrtScalar(a: Scalar): Scalar {
  if (typeof a === 'number') {
    if (!(a >= 0)) throw new RangeError(`sqrtScalar: ${a} is negative or NaN`);
    return Math.sqrt(a);
  }
  if (a.s < 0n && a.n !== 0n) throw new RangeError(`sqrtScalar: ${formatScalar(a)} is negative`);
  const rn = isqrt(a.n);
  if (rn * rn === a.n) {
    const rd = isqrt(a.d);
    // a is in lowest terms, so the roots are coprime too and the Fraction needs no reduction.
    if (rd * rd === a.d) return new Fraction(rn, rd);
  }
  const root = Math.sqrt(fractionToNumber(a));
  if (root === Infinity) throw new RangeError(`sqrtScalar: ${formatScalar(a)} is too large for a float`);
  return root;
}

/** Logistic sigmoid: exact 1/2 at exact 0 (the exam's sigma(0)), otherwise a float. */
export function sigmoid(a: Scalar): Scalar {
  if (typeof a !== 'number' && a.n === 0n) return ONE_HALF;
  const x = toNumber(a);
  // exp of a large positive argument overflows; evaluate on the side where it underflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** Returns -1, 0 or 1. Exact against float compares the true values, not rounded ones. */
export function compareScalar(a: Scalar, b: Scalar): number {
  if (typeof a !== 'number' && typeof b !== 'number') return sign(a.compare(b));
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x) || Number.isNaN(y)) throw new RangeError('compareScalar: NaN has no order');
  if (typeof a === 'number' && typeof b === 'number') return x < y ? -1 : x > y ? 1 : 0;
  // The float side is exact as given; the exact side was rounded by at most a couple of ulps,
  // so a gap far above that is decisive and only near-ties need the exact comparison.
  const float = typeof a === 'number' ? a : (b as number);
  // An infinite float lies beyond every exact value, even one too large for a double.
  if (float === Infinity) return typeof a === 'number' ? 1 : -1;
  if (float === -Infinity) return typeof a === 'number' ? -1 : 1;
  if (Math.abs(x - y) > 1e-12 * Math.max(Math.abs(x), Math.abs(y))) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const fa = typeof a === 'number' ? floatToFraction(a) : a;
  const fb = typeof b === 'number' ? floatToFraction(b) : b;
  return sign(fa.compare(fb));
}

/**
 * Canonical text: "4", "-8", "1/6", "-1/3" for exact values; the shortest round-trip JS string
 * for floats ("0.7071067811865476"). An exact 1/6 never prints as a decimal.
 */
export function formatScalar(s: Scalar): string {
  if (typeof s === 'number') return s === 0 ? '0' : String(s);
  const sgn = s.s < 0n && s.n !== 0n ? '-' : '';
  return s.d === 1n ? `${sgn}${s.n}` : `${sgn}${s.n}/${s.d}`;
}
