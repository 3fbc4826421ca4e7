import type { z } from 'zod';
import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import type { Rng } from './rng.ts';

export type Lang = 'en' | 'cs';
export const LANGS: readonly Lang[] = ['en', 'cs'];
export type Localized = Record<Lang, string>;

// A part's tolerance is part of the template contract; what it means lives in core.
export { DEFAULT_TOLERANCE, type Tolerance } from '../core/tolerance.ts';
import type { Tolerance } from '../core/tolerance.ts';

export interface ChoiceOption {
  /** Stable id, independent of the shuffled display order. */
  id: string;
  label: Localized;
}

/** A recognised wrong answer: if the student's value matches it, they get this feedback. */
export interface KnownMistake {
  id: string;
  value: AnswerValue;
  feedback: Localized;
}

/** Values a student gave for earlier parts, as parsed (absent when unreadable or blank). */
export type StudentValues = Readonly<Record<string, AnswerValue | undefined>>;

export interface PartSpec<P, A> {
  key: string;
  type: AnswerType;
  points: number;
  prompt: Localized;
  tolerance?: Tolerance;
  /** Auto-graded parts: the reference value. Free-text parts have none (manual grading). */
  reference?: (answers: A, params: P) => AnswerValue;
  /** Choice parts: options in authoring order (shuffled per variant) and the correct ids. */
  options?: readonly ChoiceOption[];
  correctOptions?: readonly string[];
  /**
   * Follow-through: the value this part would have if the student's own earlier answers were
   * right, so one early slip is not punished twice. Undefined when those answers are missing.
   */
  followThrough?: { from: readonly string[]; value: (student: StudentValues, params: P) => AnswerValue | undefined };
  mistakes?: (answers: A, params: P) => KnownMistake[];
  /** Free text that the instructor grades by hand; never counted by the auto-grader. */
  manual?: boolean;
  optional?: boolean;
}

export interface Constraint<P, A> {
  id: string;
  /** Why the constraint exists, shown when re-rolling gives up. */
  rule: string;
  /** 'examFriendly' constraints apply only when hand-solvable numbers are requested. */
  scope: 'always' | 'examFriendly';
  /**
   * The params alone decide: checked before solving, so a draw the solver cannot answer (all
   * batch values equal with eps = 0) is re-drawn instead of throwing.
   */
  paramsOnly?: boolean;
  check: (params: P, answers: A) => boolean;
}

export interface GenerateOptions {
  examFriendly: boolean;
}

/** A worked solution: one step a line, text with $...$ LaTeX. */
export type WorkedSolution = string[];

export interface Template<P, A> {
  id: string;
  /** Bump whenever a change alters generated params, answers or parts for an existing seed. */
  version: number;
  title: Localized;
  /** Validates params given by people (CLI, instructor preview); messages name the field and rule. */
  paramsSchema: z.ZodType<P>;
  /** Draws one candidate; constraints decide whether it is kept. Uses only `rng`. */
  draw: (rng: Rng, options: GenerateOptions) => P;
  constraints: readonly Constraint<P, A>[];
  /** Pure: the numeric core's answers for these params. */
  solve: (params: P) => A;
  /** Answers as JSON (numbers as numbers, interval sets as canonical strings). */
  answersToJson: (answers: A) => Record<string, unknown>;
  parts: readonly PartSpec<P, A>[];
  /**
   * The part whose answer is the problem's result (batch norm's Jacobian, the A2C estimate, ...):
   * neighbours in one exam or one activity must never share it.
   */
  headline: string;
  /** Problem statement with $...$ / $$...$$ LaTeX. */
  statement: (params: P, lang: Lang) => string;
  /** An SVG drawing made from the params, when the problem needs a figure. */
  diagram?: (params: P) => string;
  solution: (params: P, answers: A, lang: Lang) => WorkedSolution;
}

/** A template with its type parameters erased, as the registry holds it. */
// The registry stores templates of different P/A; `any` here is the erasure, each template is typed where it is written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTemplate = Template<any, any>;
