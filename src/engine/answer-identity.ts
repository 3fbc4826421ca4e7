import type { AnswerValue } from '../core/answer-value.ts';
import { formatScalar, isExact, toNumber, type Scalar } from '../core/scalar.ts';
import { referenceValues } from './generate-variant.ts';
import type { AnyTemplate } from './template.ts';

/**
 * What makes two answers "the same" for a student copying from a neighbour: the value up to the
 * order of its entries. A batch given in another order permutes x̂ and the Jacobian's rows, and a
 * student who copied them would only need to reorder, so those count as one answer.
 * Vectors are compared as multisets and matrices as multisets of rows (a stricter notion of
 * "same" than simultaneous row-and-column permutation, so it never overstates the spread).
 */
export function answerIdentity(value: AnswerValue): string {
  switch (value.kind) {
    case 'number':
      return scalarKey(value.value);
    case 'vector':
    case 'finiteSet':
      return `[${value.values.map(scalarKey).sort().join(',')}]`;
    case 'matrix':
      return `[${value.rows
        .map((r) => `[${r.map(scalarKey).join(',')}]`)
        .sort()
        .join(',')}]`;
    case 'intervalSet':
      return value.value.toString();
    case 'choice':
      return [...value.ids].sort().join(',');
    case 'text':
      return value.text;
  }
}

/** Exact values by their lowest-terms text; floats to 12 significant digits (1e-12 noise is not a different answer). */
function scalarKey(s: Scalar): string {
  if (isExact(s)) return formatScalar(s);
  const x = toNumber(s);
  return x === 0 ? '0' : String(Number(x.toPrecision(12)));
}

/** Parts whose answer is a value a student computes: not choices, not free text. */
export function gradedAnswerKeys(template: AnyTemplate): string[] {
  return template.parts
    .filter((p) => p.reference !== undefined && !p.manual && p.type !== 'choice' && p.type !== 'multiChoice')
    .map((p) => p.key);
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
