import type { IntervalSet } from './interval-set.ts';
import type { Scalar } from './scalar.ts';

/**
 * A value an answer can take, shared by the reference answers a template computes and what a
 * student's typed input parses to, so grading compares like with like.
 */
export type AnswerValue =
  | { kind: 'number'; value: Scalar }
  | { kind: 'vector'; values: Scalar[] }
  | { kind: 'matrix'; rows: Scalar[][] }
  | { kind: 'intervalSet'; value: IntervalSet }
  | { kind: 'finiteSet'; values: Scalar[] }
  | { kind: 'choice'; ids: string[] }
  | { kind: 'text'; text: string };

export type AnswerType =
  'number' | 'vector' | 'matrix' | 'intervalSet' | 'finiteSet' | 'choice' | 'multiChoice' | 'freeText';
