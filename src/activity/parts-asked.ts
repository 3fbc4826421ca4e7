import type { PartSpec } from '../engine/template.ts';

/**
 * Which parts of a problem an activity asks (Deep Linking, per problem): its intermediate steps
 * or the headline answer only, as the written exam does; and its free-text part or not. A part
 * not asked is not shown, graded or counted: the problem's points go to the parts that are
 * (scoring.ts apportions them over the parts an attempt holds).
 */
export interface PartsAsked {
  steps: boolean;
  freeText: boolean;
}

export const EVERY_PART: PartsAsked = { steps: true, freeText: true };

export function isAsked(part: Pick<PartSpec<unknown, unknown>, 'type' | 'step'>, asked: PartsAsked): boolean {
  return (asked.steps || part.step !== true) && (asked.freeText || part.type !== 'freeText');
}

/**
 * The keys of the parts asked, or undefined when every part is (what an attempt stores: fixed
 * when it is created, as its template version is). Never empty: a problem keeps at least its headline.
 */
export function askedPartKeys(
  parts: ReadonlyArray<Pick<PartSpec<unknown, unknown>, 'key' | 'type' | 'step'>>,
  asked: PartsAsked | undefined,
): string[] | undefined {
  if (!asked) return undefined;
  const kept = parts.filter((p) => isAsked(p, asked));
  if (kept.length === parts.length || kept.length === 0) return undefined;
  return kept.map((p) => p.key);
}
