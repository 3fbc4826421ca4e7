/**
 * Unions of intervals and points on the extended real line, kept in one canonical form so that
 * two sets are equal exactly when their pieces are, and so that printing is deterministic (the
 * printed form is compared as a string by the grader and other tools).
 */
import { compareScalar, formatScalar } from './scalar.ts';
import type { Scalar } from './scalar.ts';

/**
 * An interval end: any Scalar, where the float form may also be +-Infinity. (TypeScript has no
 * literal type for Infinity, so this is Scalar itself; the name documents the intent.)
 */
export type Bound = Scalar;

/** lo <= hi; a point is lo == hi with both ends closed; infinite ends are always open. */
export interface Interval {
  readonly lo: Bound;
  readonly hi: Bound;
  readonly loClosed: boolean;
  readonly hiClosed: boolean;
}

function isInfinite(b: Bound): boolean {
  return typeof b === 'number' && !Number.isFinite(b);
}

function isPoint(iv: Interval): boolean {
  return iv.loClosed && iv.hiClosed && compareScalar(iv.lo, iv.hi) === 0;
}

function isNonEmpty(lo: Bound, hi: Bound, loClosed: boolean, hiClosed: boolean): boolean {
  const c = compareScalar(lo, hi);
  return c < 0 || (c === 0 && loClosed && hiClosed);
}

function checkBound(b: Bound, what: string): void {
  if (typeof b === 'number' && Number.isNaN(b)) throw new RangeError(`IntervalSet: ${what} is NaN`);
}

