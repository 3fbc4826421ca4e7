import type { AnswerValue } from '../../core/answer-value.ts';
import { MAX_INPUT_LENGTH } from '../cursor.ts';
import { describeMismatch } from '../describe-mismatch.ts';
import { AnswerSyntaxError, describeSyntaxError } from '../parse-error.ts';
import { readStructured, type NumberNotation, type StructuredType } from '../read-structured.ts';
import type { ParseFailure } from './answer-kind.ts';

export const BLANK: ParseFailure = { error: 'Please enter an answer' };

/** Too long or blank: the checks every typed (not free-text) answer passes before it is read. */
export function typedInputProblem(input: string): ParseFailure | undefined {
  if (input.length > MAX_INPUT_LENGTH) return { error: `The answer is longer than ${MAX_INPUT_LENGTH} characters` };
  if (input.trim() === '') return BLANK;
  return undefined;
}

/**
 * Reads the whole input as a structured type. When it does not read, says "expected a number but
 * got an interval" if it reads cleanly as something else, else where reading stopped.
 */
export function readTyped(
  input: string,
  type: StructuredType,
  notation: NumberNotation = {},
): AnswerValue | ParseFailure {
  const problem = typedInputProblem(input);
  if (problem) return problem;
  try {
    return readStructured(input, type, notation);
  } catch (error) {
    if (!(error instanceof AnswerSyntaxError)) throw error;
    // A sentence error ("Row 2 has 3 entries…") already knows what the input was meant to be.
    const mismatch = error.sentence ? undefined : describeMismatch(input, type, notation);
    if (mismatch !== undefined) return { error: mismatch };
    return { error: describeSyntaxError(input, error), position: error.position };
  }
}
