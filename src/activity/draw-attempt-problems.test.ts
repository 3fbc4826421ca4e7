import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '../../templates/index.ts';
import { gradedAnswerIdentities } from '../engine/answer-identity.ts';
import { generateVariant } from '../engine/generate-variant.ts';
import { DEFAULT_SETTINGS } from './activity-settings.ts';
import { drawAttemptProblems, rerolledSeed, type CountHeadlines } from './draw-attempt-problems.ts';

const settings = { ...DEFAULT_SETTINGS, templates: ['policy' as const, 'gd' as const], points: [5, 5] };
const seedOf = (i: number) => `learner-seed-${i}`;
/** The store's answer, from a full table of what neighbours have; records what was asked. */
function neighbours(taken: Map<string, Map<string, number>>, asked: string[][] = []): CountHeadlines {
  return async (wanted) => {
    asked.push([...wanted.values()].flat());
    return new Map(
      [...wanted].map(([id, values]) => [id, new Map(values.map((v) => [v, taken.get(id)?.get(v) ?? 0]))]),
    );
  };
}
const headlineOf = (templateId: 'policy' | 'gd', seed: string) => {
  const template = TEMPLATES[templateId];
  const v = generateVariant(template, seed);
  return gradedAnswerIdentities(template, v.params, v.answers).get(template.headline) as string;
};

describe('drawAttemptProblems', () => {
  it('keeps the learner seed when no neighbour has its headline answer, asking the store once', async () => {
    const asked: string[][] = [];
    const problems = await drawAttemptProblems(settings, seedOf, neighbours(new Map(), asked));
    expect(asked).toHaveLength(1);
    expect(problems.map((p) => [p.seed, p.reroll])).toEqual([
      ['learner-seed-0', undefined],
      ['learner-seed-1', undefined],
    ]);
    expect(problems[1]?.headline).toBe(headlineOf('gd', 'learner-seed-1'));
  });

  it('re-rolls deterministically when a neighbour already has the headline answer, and records it', async () => {
    const taken = new Map([['gd', new Map([[headlineOf('gd', 'learner-seed-1'), 1]])]]);
    const first = await drawAttemptProblems(settings, seedOf, neighbours(taken));
    const again = await drawAttemptProblems(settings, seedOf, neighbours(taken));
    expect(again).toEqual(first);
    const gd = first[1];
    expect(gd?.reroll).toBeGreaterThanOrEqual(1);
    expect(gd?.seed).toBe(rerolledSeed('learner-seed-1', gd?.reroll ?? 0));
    expect(gd?.headline).not.toBe(headlineOf('gd', 'learner-seed-1'));
    // The stored seed alone reproduces the stored params.
    expect(generateVariant(TEMPLATES.gd, gd?.seed ?? '').params).toEqual(gd?.params);
    // The other problem's neighbours did not have its answer: untouched.
    expect(first[0]?.seed).toBe('learner-seed-0');
  });

  it('when every candidate collides, takes the headline fewest neighbours share', async () => {
    // Every headline the first 21 candidates could have, taken once, except one taken by nobody ...
    const candidates = Array.from({ length: 21 }, (_, k) => headlineOf('gd', rerolledSeed('learner-seed-1', k)));
    const counts = new Map(candidates.map((id) => [id, 3]));
    counts.set(candidates[7] as string, 1);
    const pick = (await drawAttemptProblems(settings, seedOf, neighbours(new Map([['gd', counts]]))))[1];
    expect(pick?.headline).toBe(candidates[7]);
  });

  it('draws version 1 without re-rolls in an activity that records none (made before versions)', async () => {
    const { templateVersions: _none, ...legacy } = settings;
    const asked: string[][] = [];
    const problems = await drawAttemptProblems(
      legacy,
      seedOf,
      neighbours(new Map([['gd', new Map([[headlineOf('gd', 'learner-seed-1'), 5]])]]), asked),
    );
    expect(asked).toEqual([]);
    expect(problems.map((p) => p.templateVersion)).toEqual([1, 1]);
    const v1 = getTemplate('gd', 1);
    expect(problems[1]?.params).toEqual(v1 && generateVariant(v1, 'learner-seed-1').params);
    expect(problems[1]?.headline).toBeUndefined();
  });
});
