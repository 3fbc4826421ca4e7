import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import { formatAnswerValue } from './format-answer-value.ts';
import { kindForPartType, type ParseOptions } from './kinds/index.ts';
import { BLANK } from './kinds/read-typed.ts';
import { AnswerSyntaxError, describeSyntaxError } from './parse-error.ts';

export { MAX_FREE_TEXT_LENGTH } from './kinds/text.ts';
export type { ParseOptions } from './kinds/index.ts';

export type ParseResult =
  { ok: true; value: AnswerValue; echo: string } | { ok: false; error: string; position?: number };

/** Reads what a student typed for a part of the given type. Never throws, whatever the input. */
export function parseAnswer(input: string, type: AnswerType, options: ParseOptions = {}): ParseResult {
  try {
    // Callers are typed, but a form field can still arrive as an array or undefined.
    if (typeof input !== 'string') return { ok: false, ...BLANK };
    const kind = kindForPartType(type);
    if (!kind) return { ok: false, error: 'Could not read the answer' };
    const read = kind.parse(input, type, options);
    if (!('kind' in read)) return { ok: false, ...read };
    return { ok: true, value: read, echo: formatAnswerValue(read) };
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
