import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import { MAX_INPUT_LENGTH } from './cursor.ts';
import { describeMismatch } from './describe-mismatch.ts';
import { formatAnswerValue } from './format-answer-value.ts';
import { parseChoice } from './parse-choice.ts';
import { AnswerSyntaxError, describeSyntaxError } from './parse-error.ts';
import { readStructured, type StructuredType } from './read-structured.ts';

export type ParseResult =
  { ok: true; value: AnswerValue; echo: string } | { ok: false; error: string; position?: number };

export interface ParseOptions {
  /** Not enforced here: the grader, which knows the expected shape, explains a wrong one. */
  shape?: [rows: number, cols: number] | [length: number];
  /** The option ids of a choice or multiChoice part. */
  choiceIds?: string[];
}

export const MAX_FREE_TEXT_LENGTH = 5000;

const BLANK: ParseResult = { ok: false, error: 'Please enter an answer' };
// A lone "0,5" or "-1,25": a decimal comma, which a list would read as two numbers.
const DECIMAL_COMMA = /^\s*[-+−]?\d+,\d+\s*$/;

/** Reads what a student typed for a part of the given type. Never throws, whatever the input. */
export function parseAnswer(input: string, type: AnswerType, options: ParseOptions = {}): ParseResult {
  try {
    // Callers are typed, but a form field can still arrive as an array or undefined.
    if (typeof input !== 'string') return BLANK;
    if (type === 'freeText') {
      const text = input.trim();
      if (text === '') return BLANK;
      if (text.length > MAX_FREE_TEXT_LENGTH)
        return { ok: false, error: `The answer is longer than ${MAX_FREE_TEXT_LENGTH} characters` };
      return ok({ kind: 'text', text });
    }
    if (input.length > MAX_INPUT_LENGTH)
      return { ok: false, error: `The answer is longer than ${MAX_INPUT_LENGTH} characters` };
    if (input.trim() === '') return BLANK;
    if (type === 'choice' || type === 'multiChoice') {
      return ok({ kind: 'choice', ids: parseChoice(input, options.choiceIds ?? [], type === 'multiChoice') });
    }
    return readOrExplain(input, type);
  } catch (error) {
    if (error instanceof AnswerSyntaxError)
      return { ok: false, error: describeSyntaxError(input, error), position: error.position };
    // Anything else is our bug, but a student's input must never crash the page.
    return { ok: false, error: 'Could not read the answer' };
  }
}

/** A single scalar expression ("sqrt(2)/2", "-8*-2"). */
export function parseExpression(input: string): ParseResult {
  return parseAnswer(input, 'number');
}

function readOrExplain(input: string, type: StructuredType): ParseResult {
  try {
    return ok(readStructured(input, type));
  } catch (error) {
    if (!(error instanceof AnswerSyntaxError)) throw error;
    if (type === 'number' && DECIMAL_COMMA.test(input)) {
      const typed = input.trim();
      return {
        ok: false,
        error: `Use a decimal point: write ${typed.replace(',', '.')}, not ${typed} (a comma separates entries)`,
        position: input.indexOf(','),
      };
    }
    // A sentence error ("Row 2 has 3 entries…") already knows what the input was meant to be.
    const mismatch = error.sentence ? undefined : describeMismatch(input, type);
    if (mismatch !== undefined) return { ok: false, error: mismatch };
    return { ok: false, error: describeSyntaxError(input, error), position: error.position };
  }
}

function ok(value: AnswerValue): ParseResult {
  return { ok: true, value, echo: formatAnswerValue(value) };
}
