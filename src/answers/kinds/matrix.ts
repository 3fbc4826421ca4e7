import type { AnswerValue } from '../../core/answer-value.ts';
import { isZero, neg, toNumber, type Scalar } from '../../core/scalar.ts';
import { latexMatrix } from '../../core/latex.ts';
import { scalarMatches, type Tolerance } from '../../core/tolerance.ts';
import { FULL, type AnswerKindSpec, type Comparison, type ValueOf } from './answer-kind.ts';
import { blankWeight, numericalBlank, qtiTextResponse } from './export-markup.ts';
import { scalarKey } from './number.ts';
import { readTyped } from './read-typed.ts';
import { scalarList } from './vector.ts';

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

function transpose(rows: Scalar[][]): Scalar[][] {
  const cols = rows[0]?.length ?? 0;
  return Array.from({ length: cols }, (_, j) => rows.map((r) => r[j] as Scalar));
}

const formatMatrix = (v: ValueOf<'matrix'>): string => `[${v.rows.map((r) => `[${scalarList(r)}]`).join(', ')}]`;

/** Rows of numbers, [[a, b], [c, d]]; partial credit per entry. */
export const matrixKind = {
  kind: 'matrix',
  partTypes: ['matrix'],
  parse: (input, _type, options) => readTyped(input, 'matrix', options),
  format: (v) => formatMatrix(v),
  compare: (student, reference, tolerance) => compareMatrix(student, reference.rows, tolerance),
  latex: (v) => latexMatrix(v.rows),
  // Rows as a multiset: a batch in another order permutes the Jacobian's rows.
  identity: (v) =>
    `[${v.rows
      .map((r) => `[${r.map(scalarKey).join(',')}]`)
      .sort()
      .join(',')}]`,
  negate: (v) =>
    v.rows.every((r) => r.every(isZero)) ? undefined : { kind: 'matrix', rows: v.rows.map((r) => r.map(neg)) },
  transpose: (v) => ({ kind: 'matrix', rows: transpose(v.rows) }),
  moodleCloze: (v, { part, points }) => {
    const w = blankWeight(points, v.rows.flat().length);
    return `<table>${v.rows.map((r) => `<tr>${r.map((x) => `<td>${numericalBlank(toNumber(x), w, part.tolerance)}</td>`).join('')}</tr>`).join('')}</table>`;
  },
  qti: (v, { points, id }) => qtiTextResponse(id, formatMatrix(v), points),
} satisfies AnswerKindSpec<'matrix'>;
