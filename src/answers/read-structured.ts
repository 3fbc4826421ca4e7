import type { AnswerValue } from '../core/answer-value.ts';
import { compareScalar, type Scalar } from '../core/scalar.ts';
import { Cursor } from './cursor.ts';
import { parseSum } from './parse-expression.ts';
import { parseFiniteSet, parseIntervalSet } from './parse-interval-set.ts';
import { parseMatrix, parseVector } from './parse-list.ts';

/** The answer types read by the expression-based parsers (not choices, not free text). */
export type StructuredType = 'number' | 'vector' | 'matrix' | 'intervalSet' | 'finiteSet';

/** Reads the whole input as `type`; throws AnswerSyntaxError where it cannot. */
export function readStructured(input: string, type: StructuredType): AnswerValue {
  const c = new Cursor(input);
  const value = readValue(c, type);
  c.skipSpace();
  if (!c.atEnd()) throw c.unexpected();
  return value;
}

function readValue(c: Cursor, type: StructuredType): AnswerValue {
  switch (type) {
    case 'number':
      return { kind: 'number', value: parseSum(c) };
    case 'vector': {
      const v = parseVector(c);
      return isMatrix(v) ? { kind: 'matrix', rows: v } : { kind: 'vector', values: v };
    }
    case 'matrix':
      return { kind: 'matrix', rows: parseMatrix(c) };
    case 'intervalSet':
      return { kind: 'intervalSet', value: parseIntervalSet(c) };
    case 'finiteSet':
      return { kind: 'finiteSet', values: withoutRepeats(parseFiniteSet(c)) };
  }
}

function isMatrix(v: Scalar[] | Scalar[][]): v is Scalar[][] {
  return v.length > 0 && Array.isArray(v[0]);
}

/**
 * Drops later repeats, keeping the typed order (the grader sorts). Sorting a copy of the
 * indices keeps a long list at n log n comparisons instead of comparing every pair.
 */
function withoutRepeats(values: Scalar[]): Scalar[] {
  if (values.length < 2) return values;
  const order = values
    .map((_, i) => i)
    .sort((i, j) => compareScalar(values[i] as Scalar, values[j] as Scalar) || i - j);
  const repeat = new Uint8Array(values.length);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1] as number;
    const cur = order[k] as number;
    // Equal values sort by index, so the first typed of a run is kept.
    if (compareScalar(values[prev] as Scalar, values[cur] as Scalar) === 0) repeat[cur] = 1;
  }
  return values.filter((_, i) => repeat[i] === 0);
}
