import type { Interval } from '../../core/interval-set.ts';
import { toNumber, type Scalar } from '../../core/scalar.ts';
import { latexIntervalSet } from '../../core/latex.ts';
import { scalarMatches, type Tolerance } from '../../core/tolerance.ts';
import { FULL, WRONG, type AnswerKindSpec, type Comparison } from './answer-kind.ts';
import { blankWeight, qtiTextResponse, shortAnswerBlank } from './export-markup.ts';
import { readTyped } from './read-typed.ts';
import { typedForms, typedFormsPattern } from './typed-forms.ts';

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

/** A union of intervals and points, "(-inf, 0) U {1/3} U (1/2, 1]"; the echo is canonical. */
export const intervalSetKind = {
  kind: 'intervalSet',
  partTypes: ['intervalSet'],
  parse: (input, _type, options) => readTyped(input, 'intervalSet', options),
  format: (v) => v.value.toString(),
  compare: (student, reference, tolerance) =>
    student.kind === 'intervalSet'
      ? compareIntervals(student.value.intervals, reference.value.intervals, tolerance)
      : WRONG,
  latex: (v) => latexIntervalSet(v.value),
  identity: (v) => v.value.toString(),
  // Text in the LMS: every spelling the tool accepts ("(0,2/15)", "]0, 2/15[", "(0, 0.133)"; in
  // Czech also "(0; 0,133)") is listed.
  moodleCloze: (v, { part, points }) =>
    shortAnswerBlank(typedForms(v.value, part.tolerance, part.notation), blankWeight(points, 1)),
  qti: (v, { part, points, id }) =>
    qtiTextResponse(id, v.value.toString(), points, typedFormsPattern(v.value, part.tolerance, part.notation)),
} satisfies AnswerKindSpec<'intervalSet'>;
