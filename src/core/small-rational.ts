/**
 * Exact rationals whose numerator and denominator are safe integers, computed in doubles.
 *
 * Why: fraction.js allocates about fifteen BigInts per operation even for 1/3 + 1/6, so a solver
 * on the exam's small rationals runs several times faster on plain numbers. Doubles are exact for
 * integers up to MAX_SAFE_INTEGER and rounding is monotonic, so a product or sum whose double is
 * within that bound was computed exactly, and one whose true value exceeds it has a double beyond
 * it too: checking the bound after each step proves the result exact. When the check fails the
 * value is outside this type and the caller redoes the work with Scalars, so a result never
 * depends on which path computed it (exact values are unique in lowest terms).
 */
import Fraction from 'fraction.js';
import type { Scalar } from './scalar.ts';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Read once: under the tsx loader every use of an imported binding is a getter call.
const FRACTION_PROTOTYPE: Fraction = Fraction.prototype;
/** Exam parts are mostly small, and BigInt(n) costs more than building the rest of a Fraction. */
const SMALL_PARTS: readonly bigint[] = Array.from({ length: 1025 }, (_, i) => BigInt(i));

function bigPart(n: number): bigint {
  return n < SMALL_PARTS.length ? (SMALL_PARTS[n] as bigint) : BigInt(n);
}

/**
 * Thrown when a result would have a part beyond MAX_SAFE_INTEGER, which only huge typed-in values
 * reach. One shared instance is thrown: a stack trace per throw would cost more than the
 * arithmetic the fast path saves, and the instance carries no detail that could differ.
 */
export class OutsideSmallRationals extends Error {
  constructor() {
    super('value is not a rational with safe-integer parts');
    this.name = 'OutsideSmallRationals';
  }
}
const OUTSIDE = new OutsideSmallRationals();

function gcdOf(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** Immutable; always in lowest terms with den > 0, so equal values have equal parts. */
export class SmallRational {
  private constructor(
    readonly num: number,
    readonly den: number,
  ) {}

  static int(n: number): SmallRational {
    if (!Number.isSafeInteger(n)) throw OUTSIDE;
    return new SmallRational(n === 0 ? 0 : n, 1);
  }

  /** Undefined for floats and for Fractions with a part beyond MAX_SAFE_INTEGER. */
  static fromScalar(s: Scalar): SmallRational | undefined {
    if (typeof s === 'number') return undefined;
    // A BigInt beyond 2^53 converts to a double beyond MAX_SAFE (rounding is monotonic).
    const n = Number(s.n);
    const d = Number(s.d);
    if (n > MAX_SAFE || d > MAX_SAFE) return undefined;
    return new SmallRational(s.s < 0n && n !== 0 ? -n : n, d);
  }

  /** num/den reduced; the parts are doubles that may have lost exactness, which is checked here. */
  private static reduce(num: number, den: number): SmallRational {
    if (!(Math.abs(num) <= MAX_SAFE && den <= MAX_SAFE)) throw OUTSIDE;
    if (num === 0) return new SmallRational(0, 1);
    const g = gcdOf(Math.abs(num), den);
    return new SmallRational(num / g, den / g);
  }

  add(b: SmallRational): SmallRational {
    if (this.den === b.den) return SmallRational.reduce(this.num + b.num, this.den);
    const left = this.num * b.den;
    const right = b.num * this.den;
    if (!(Math.abs(left) <= MAX_SAFE && Math.abs(right) <= MAX_SAFE)) throw OUTSIDE;
    return SmallRational.reduce(left + right, this.den * b.den);
  }

  sub(b: SmallRational): SmallRational {
    if (this.den === b.den) return SmallRational.reduce(this.num - b.num, this.den);
    const left = this.num * b.den;
    const right = b.num * this.den;
    if (!(Math.abs(left) <= MAX_SAFE && Math.abs(right) <= MAX_SAFE)) throw OUTSIDE;
    return SmallRational.reduce(left - right, this.den * b.den);
  }

  mul(b: SmallRational): SmallRational {
    return SmallRational.reduce(this.num * b.num, this.den * b.den);
  }

  div(b: SmallRational): SmallRational {
    if (b.num === 0) throw new RangeError('div: division by zero');
    return b.num < 0
      ? SmallRational.reduce(-this.num * b.den, this.den * -b.num)
      : SmallRational.reduce(this.num * b.den, this.den * b.num);
  }

  neg(): SmallRational {
    return this.num === 0 ? this : new SmallRational(-this.num, this.den);
  }

  isZero(): boolean {
    return this.num === 0;
  }

  isNegative(): boolean {
    return this.num < 0;
  }

  /** The exact root of a rational square; undefined when the root is irrational. */
  sqrt(): SmallRational | undefined {
    if (this.num < 0) return undefined;
    const rn = exactRoot(this.num);
    const rd = exactRoot(this.den);
    // Lowest terms in, coprime roots out: no reduction needed.
    return rn === undefined || rd === undefined ? undefined : new SmallRational(rn, rd);
  }

  /** The same Fraction fraction.js would give for this value. */
  toScalar(): Scalar {
    const { num, den } = this;
    return fractionFromParts(num < 0 ? -1n : 1n, bigPart(num < 0 ? -num : num), bigPart(den));
  }
}

/**
 * A Fraction from parts already in lowest terms: `new Fraction(n, d)` would run Euclid's algorithm
 * in BigInt again, costing more than the arithmetic that produced them. Laid out as fraction.js
 * lays out its own results (fields s, n, d in that order; s = 1n or -1n; zero has s = 1n), so the
 * two are indistinguishable to its methods, to deep equality and to serialisation.
 */
function fractionFromParts(s: bigint, n: bigint, d: bigint): Fraction {
  const f = Object.create(FRACTION_PROTOTYPE) as Fraction;
  f.s = s;
  f.n = n;
  f.d = d;
  return f;
}

function exactRoot(n: number): number | undefined {
  // Math.sqrt is correctly rounded: a perfect square gives its exact root, and any rounding of a
  // non-square's root shows up as root * root !== n (both sides are exact below 2^53).
  const r = Math.round(Math.sqrt(n));
  return r * r === n ? r : undefined;
}
