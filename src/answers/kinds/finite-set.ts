import { IntervalSet } from '../../core/interval-set.ts';
import { compareScalar, type Scalar } from '../../core/scalar.ts';
import { latexScalar } from '../../core/latex.ts';
import { scalarMatches, type Tolerance } from '../../core/tolerance.ts';
import { FULL, WRONG, type AnswerKindSpec, type Comparison } from './answer-kind.ts';
import { blankWeight, qtiTextResponse, shortAnswerBlank } from './export-markup.ts';
import { scalarKey } from './number.ts';
import { readTyped } from './read-typed.ts';
import { scalarList } from './vector.ts';
import { typedForms, typedFormsPattern } from './typed-forms.ts';

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

const sorted = (values: readonly Scalar[]): Scalar[] => [...values].sort(compareScalar);

/** A set of numbers, {a, b}, in any order. */
export const finiteSetKind = {
  kind: 'finiteSet',
  partTypes: ['finiteSet'],
  parse: (input, _type, options) => readTyped(input, 'finiteSet', options),
  format: (v) => `{${scalarList(sorted(v.values))}}`,
  compare: (student, reference, tolerance) =>
    student.kind === 'finiteSet' ? compareFiniteSets(student.values, reference.values, tolerance) : WRONG,
  latex: (v) => `\\{${sorted(v.values).map(latexScalar).join(',\\ ')}\\}`,
  identity: (v) => `[${v.values.map(scalarKey).sort().join(',')}]`,
  moodleCloze: (v, { part, points }) =>
    shortAnswerBlank(typedForms(IntervalSet.points(v.values), part.tolerance, part.notation), blankWeight(points, 1)),
  qti: (v, { part, points, id }) =>
    qtiTextResponse(
      id,
      `{${scalarList(sorted(v.values))}}`,
      points,
      typedFormsPattern(IntervalSet.points(v.values), part.tolerance, part.notation),
    ),
} satisfies AnswerKindSpec<'finiteSet'>;
