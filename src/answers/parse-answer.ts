import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import { compareScalar, type Scalar } from '../core/scalar.ts';
import { Cursor, MAX_INPUT_LENGTH } from './cursor.ts';
import { formatAnswerValue } from './format-answer-value.ts';
import { parseChoice } from './parse-choice.ts';
import { AnswerSyntaxError } from './parse-error.ts';
import { parseSum } from './parse-expression.ts';
import { parseFiniteSet, parseIntervalSet } from './parse-interval-set.ts';
import { parseMatrix, parseVector } from './parse-list.ts';

export type ParseResult = { ok: true; value: AnswerValue; echo: string } | { ok: false; error: string; position?: number };

export interface ParseOptions {
  /** Not enforced here: the grader explains a wrong shape. */
  shape?: [number, number] | [number];
  choiceIds?: string[];
}

export const MAX_FREE_TEXT_LENGTH = 5000;

/** Reads what a student typed for a part of the given type. Never throws. */
export function parseAnswer(input: string, type: AnswerType, options: ParseOptions = {}): ParseResult {
  try {
    if (typeof input !== 'string') return { ok: false, error: 'Please enter an answer' };
    if (type === 'freeText') {
      const text = input.trim();
      if (text === '') return { ok: false, error: 'Please enter an answer' };
      if (text.length > MAX_FREE_TEXT_LENGTH) return { ok: false, error: `The answer is longer than ${MAX_FREE_TEXT_LENGTH} characters` };
      return ok({ kind: 'text', text });
    }
    if (input.trim() === '') return { ok: false, error: 'Please enter an answer' };
    if (input.length > MAX_INPUT_LENGTH) return { ok: false, error: `The answer is longer than ${MAX_INPUT_LENGTH} characters` };
    if (type === 'choice' || type === 'multiChoice') {
      return ok({ kind: 'choice', ids: parseChoice(input, options.choiceIds ?? [], type === 'multiChoice') });
    }
    const c = new Cursor(input);
    const value = readStructured(c, type);
    c.skipSpace();
    if (!c.atEnd()) {
      if (type === 'number' && c.peek() === ',' && /^\s*-?\d+,\d+\s*$/.test(input)) throw c.error('use a decimal point, e.g. 0.5 rather than 0,5');
      throw c.error(type === 'number' && /[,;[\]{}]/.test(c.peek()) ? 'expected a single number' : 'unexpected character');
    }
    return ok(value);
  } catch (error) {
    if (error instanceof AnswerSyntaxError) return { ok: false, error: `Could not read the answer: ${error.message}`, position: error.position };
    if (error instanceof RangeError) return { ok: false, error: `Could not read the answer: ${error.message}` };
    // Anything else is our bug, but a student's input must never crash the page.
    return { ok: false, error: 'Could not read the answer' };
  }
}

/** A single scalar expression. */
export function parseExpression(input: string): ParseResult {
  return parseAnswer(input, 'number');
}

function readStructured(c: Cursor, type: Exclude<AnswerType, 'choice' | 'multiChoice' | 'freeText'>): AnswerValue {
  switch (type) {
    case 'number':
      c.skipSpace();
      if (c.peek() === '[' || c.peek() === '{') throw c.error('expected a single number, not a list');
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
      return { kind: 'finiteSet', values: dedupe(parseFiniteSet(c)) };
  }
}

function isMatrix(v: Scalar[] | Scalar[][]): v is Scalar[][] {
  return v.length > 0 && Array.isArray(v[0]);
}

function dedupe(values: Scalar[]): Scalar[] {
  const out: Scalar[] = [];
  for (const v of values) if (!out.some((o) => compareScalar(o, v) === 0)) out.push(v);
  return out;
}

function ok(value: AnswerValue): ParseResult {
  return { ok: true, value, echo: formatAnswerValue(value) };
}
