import type { AnswerValue } from '../core/answer-value.ts';
import { compareScalar, type Scalar } from '../core/scalar.ts';
import { Cursor } from './cursor.ts';
import { parseSum } from './parse-expression.ts';
import { parseFiniteSet, parseIntervalSet } from './parse-interval-set.ts';
import { parseMatrix, parseVector } from './parse-list.ts';

/** The answer types read by the expression-based parsers (not choices, not free text). */
export type StructuredType = 'number' | 'vector' | 'matrix' | 'intervalSet' | 'finiteSet';

export interface NumberNotation {
  /**
   * Czech notation: "1,75" is a decimal comma and ";" separates entries. A comma between two digits
   * is a decimal comma in a single number, and in a list, set or interval that contains a ";"
   * ("[1,5; -2]", "{0; 2,5}", "(0; 1,5]"); without a ";" it separates entries as in English, so
   * "[1,5]" and "{0,1/3}" keep their English reading. A decimal point is read in both notations.
   */
  decimalComma?: boolean;
}

/** Reads the whole input as `type`; throws AnswerSyntaxError where it cannot. */
export function readStructured(input: string, type: StructuredType, notation: NumberNotation = {}): AnswerValue {
  const c = new Cursor(input);
  c.decimalComma = notation.decimalComma === true && (type === 'number' || input.includes(';'));
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
      // "[1,5; -2]": in Czech notation ";" separates a vector's entries, not a column's rows.
      if (c.decimalComma && isMatrix(v) && v.every((row) => row.length === 1))
        return { kind: 'vector', values: v.map((row) => row[0] as Scalar) };
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
