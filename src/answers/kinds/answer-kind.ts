import type { AnswerType, AnswerValue } from '../../core/answer-value.ts';
import type { Tolerance } from '../../core/tolerance.ts';
import type { NumberNotation } from '../read-structured.ts';

export type AnswerKind = AnswerValue['kind'];
/** The value of one kind: ValueOf<'matrix'> is { kind: 'matrix'; rows }. */
export type ValueOf<K extends AnswerKind> = Extract<AnswerValue, { kind: K }>;

export interface ParseOptions extends NumberNotation {
  /** Not enforced here: the grader, which knows the expected shape, explains a wrong one. */
  shape?: [rows: number, cols: number] | [length: number];
  /** The option ids of a choice or multiChoice part. */
  choiceIds?: string[];
}

/** What a student typed could not be taken as an answer (blank, too long, or unreadable). */
export interface ParseFailure {
  error: string;
  position?: number;
}

/** Why a value did not match, when it is something the student can act on. */
export type Mismatch =
  | { kind: 'shape'; expected: string; got: string }
  | { kind: 'ends' }
  | { kind: 'count'; expected: number; got: number }
  | { kind: 'value' };

export interface Comparison {
  /** 0..1; partial credit for element-wise values of the right shape. */
  score: number;
  mismatch?: Mismatch;
}

export const FULL: Comparison = { score: 1 };
export const WRONG: Comparison = { score: 0, mismatch: { kind: 'value' } };

/** A part as an export sees it: its type, tolerance and options in the exam's language (TeX in \( \)). */
export interface ExportPart {
  type: AnswerType;
  tolerance?: Tolerance;
  options?: readonly { id: string; label: string }[];
  /** How the exam's language writes numbers: a Czech export also accepts "(0; 0,133)" and "{0; 0,5}". */
  notation?: NumberNotation;
}

/** One part's blank in a Moodle cloze question, worth `points` of the question. */
export interface ClozeContext {
  part: ExportPart;
  points: number;
}

/** One part as a QTI 2.1 response: its declaration, the interaction in the body, and its scoring rule. */
export interface QtiResponse {
  declaration: string;
  interaction: string;
  scoring: string;
}

export interface QtiContext {
  part: ExportPart;
  points: number;
  /** The response identifier (an XML id made from the part key). */
  id: string;
  /** An XML id for an option id (choices). */
  optionId: (id: string) => string;
}

/**
 * Everything the tool does with one kind of answer value, in one place: a new kind is one file
 * (plus its member of AnswerValue and a line in the registry, which the compiler asks for).
 */
export interface AnswerKindSpec<K extends AnswerKind> {
  kind: K;
  /** The part types whose typed answers read as this kind (a 'vector' part may read as a matrix too). */
  partTypes: readonly AnswerType[];
  /** Reads what a student typed; a failure is data, an AnswerSyntaxError says where reading stopped. */
  parse: (input: string, type: AnswerType, options: ParseOptions) => AnswerValue | ParseFailure;
  /** The canonical echo: what "read as ..." shows and what an answer key prints. */
  format: (value: ValueOf<K>) => string;
  /** The student's value (any kind) against a reference of this kind. */
  compare: (student: AnswerValue, reference: ValueOf<K>, tolerance: Tolerance) => Comparison;
  /** As LaTeX, typeset like the problem; undefined when it has no math (choices, text). */
  latex: (value: ValueOf<K>) => string | undefined;
  /** Equal for answers a neighbour could copy (up to the order of entries where order is not the point). */
  identity: (value: ValueOf<K>) => string;
  /** The same value with the opposite sign (a generic mistake), when the kind has signs. */
  negate?: (value: ValueOf<K>) => AnswerValue | undefined;
  /** The transposed value (a generic mistake), for kinds with rows and columns. */
  transpose?: (value: ValueOf<K>) => AnswerValue;
  /** The part's blanks in a Moodle cloze question ({weight:TYPE:answers}). */
  moodleCloze: (reference: ValueOf<K>, context: ClozeContext) => string;
  /** The part as a QTI 2.1 response. */
  qti: (reference: ValueOf<K>, context: QtiContext) => QtiResponse;
}
