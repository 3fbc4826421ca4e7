import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf } from './kinds/index.ts';

/** The canonical echo of a value: what "read as ..." shows and what an answer key prints. */
export function formatAnswerValue(v: AnswerValue): string {
  return kindOf(v).format(v);
}
