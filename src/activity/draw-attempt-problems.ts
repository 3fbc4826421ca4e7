import { getTemplate, type TemplateId } from '../../templates/index.ts';
import { pickDistinctVariant, type AnswerLedger } from '../engine/distinct-variant.ts';
import { generateVariant } from '../engine/generate-variant.ts';
import type { AttemptProblem } from '../store/models/attempt.ts';
import { templateVersionIn, type ActivitySettings } from './activity-settings.ts';

/**
 * Re-rolls tried per problem before settling for the headline answer fewest neighbours share. A
 * family has hundreds of headline values (gd: 53), so in a class of a few hundred the first few
 * candidates usually differ; the bound keeps attempt creation a few milliseconds.
 */
const MAX_ONLINE_REROLLS = 20;

/** The k-th deterministic alternative to a learner's seed; the stored seed regenerates it alone. */
export const rerolledSeed = (seed: string, reroll: number): string => (reroll === 0 ? seed : `${seed}#${reroll}`);

/**
 * A new attempt's problems drawn from the activity's template versions. From version 2 on, a
 * learner whose headline answer (batch norm's Jacobian, the A2C estimate, ...) equals a
 * neighbour's in this activity is re-rolled deterministically; the attempt records the re-roll
 * and the headline, so it reopens from its own seed and the next learner avoids it.
 * `headlines` holds the headline answers already handed out, per family.
 */
export function drawAttemptProblems(
  settings: ActivitySettings,
  seedOf: (problemIndex: number) => string,
  headlines: ReadonlyMap<string, ReadonlyMap<string, number>>,
): AttemptProblem[] {
  return settings.templates.map((templateId: TemplateId, i) => {
    const version = templateVersionIn(settings, templateId);
    const template = getTemplate(templateId, version);
    if (!template) throw new Error(`activity settings name ${templateId} version ${version}, which does not exist`);
    const points = settings.points[i] ?? 5;
    const seed = seedOf(i);
    if (version === 1) {
      const variant = generateVariant(template, seed);
      return { templateId, templateVersion: variant.templateVersion, seed, params: variant.params, points };
    }
    const ledger: AnswerLedger = new Map([[template.headline, new Map(headlines.get(templateId) ?? [])]]);
    const pick = pickDistinctVariant(template, (k) => rerolledSeed(seed, k), ledger, [template.headline], MAX_ONLINE_REROLLS);
    const headline = pick.identities.get(template.headline);
    return {
      templateId,
      templateVersion: pick.variant.templateVersion,
      seed: pick.variant.seed,
      params: pick.variant.params,
      points,
      ...(pick.reroll > 0 ? { reroll: pick.reroll } : {}),
      ...(headline === undefined ? {} : { headline }),
    };
  });
}
