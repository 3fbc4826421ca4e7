import type { AnswerValue } from '../core/answer-value.ts';
import type { IntervalSet } from '../core/interval-set.ts';
import type { Scalar } from '../core/scalar.ts';

// Short constructors so templates read like the answer key they encode.
export const numberValue = (value: Scalar): AnswerValue => ({ kind: 'number', value });
export const vectorValue = (values: Scalar[]): AnswerValue => ({ kind: 'vector', values });
export const matrixValue = (rows: Scalar[][]): AnswerValue => ({ kind: 'matrix', rows });
export const intervalSetValue = (value: IntervalSet): AnswerValue => ({ kind: 'intervalSet', value });
export const choiceValue = (ids: readonly string[]): AnswerValue => ({ kind: 'choice', ids: [...ids] });

export function asNumber(v: AnswerValue | undefined): Scalar | undefined {
  return v?.kind === 'number' ? v.value : undefined;
}

export function asVector(v: AnswerValue | undefined): Scalar[] | undefined {
  if (v?.kind === 'vector') return v.values;
  // A 1 x n or n x 1 matrix is a vector a student wrote with brackets around brackets.
  if (v?.kind === 'matrix') {
    if (v.rows.length === 1) return v.rows[0];
    if (v.rows.every((r) => r.length === 1)) return v.rows.map((r) => r[0] as Scalar);
  }
  return undefined;
}

export function asIntervalSet(v: AnswerValue | undefined): IntervalSet | undefined {
  return v?.kind === 'intervalSet' ? v.value : undefined;
}
