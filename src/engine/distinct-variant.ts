import { gradedAnswerIdentities } from './answer-identity.ts';
import { generateVariant, type Variant } from './generate-variant.ts';
import type { AnyTemplate } from './template.ts';

/**
 * The answers neighbours were already given, per part key: identity (up to row order) -> how many
 * neighbours have it. An exam's earlier variants, or the attempts already made in an activity.
 */
export type AnswerLedger = Map<string, Map<string, number>>;

export interface DistinctPick {
  variant: Variant;
  /** Which candidate was taken: 0 is the seed itself, k its k-th deterministic re-roll. */
  reroll: number;
  /** Every compared answer as its identity (what the ledger records). */
  identities: Map<string, string>;
  /** Compared answers that still equal a neighbour's (empty when the variant is distinct). */
  shared: string[];
}

/**
 * The first of the candidates seedOf(0), seedOf(1), ... whose compared answers no neighbour has.
 * When none within `maxRerolls` is, the candidate least like the neighbours: first the fewest
 * neighbours sharing its headline answer, then the fewest shared other answers, then the earliest.
 * Deterministic: the same ledger and seeds give the same pick.
 */
export function pickDistinctVariant(
  template: AnyTemplate,
  seedOf: (reroll: number) => string,
  ledger: AnswerLedger,
  compare: readonly string[],
  maxRerolls: number,
): DistinctPick {
  let best: { pick: DistinctPick; cost: [number, number] } | undefined;
  for (let reroll = 0; reroll <= maxRerolls; reroll++) {
    const variant = generateVariant(template, seedOf(reroll), { examFriendly: true });
    const all = gradedAnswerIdentities(template, variant.params, variant.answers);
    const identities = new Map(
      compare.flatMap((key) => (all.has(key) ? [[key, all.get(key) as string] as const] : [])),
    );
    const shared = [...identities].filter(([key, id]) => (ledger.get(key)?.get(id) ?? 0) > 0).map(([key]) => key);
    const pick = { variant, reroll, identities, shared };
    if (shared.length === 0) return pick;
    const headline = identities.get(template.headline);
    const cost: [number, number] = [
      headline === undefined ? 0 : (ledger.get(template.headline)?.get(headline) ?? 0),
      shared.length,
    ];
    if (!best || cost[0] < best.cost[0] || (cost[0] === best.cost[0] && cost[1] < best.cost[1])) best = { pick, cost };
  }
  return (best as { pick: DistinctPick }).pick;
}

/** Records a pick's answers in the ledger, so the next neighbour avoids them. */
export function recordInLedger(ledger: AnswerLedger, identities: ReadonlyMap<string, string>): void {
  for (const [key, id] of identities) {
    const counts = ledger.get(key) ?? new Map<string, number>();
    counts.set(id, (counts.get(id) ?? 0) + 1);
    ledger.set(key, counts);
  }
}
