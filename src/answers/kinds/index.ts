import type { AnswerType, AnswerValue } from '../../core/answer-value.ts';
import type { Tolerance } from '../../core/tolerance.ts';
import type { AnswerKind, AnswerKindSpec, Comparison } from './answer-kind.ts';
import { choiceKind } from './choice.ts';
import { finiteSetKind } from './finite-set.ts';
import { intervalSetKind } from './interval-set.ts';
import { matrixKind } from './matrix.ts';
import { numberKind } from './number.ts';
import { textKind } from './text.ts';
import { vectorKind } from './vector.ts';

/** Every kind of answer value and what the tool does with it. A kind missing here does not compile. */
export const ANSWER_KINDS = {
  number: numberKind,
  vector: vectorKind,
  matrix: matrixKind,
  intervalSet: intervalSetKind,
  finiteSet: finiteSetKind,
  choice: choiceKind,
  text: textKind,
} satisfies { [K in AnswerKind]: AnswerKindSpec<K> };

/**
 * The spec of a value's kind, typed for any value. (TypeScript cannot correlate ANSWER_KINDS[v.kind]
 * with v itself, so the one widening cast lives here; each spec is checked where it is written.)
 */
export function kindOf(value: AnswerValue): AnswerKindSpec<AnswerKind> {
  return ANSWER_KINDS[value.kind] as unknown as AnswerKindSpec<AnswerKind>;
}

const BY_PART_TYPE = new Map<AnswerType, AnswerKindSpec<AnswerKind>>(
  Object.values(ANSWER_KINDS).flatMap((spec) =>
    spec.partTypes.map((type) => [type, spec as unknown as AnswerKindSpec<AnswerKind>] as const),
  ),
);

/** The kind that reads a part type's typed answers; every AnswerType has one (a test checks). */
export function kindForPartType(type: AnswerType): AnswerKindSpec<AnswerKind> | undefined {
  return BY_PART_TYPE.get(type);
}

/** The student's value against the reference, by the reference's kind. */
export function compareValues(student: AnswerValue, reference: AnswerValue, tolerance: Tolerance): Comparison {
  return kindOf(reference).compare(student, reference, tolerance);
}

export type {
  AnswerKind,
  AnswerKindSpec,
  ClozeContext,
  Comparison,
  ExportPart,
  Mismatch,
  ParseFailure,
  ParseOptions,
  QtiContext,
  QtiResponse,
} from './answer-kind.ts';
