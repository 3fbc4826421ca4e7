import type { AnswerValue } from '../core/answer-value.ts';
import type { Interval } from '../core/interval-set.ts';
import { toNumber, type Scalar } from '../core/scalar.ts';
import type { Tolerance } from '../engine/template.ts';
import { scalarMatches } from './compare-scalar.ts';

/** Why a value did not match, when it is something the student can act on. */
export type Mismatch =
  | { kind: 'shape'; expected: string; got: string }
  | { kind: 'ends' }
  | { kind: 'count'; expected: number; got: number }
  | { kind: 'value' };

export interface Comparison {
  /** 0..1; partial credit for element-wise values of the right shape. */
  score: number;
  mismatch?: Mismatch;
}

const FULL: Comparison = { score: 1 };
const WRONG: Comparison = { score: 0, mismatch: { kind: 'value' } };

export function compareValues(student: AnswerValue, reference: AnswerValue, tolerance: Tolerance): Comparison {
  switch (reference.kind) {
    case 'number':
      return student.kind === 'number' && scalarMatches(student.value, reference.value, tolerance) ? FULL : WRONG;
    case 'vector':
      return compareVector(vectorOf(student), reference.values, tolerance);
    case 'matrix':
      return compareMatrix(student, reference.rows, tolerance);
    case 'intervalSet':
      return student.kind === 'intervalSet'
        ? compareIntervals(student.value.intervals, reference.value.intervals, tolerance)
        : WRONG;
    case 'finiteSet':
      return student.kind === 'finiteSet' ? compareFiniteSets(student.values, reference.values, tolerance) : WRONG;
    case 'choice':
      return student.kind === 'choice' && sameIds(student.ids, reference.ids) ? FULL : WRONG;
    case 'text':
      return WRONG;
  }
}

function vectorOf(v: AnswerValue): Scalar[] | undefined {
  if (v.kind === 'vector') return v.values;
  if (v.kind === 'number') return [v.value];
  if (v.kind === 'matrix' && v.rows.length === 1) return v.rows[0];
  return undefined;
}

function compareVector(student: Scalar[] | undefined, reference: Scalar[], tolerance: Tolerance): Comparison {
  if (!student) return { score: 0, mismatch: { kind: 'shape', expected: `${reference.length}`, got: 'not a vector' } };
  if (student.length !== reference.length) {
    return { score: 0, mismatch: { kind: 'shape', expected: `${reference.length}`, got: `${student.length}` } };
  }
  let right = 0;
  for (let i = 0; i < reference.length; i++)
    if (scalarMatches(student[i] as Scalar, reference[i] as Scalar, tolerance)) right++;
  return right === reference.length ? FULL : { score: right / reference.length, mismatch: { kind: 'value' } };
}

function compareMatrix(student: AnswerValue, reference: Scalar[][], tolerance: Tolerance): Comparison {
  const rows = reference.length;
  const cols = reference[0]?.length ?? 0;
  const expected = `${rows} x ${cols}`;
  if (student.kind !== 'matrix') return { score: 0, mismatch: { kind: 'shape', expected, got: 'not a matrix' } };
  const got = `${student.rows.length} x ${student.rows[0]?.length ?? 0}`;
  if (student.rows.length !== rows || student.rows.some((r) => r.length !== cols)) {
    return { score: 0, mismatch: { kind: 'shape', expected, got } };
  }
  let right = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (scalarMatches(student.rows[i]?.[j] as Scalar, reference[i]?.[j] as Scalar, tolerance)) right++;
    }
  }
  const total = rows * cols;
  return right === total ? FULL : { score: right / total, mismatch: { kind: 'value' } };
}

function endMatches(s: Scalar, r: Scalar, tolerance: Tolerance): boolean {
  const rv = toNumber(r);
  if (!Number.isFinite(rv)) return toNumber(s) === rv;
  return scalarMatches(s, r, tolerance);
}

/** Interval sets by structure: same pieces, tolerant endpoints, exact open/closed ends. */
function compareIntervals(
  student: readonly Interval[],
  reference: readonly Interval[],
  tolerance: Tolerance,
): Comparison {
  if (student.length !== reference.length)
    return { score: 0, mismatch: { kind: 'count', expected: reference.length, got: student.length } };
  let endsDiffer = false;
  for (let i = 0; i < reference.length; i++) {
    const s = student[i] as Interval;
    const r = reference[i] as Interval;
    if (!endMatches(s.lo, r.lo, tolerance) || !endMatches(s.hi, r.hi, tolerance)) return WRONG;
    if (s.loClosed !== r.loClosed || s.hiClosed !== r.hiClosed) endsDiffer = true;
  }
  return endsDiffer ? { score: 0, mismatch: { kind: 'ends' } } : FULL;
}

/** Finite sets are order-free: every reference element must be matched by a distinct student one. */
function compareFiniteSets(student: Scalar[], reference: Scalar[], tolerance: Tolerance): Comparison {
  if (student.length !== reference.length)
    return { score: 0, mismatch: { kind: 'count', expected: reference.length, got: student.length } };
  const used = new Array<boolean>(student.length).fill(false);
  for (const r of reference) {
    const k = student.findIndex((s, i) => !used[i] && scalarMatches(s, r, tolerance));
    if (k < 0) return WRONG;
    used[k] = true;
  }
  return FULL;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}
