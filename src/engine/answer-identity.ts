import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf } from '../answers/kinds/index.ts';
import { referenceValues } from './generate-variant.ts';
import { partReference, valuePart, type AnyTemplate } from './template.ts';

/**
 * What makes two answers "the same" for a student copying from a neighbour: the value up to the
 * order of its entries. A batch given in another order permutes x̂ and the Jacobian's rows, and a
 * student who copied them would only need to reorder, so those count as one answer.
 * Vectors are compared as multisets and matrices as multisets of rows (a stricter notion of
 * "same" than simultaneous row-and-column permutation, so it never overstates the spread).
 */
export function answerIdentity(value: AnswerValue): string {
  return kindOf(value).identity(value);
}

/** Parts whose answer is a value a student computes: not choices, not free text. */
export function gradedAnswerKeys(template: AnyTemplate): string[] {
  return template.parts.filter((p) => valuePart(p) !== undefined).map((p) => p.key);
}

/** Every graded answer of one variant as its identity, keyed by part. */
export function gradedAnswerIdentities(template: AnyTemplate, params: unknown, answers: unknown): Map<string, string> {
  const refs = referenceValues(template, params, answers);
  const out = new Map<string, string>();
  for (const key of gradedAnswerKeys(template)) {
    const ref = refs.get(key);
    if (ref) out.set(key, answerIdentity(ref));
  }
  return out;
}

/**
 * The identity of one graded part's answer (as gradedAnswerIdentities has it), without computing
 * the others': the neighbour-aware draw asks this of up to 21 candidates per problem.
 */
export function gradedAnswerIdentity(
  template: AnyTemplate,
  key: string,
  params: unknown,
  answers: unknown,
): string | undefined {
  const spec = template.parts.find((p) => p.key === key);
  if (!spec || valuePart(spec) === undefined) return undefined;
  const ref = partReference(spec, answers, params);
  return ref ? answerIdentity(ref) : undefined;
}
