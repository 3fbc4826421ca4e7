import { getTemplate, type TemplateId } from '../../templates/index.ts';
import { gradedAnswerIdentity } from '../engine/answer-identity.ts';
import { DEFAULT_GENERATE_OPTIONS, drawParams } from '../engine/generate-variant.ts';
import type { AnyTemplate } from '../engine/template.ts';
import type { AttemptProblem } from '../store/models/attempt.ts';
import { templateVersionIn, type ActivitySettings } from './activity-settings.ts';

/**
 * The re-rolls tried, in rounds of one store query each: most learners keep their own seed (one
 * query); after a collision the next 20 are asked about at once before settling for the headline
 * fewest neighbours share. A family has dozens to hundreds of headline values (gd: 53), so the
 * second round matters only in large classes, where a round of the next four alone rarely found a
 * free headline and the store then read most of the class's attempts twice; the pick is the same
 * (the first free re-roll in order, else the first of the fewest), and the bound keeps attempt
 * creation a few milliseconds.
 */
const ROUNDS: readonly (readonly number[])[] = [[0], Array.from({ length: 20 }, (_, i) => i + 1)];

/** The k-th deterministic alternative to a learner's seed; the stored seed regenerates it alone. */
export const rerolledSeed = (seed: string, reroll: number): string => (reroll === 0 ? seed : `${seed}#${reroll}`);

/**
 * How many attempts of the activity already have each of these headline answers, per family (a
 * headline absent from the answer: none). Only the asked-for values are looked up.
 */
export type CountHeadlines = (
  wanted: ReadonlyMap<string, readonly string[]>,
) => Promise<Map<string, Map<string, number>>>;

/** A candidate draw: what the attempt stores of it (no layout: the page lays out the one picked). */
interface Candidate {
  seed: string;
  params: unknown;
  reroll: number;
  headline: string;
}

/**
 * A new attempt's problems drawn from the activity's template versions. From version 2 on, a
 * learner whose headline answer (batch norm's Jacobian, the A2C estimate, ...) equals a
 * neighbour's in this activity is re-rolled deterministically; the attempt records the re-roll
 * and the headline, so it reopens from its own seed and later learners avoid it.
 */
export async function drawAttemptProblems(
  settings: ActivitySettings,
  seedOf: (problemIndex: number) => string,
  countHeadlines: CountHeadlines,
): Promise<AttemptProblem[]> {
  const templates = settings.templates.map((id: TemplateId) => {
    const version = templateVersionIn(settings, id);
    const template = getTemplate(id, version);
    if (!template) throw new Error(`activity settings name ${id} version ${version}, which does not exist`);
    return template;
  });
  // Once per problem: a seed is an HMAC, and every candidate of every round starts from it.
  const seeds = templates.map((_, i) => seedOf(i));
  const picked = new Map<number, Candidate>();
  const best = new Map<number, { candidate: Candidate; count: number }>();
  const open = templates.flatMap((t, i) => (t.version === 1 ? [] : [i]));
  for (const round of ROUNDS) {
    if (open.length === 0) break;
    const candidates = new Map(
      open.map((i) => [i, round.map((k) => candidateOf(templates[i] as AnyTemplate, seeds[i] as string, k))]),
    );
    const wanted = new Map<string, string[]>();
    for (const [i, list] of candidates)
      wanted.set(templates[i]?.id as string, [
        ...(wanted.get(templates[i]?.id as string) ?? []),
        ...list.map((c) => c.headline),
      ]);
    const counts = await countHeadlines(wanted);
    for (const [i, list] of candidates) {
      for (const candidate of list) {
        const count = counts.get(templates[i]?.id as string)?.get(candidate.headline) ?? 0;
        const sofar = best.get(i);
        if (!sofar || count < sofar.count) best.set(i, { candidate, count });
      }
      if (best.get(i)?.count === 0) picked.set(i, (best.get(i) as { candidate: Candidate }).candidate);
    }
    open.splice(0, open.length, ...open.filter((i) => !picked.has(i)));
  }
  return templates.map((template, i) => {
    const points = settings.points[i] ?? 5;
    if (template.version === 1) {
      const seed = seeds[i] as string;
      const { params } = drawParams(template, seed, DEFAULT_GENERATE_OPTIONS);
      return { templateId: template.id, templateVersion: 1, seed, params, points };
    }
    const { seed, params, reroll, headline } = picked.get(i) ?? (best.get(i) as { candidate: Candidate }).candidate;
    return {
      templateId: template.id,
      templateVersion: template.version,
      seed,
      params,
      points,
      ...(reroll > 0 ? { reroll } : {}),
      headline,
    };
  });
}

function candidateOf(template: AnyTemplate, learnerSeed: string, reroll: number): Candidate {
  const seed = rerolledSeed(learnerSeed, reroll);
  const { params, answers } = drawParams(template, seed, DEFAULT_GENERATE_OPTIONS);
  return {
    seed,
    params,
    reroll,
    headline: gradedAnswerIdentity(template, template.headline, params, answers) as string,
  };
}
