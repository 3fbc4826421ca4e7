import type { AnswerValue } from '../core/answer-value.ts';
import { readStructured, type NumberNotation, type StructuredType } from './read-structured.ts';

/** What an input that failed to read as the wanted type looks like, in the student's words. */
type Shape = 'number' | 'list' | 'pair' | 'vector' | 'matrix' | 'interval' | 'set';

const SHAPE_NOUN: Record<Shape, string> = {
  number: 'a number',
  list: 'a list of numbers',
  pair: 'a vector',
  vector: 'a vector',
  matrix: 'a matrix',
  interval: 'an interval',
  set: 'a set',
};

const TYPE_NOUN: Record<StructuredType, string> = {
  number: 'a number',
  vector: 'a vector',
  matrix: 'a matrix',
  intervalSet: 'an interval or a set',
  finiteSet: 'a set of numbers',
};

/** Shapes a type's own parser already accepts: saying "expected a vector but got a vector" helps nobody. */
const ACCEPTS: Record<StructuredType, readonly Shape[]> = {
  number: ['number'],
  vector: ['list', 'pair', 'vector', 'matrix'],
  matrix: ['list', 'pair', 'vector', 'matrix'],
  intervalSet: ['number', 'interval', 'set'],
  finiteSet: ['list', 'set', 'number'],
};

/**
 * "Expected a number but got an interval", when the input reads cleanly as something else; else
 * undefined, and the syntax error of the wanted type is the better message. Runs only after a
 * failure, so trying the other parsers costs nothing on the hot path.
 */
export function describeMismatch(
  input: string,
  type: StructuredType,
  notation: NumberNotation = {},
): string | undefined {
  const shape = shapeOf(input, notation);
  if (shape === undefined || ACCEPTS[type].includes(shape)) return undefined;
  // "(0 1)" or "[0 1 )" for an interval is a malformed interval, not a vector: its own error
  // ("expected \",\" between the two ends") says more.
  if (type === 'intervalSet' && shape === 'pair') return undefined;
  const hint = type === 'intervalSet' && shape === 'list' ? ': write (a, b) for an interval or {a, b} for a set' : '';
  return `Expected ${TYPE_NOUN[type]} but got ${SHAPE_NOUN[shape]}${hint}`;
}

function shapeOf(input: string, notation: NumberNotation): Shape | undefined {
  if (tryRead(input, 'number', notation) !== undefined) return 'number';
  const first = input.trimStart()[0] ?? '';
  if (first === '{' || first === '∅') return tryRead(input, 'finiteSet', notation) !== undefined ? 'set' : undefined;
  const vector = tryRead(input, 'vector', notation);
  if (vector?.kind === 'matrix') return vector.rows.length > 1 ? 'matrix' : 'vector';
  if (vector?.kind === 'vector') {
    // "(0, 1/3)" is both; in this course a pair in round brackets is most often an interval.
    if (first === '(' && vector.values.length === 2 && tryRead(input, 'intervalSet', notation) !== undefined)
      return 'interval';
    if (first !== '[' && first !== '(') return 'list';
    return vector.values.length === 2 ? 'pair' : 'vector';
  }
  return tryRead(input, 'intervalSet', notation) !== undefined ? 'interval' : undefined;
}

function tryRead(input: string, type: StructuredType, notation: NumberNotation): AnswerValue | undefined {
  try {
    return readStructured(input, type, notation);
  } catch {
    return undefined;
  }
}
