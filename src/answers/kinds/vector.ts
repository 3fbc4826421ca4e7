import type { AnswerValue } from '../../core/answer-value.ts';
import { formatScalar, isZero, neg, toNumber, type Scalar } from '../../core/scalar.ts';
import { latexScalar } from '../../core/latex.ts';
import { scalarMatches, type Tolerance } from '../../core/tolerance.ts';
import { FULL, type AnswerKindSpec, type Comparison, type ValueOf } from './answer-kind.ts';
import { blankWeight, numericalBlank, qtiTextResponse } from './export-markup.ts';
import { scalarKey } from './number.ts';
import { readTyped } from './read-typed.ts';

export const scalarList = (values: readonly Scalar[]): string => values.map(formatScalar).join(', ');

/** A student's value as a vector: a vector, a lone number, or a one-row matrix. */
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

const formatVector = (v: ValueOf<'vector'>): string => `[${scalarList(v.values)}]`;

/** A list of numbers, [a, b, c]; partial credit per entry. A vector part also reads a matrix (graded against the vector). */
export const vectorKind = {
  kind: 'vector',
  partTypes: ['vector'],
  parse: (input, _type, options) => readTyped(input, 'vector', options),
  format: (v) => formatVector(v),
  compare: (student, reference, tolerance) => compareVector(vectorOf(student), reference.values, tolerance),
  latex: (v) => `\\left[${v.values.map(latexScalar).join(',\\ ')}\\right]`,
  // A batch in another order permutes the entries: a copied answer would only need reordering.
  identity: (v) => `[${v.values.map(scalarKey).sort().join(',')}]`,
  negate: (v) => (v.values.every(isZero) ? undefined : { kind: 'vector', values: v.values.map(neg) }),
  moodleCloze: (v, { part, points }) =>
    `( ${v.values.map((x) => numericalBlank(toNumber(x), blankWeight(points, v.values.length), part.tolerance)).join(' , ')} )`,
  qti: (v, { points, id }) => qtiTextResponse(id, formatVector(v), points),
} satisfies AnswerKindSpec<'vector'>;
