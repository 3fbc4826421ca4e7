import type { AnswerType } from '../core/answer-value.ts';
import { parseAnswer, type ParseResult } from './index.ts';

const LETTERS = ['a', 'b', 'c'];

function run(input: string, type: AnswerType): ParseResult {
  return parseAnswer(input, type, type === 'choice' || type === 'multiChoice' ? { choiceIds: LETTERS } : {});
}

/** The echo of an input that must parse (choices are against options a, b, c). */
export function echo(input: string, type: AnswerType): string {
  const r = run(input, type);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse as ${type}, got: ${r.error}`);
  return r.echo;
}

/** The failure of an input that must not parse. */
export function failure(input: string, type: AnswerType): { error: string; position?: number } {
  const r = run(input, type);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to fail as ${type}, read as ${r.echo}`);
  return r;
}

export function error(input: string, type: AnswerType): string {
  return failure(input, type).error;
}