/** Sort, merge overlapping or touching pieces, drop empty ones. */
function normalize(pieces: Interval[]): Interval[] {
  const live = pieces.filter((p) => isNonEmpty(p.lo, p.hi, p.loClosed, p.hiClosed));
  // At equal lo the closed piece goes first, so the merged piece inherits the closed end.
  live.sort((p, q) => compareScalar(p.lo, q.lo) || (p.loClosed === q.loClosed ? 0 : p.loClosed ? -1 : 1));
  const out: Interval[] = [];
  let cur: Interval | undefined;
  for (const p of live) {
    if (cur === undefined) {
      cur = p;
      continue;
    }
    const gap = compareScalar(p.lo, cur.hi);
    if (gap < 0 || (gap === 0 && (cur.hiClosed || p.loClosed))) {
      const c = compareScalar(p.hi, cur.hi);
      if (c > 0) cur = { lo: cur.lo, loClosed: cur.loClosed, hi: p.hi, hiClosed: p.hiClosed };
      else if (c === 0 && p.hiClosed && !cur.hiClosed) cur = { ...cur, hiClosed: true };
    } else {
      out.push(cur);
      cur = p;
    }
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

function formatBound(b: Bound): string {
  if (typeof b === 'number' && !Number.isFinite(b)) return b > 0 ? 'inf' : '-inf';
  return formatScalar(b);
}

export class IntervalSet {
  readonly intervals: readonly Interval[];

  /** Takes pieces that are already canonical; use the static constructors from outside. */
  private constructor(intervals: readonly Interval[]) {
    this.intervals = Object.freeze(intervals.map((iv) => Object.freeze(iv)));
  }

  private static readonly EMPTY = new IntervalSet([]);
  private static readonly REAL = new IntervalSet([{ lo: -Infinity, hi: Infinity, loClosed: false, hiClosed: false }]);

  static empty(): IntervalSet {
    return IntervalSet.EMPTY;
  }

  /** The whole real line (-inf, inf). */
  static real(): IntervalSet {
    return IntervalSet.REAL;
  }

  /** Validates: lo > hi and a closed infinite end are RangeErrors; (a, a) is the empty set. */
  static interval(lo: Scalar, hi: Scalar, loClosed: boolean, hiClosed: boolean): IntervalSet {
    checkBound(lo, 'lo');
    checkBound(hi, 'hi');
    if (loClosed && isInfinite(lo)) throw new RangeError('IntervalSet: an infinite end cannot be closed');
    if (hiClosed && isInfinite(hi)) throw new RangeError('IntervalSet: an infinite end cannot be closed');
    if (compareScalar(lo, hi) > 0) {
      throw new RangeError(`IntervalSet: lo ${formatBound(lo)} is greater than hi ${formatBound(hi)}`);
    }
    if (!isNonEmpty(lo, hi, loClosed, hiClosed)) return IntervalSet.EMPTY;
    return new IntervalSet([{ lo, hi, loClosed, hiClosed }]);
  }

  static point(v: Scalar): IntervalSet {
    if (isInfinite(v) || (typeof v === 'number' && Number.isNaN(v))) {
      throw new RangeError(`IntervalSet: a point must be finite, got ${String(v)}`);
    }
    return new IntervalSet([{ lo: v, hi: v, loClosed: true, hiClosed: true }]);
  }

  static points(vs: readonly Scalar[]): IntervalSet {
    return IntervalSet.union(vs.map((v) => IntervalSet.point(v)));
  }

  /** Any pieces, in any order, overlapping or not; validated like interval(). */
  static fromIntervals(pieces: readonly Interval[]): IntervalSet {
    return IntervalSet.union(pieces.map((p) => IntervalSet.interval(p.lo, p.hi, p.loClosed, p.hiClosed)));
  }

  static union(sets: readonly IntervalSet[]): IntervalSet {
    const all: Interval[] = [];
    for (const s of sets) all.push(...s.intervals);
    return new IntervalSet(normalize(all));
  }

  union(other: IntervalSet): IntervalSet {
    return IntervalSet.union([this, other]);
  }

  intersect(other: IntervalSet): IntervalSet {
    const out: Interval[] = [];
    // Both lists are sorted and disjoint: a merge walk visits each overlapping pair once.
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = other.intervals;
    while (i < a.length && j < b.length) {
      const p = a[i] as Interval;
      const q = b[j] as Interval;
      const cl = compareScalar(p.lo, q.lo);
      const lo = cl >= 0 ? p.lo : q.lo;
      const loClosed = cl > 0 ? p.loClosed : cl < 0 ? q.loClosed : p.loClosed && q.loClosed;
      const ch = compareScalar(p.hi, q.hi);
      const hi = ch <= 0 ? p.hi : q.hi;
      const hiClosed = ch < 0 ? p.hiClosed : ch > 0 ? q.hiClosed : p.hiClosed && q.hiClosed;
      if (isNonEmpty(lo, hi, loClosed, hiClosed)) out.push({ lo, hi, loClosed, hiClosed });
      // Advance whichever piece ends first; it cannot meet anything further on the other side.
      if (ch <= 0) i++;
      else j++;
    }
    return new IntervalSet(normalize(out));
  }

  complement(): IntervalSet {
    const out: Interval[] = [];
    let lo: Bound = -Infinity;
    let loClosed = false;
    for (const p of this.intervals) {
      if (isNonEmpty(lo, p.lo, loClosed, !p.loClosed)) out.push({ lo, hi: p.lo, loClosed, hiClosed: !p.loClosed });
      lo = p.hi;
      loClosed = !p.hiClosed;
    }
    if (isNonEmpty(lo, Infinity, loClosed, false)) out.push({ lo, hi: Infinity, loClosed, hiClosed: false });
    return new IntervalSet(out);
  }

  contains(x: Scalar): boolean {
    if (typeof x === 'number' && Number.isNaN(x)) return false;
    for (const p of this.intervals) {
      const cl = compareScalar(x, p.lo);
      if (cl < 0) return false; // pieces are sorted: nothing further can contain x
      if (cl === 0 && !p.loClosed) continue;
      const ch = compareScalar(x, p.hi);
      if (ch < 0 || (ch === 0 && p.hiClosed)) return true;
    }
    return false;
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** True when every piece is a single point; the empty set counts (it has zero points). */
  isFinitePointSet(): boolean {
    return this.intervals.every(isPoint);
  }

  /** The points of a finite point set in increasing order; RangeError if it has an interval. */
  pointValues(): Scalar[] {
    if (!this.isFinitePointSet()) throw new RangeError(`IntervalSet: ${this.toString()} is not a finite point set`);
    return this.intervals.map((p) => p.lo);
  }

  /** Equality of the canonical pieces by value (exact 1 equals float 1; exact 1/3 never equals 0.333...). */
  equals(other: IntervalSet): boolean {
    if (this.intervals.length !== other.intervals.length) return false;
    return this.intervals.every((p, k) => {
      const q = other.intervals[k] as Interval;
      return (
        p.loClosed === q.loClosed &&
        p.hiClosed === q.hiClosed &&
        compareScalar(p.lo, q.lo) === 0 &&
        compareScalar(p.hi, q.hi) === 0
      );
    });
  }

  /**
   * Canonical text: pieces in increasing order joined by " U "; runs of isolated points become
   * one set "{0, 1/3}"; intervals "(0, 1/3)", "[0, 1/3]", "(-inf, 0)"; the empty set "{}".
   */
  toString(): string {
    if (this.intervals.length === 0) return '{}';
    const parts: string[] = [];
    let run: string[] = [];
    for (const p of this.intervals) {
      if (isPoint(p)) {
        run.push(formatBound(p.lo));
        continue;
      }
      if (run.length > 0) parts.push(`{${run.join(', ')}}`);
      run = [];
      parts.push(`${p.loClosed ? '[' : '('}${formatBound(p.lo)}, ${formatBound(p.hi)}${p.hiClosed ? ']' : ')'}`);
    }
    if (run.length > 0) parts.push(`{${run.join(', ')}}`);
    return parts.join(' U ');
  }
}
