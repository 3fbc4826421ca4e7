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

/** Values a student gave for earlier parts, as parsed (absent when unreadable or blank), by part key. */
export type StudentValues<K extends string = string> = Readonly<Partial<Record<K, AnswerValue>>>;

/** Part types whose answer is a computed value, graded against a reference with a tolerance. */
export type ValuePartType = Exclude<AnswerType, 'choice' | 'multiChoice' | 'freeText'>;

interface PartBase<K extends string> {
  /** The part's name in answers, grades and exports; a literal of the template's key union. */
  key: K;
  points: number;
  prompt: Localized;
  optional?: boolean;
  /**
   * An intermediate step toward the problem's headline answer (μ, σ², x̂, y before the Jacobian):
   * an activity may ask the headline answer only, as the written exam does (activity/parts-asked.ts).
   */
  step?: boolean;
}

/** A value the student computes: graded against the reference with the tolerance. */
export interface ValuePart<P, A, K extends string> extends PartBase<K> {
  type: ValuePartType;
  tolerance: Tolerance;
  reference: (answers: A, params: P) => AnswerValue;
  /**
   * Follow-through: the value this part would have if the student's own earlier answers were
   * right, so one early slip is not punished twice. Undefined when those answers are missing.
   * `from` names earlier parts of the same template (checked by the compiler).
   */
  followThrough?: {
    from: readonly NoInfer<K>[];
    value: (student: StudentValues<NoInfer<K>>, params: P) => AnswerValue | undefined;
  };
  mistakes?: (answers: A, params: P) => KnownMistake[];
}

/** One option (choice) or several (multiChoice): options in authoring order (shuffled per variant) and the correct ids. */
export interface ChoicePart<K extends string> extends PartBase<K> {
  type: 'choice' | 'multiChoice';
  options: readonly ChoiceOption[];
  correctOptions: readonly string[];
}

/** Free text that the instructor grades by hand; never counted by the auto-grader. */
export interface FreeTextPart<K extends string> extends PartBase<K> {
  type: 'freeText';
}

/** One part of a problem; what it must declare follows from its type. */
export type PartSpec<P, A, K extends string = string> = ValuePart<P, A, K> | ChoicePart<K> | FreeTextPart<K>;

/** Free text is graded by a person. */
export const isManual = (spec: PartSpec<unknown, unknown>): spec is FreeTextPart<string> => spec.type === 'freeText';

/** The part's reference answer: the computed value, or the correct options; none for free text. */
export function partReference<P, A>(spec: PartSpec<P, A>, answers: A, params: P): AnswerValue | undefined {
  switch (spec.type) {
    case 'freeText':
      return undefined;
    case 'choice':
    case 'multiChoice':
      return { kind: 'choice', ids: [...spec.correctOptions] };
    default:
      return spec.reference(answers, params);
  }
}

/** A value part's own rules (tolerance, follow-through, known mistakes); undefined for choices and free text. */
export function valuePart<P, A>(spec: PartSpec<P, A>): ValuePart<P, A, string> | undefined {
  switch (spec.type) {
    case 'freeText':
    case 'choice':
    case 'multiChoice':
      return undefined;
    default:
      return spec;
  }
}

/** A choice part's options; undefined for the other types. */
export function choicePart<P, A>(spec: PartSpec<P, A>): ChoicePart<string> | undefined {
  return spec.type === 'choice' || spec.type === 'multiChoice' ? spec : undefined;
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

export interface Template<P, A, K extends string = string> {
  id: string;
  /** Bump whenever a change alters generated params, answers or parts for an existing seed. */
  version: number;
  title: Localized;
  /** Validates params given by people (CLI, instructor preview); messages name the field and rule. */
  paramsSchema: z.ZodType<P>;
  /** Params a person can try first (the CLI's help shows them; a test solves them). */
  example: P;
  /** Draws one candidate; constraints decide whether it is kept. Uses only `rng`. */
  draw: (rng: Rng, options: GenerateOptions) => P;
  constraints: readonly Constraint<P, A>[];
  /** Pure: the numeric core's answers for these params. */
  solve: (params: P) => A;
  /** Answers as JSON (numbers as numbers, interval sets as canonical strings). */
  answersToJson: (answers: A) => Record<string, unknown>;
  parts: readonly PartSpec<P, A, K>[];
  /**
   * The part whose answer is the problem's result (batch norm's Jacobian, the A2C estimate, ...):
   * neighbours in one exam or one activity must never share it.
   */
  headline: NoInfer<K>;
  /** Problem statement with $...$ / $$...$$ LaTeX. */
  statement: (params: P, lang: Lang) => string;
  /** An SVG drawing made from the params, when the problem needs a figure. */
  diagram?: (params: P) => string;
  solution: (params: P, answers: A, lang: Lang) => WorkedSolution;
}

/** A template with its type parameters erased, as the registry holds it. */
// The registry stores templates of different P/A; `any` here is the erasure, each template is typed where it is written.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTemplate = Template<any, any, string>;

/**
 * A template, typed from what it declares: the params from its schema, the answers from its
 * solver and the part keys from its parts, so a follow-through or headline naming a part that
 * does not exist, or a choice part without options, does not compile.
 */
export const defineTemplate = <P, A, K extends string>(template: Template<P, A, K>): Template<P, A, K> => template;
