import { describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATE_IDS, TEMPLATES } from '../../templates/index.ts';
import { layoutParts } from '../../src/engine/generate-variant.ts';
import { choicePart, LANGS, type AnyTemplate, type Lang } from '../../src/engine/template.ts';
import { mathSegments, templateGiveaways, visibleLength } from '../support/option-form.ts';

const current: AnyTemplate[] = TEMPLATE_IDS.map((id) => TEMPLATES[id]);
const version = (id: string, v: number): AnyTemplate => {
  const template = getTemplate(id, v);
  if (!template) throw new Error(`no template ${id} v${v}`);
  return template;
};

describe('choice options do not give the answer away by their form', () => {
  it('in no current template, in either language', () => {
    expect(current.flatMap((t) => templateGiveaways(t, LANGS))).toEqual([]);
  });

  it('the same check finds what version 2 gave away (it can fail)', () => {
    const found = [version('batchnorm', 2), version('gd', 2)].flatMap((t) => templateGiveaways(t, LANGS));
    for (const what of [
      'batchnorm v2 whyBatch (en): the correct option is longer than every wrong one',
      'batchnorm v2 whyBatch (cs): only the correct option gives a reason',
      'batchnorm v2 raiseOutputs (en): only the correct option gives a reason',
      'batchnorm v2 raiseOutputs (cs): the correct option is longer than every wrong one',
      'gd v2 absStep (en): the correct option is longer than every wrong one',
      'gd v2 absStep (cs): the correct option has more formulas than every wrong one',
    ])
      expect(found).toContain(what);
  });

  it('over 600 seeds the correct option is the longest on screen in no choice part, and sits in every position alike', () => {
    const SEEDS = 600;
    for (const template of current) {
      for (const spec of template.parts) {
        const part = choicePart(spec);
        if (!part || part.type !== 'choice') continue;
        const positions = new Array<number>(part.options.length).fill(0);
        const longestFirst: Record<Lang, number> = { en: 0, cs: 0 };
        for (let s = 0; s < SEEDS; s++) {
          const laidOut = layoutParts(template, `options-${s}`).find((p) => p.key === part.key)?.options ?? [];
          const at = laidOut.findIndex((o) => part.correctOptions.includes(o.id));
          positions[at] = (positions[at] ?? 0) + 1;
          for (const lang of LANGS) {
            // Ranked by the length a student sees in this variant's order; a tie is not "the longest".
            const lengths = laidOut.map((o) => visibleLength(o.label[lang]));
            const longest = Math.max(...lengths);
            if (lengths[at] === longest && lengths.filter((l) => l === longest).length === 1) longestFirst[lang]++;
          }
        }
        const name = `${template.id} v${template.version} ${part.key}`;
        expect(longestFirst, `${name}: variants where the correct option is the unique longest`).toEqual({
          en: 0,
          cs: 0,
        });
        // Each of n positions about 1/n of the time (binomial: 600 draws, ±5 standard deviations).
        const expected = 1 / part.options.length;
        const spread = 5 * Math.sqrt((expected * (1 - expected)) / SEEDS);
        for (const [position, count] of positions.entries()) {
          expect(count / SEEDS, `${name}: the correct option at position ${position + 1}`).toBeGreaterThan(
            expected - spread,
          );
          expect(count / SEEDS, `${name}: the correct option at position ${position + 1}`).toBeLessThan(
            expected + spread,
          );
        }
      }
    }
  });
});

/**
 * What a free-text prompt must not do to the choice questions of its problem: quote a phrase only
 * the correct option has (its "key phrase": a formula or word no wrong option shares), or name the
 * subject of some options but not of the others (the formula an option starts with: "why γ cannot
 * change the sum" names γ, which only wrong options raise, and rules them out).
 */
function freeTextGiveaways(template: AnyTemplate, lang: Lang): string[] {
  const found: string[] = [];
  const words = (text: string): Set<string> =>
    new Set(
      text
        .replace(/\$[^$]+\$/g, ' ')
        .toLowerCase()
        .match(/\p{L}{4,}/gu) ?? [],
    );
  for (const free of template.parts.filter((p) => p.type === 'freeText')) {
    const prompt = free.prompt[lang];
    const promptMath = mathSegments(prompt);
    const promptWords = words(prompt);
    const mentions = (formula: string): boolean => promptMath.some((m) => m.includes(formula));
    for (const spec of template.parts) {
      const part = choicePart(spec);
      if (!part) continue;
      const where = `${template.id} v${template.version} ${free.key} (${lang}) about ${part.key}`;
      const correct = part.options.filter((o) => part.correctOptions.includes(o.id)).map((o) => o.label[lang]);
      const wrong = part.options.filter((o) => !part.correctOptions.includes(o.id)).map((o) => o.label[lang]);
      const wrongMath = new Set(wrong.flatMap(mathSegments));
      const wrongWords = new Set(wrong.flatMap((w) => [...words(w)]));
      for (const label of correct) {
        for (const formula of mathSegments(label).filter((m) => !wrongMath.has(m)))
          if (mentions(formula)) found.push(`${where}: quotes the correct option's $${formula}$`);
        for (const word of [...words(label)].filter((w) => !wrongWords.has(w)))
          if (promptWords.has(word)) found.push(`${where}: quotes the correct option's "${word}"`);
      }
      const subjects = new Set(part.options.flatMap((o) => mathSegments(o.label[lang]).slice(0, 1)));
      const named = [...subjects].filter(mentions);
      if (named.length > 0 && named.length < subjects.size)
        found.push(
          `${where}: names ${named.map((s) => `$${s}$`).join(', ')} of the options' ${[...subjects].map((s) => `$${s}$`).join(', ')}`,
        );
    }
  }
  return found;
}

describe('the optional free-text prompt does not answer a choice question of its problem', () => {
  it('in no current template, in either language', () => {
    expect(current.flatMap((t) => LANGS.flatMap((lang) => freeTextGiveaways(t, lang)))).toEqual([]);
  });

  it("finds version 2's batch-norm prompt ('why γ cannot change the sum' rules out the γ options)", () => {
    const v2 = version('batchnorm', 2);
    expect(LANGS.flatMap((lang) => freeTextGiveaways(v2, lang))).toEqual([
      "batchnorm v2 explain (en) about raiseOutputs: names $\\gamma$ of the options' $\\beta$, $\\gamma$, $\\epsilon$",
      "batchnorm v2 explain (cs) about raiseOutputs: names $\\gamma$ of the options' $\\beta$, $\\gamma$, $\\epsilon$",
    ]);
  });

  it('finds a prompt that quotes the correct option', () => {
    const v3 = version('batchnorm', 3);
    const leaking: AnyTemplate = {
      ...v3,
      parts: v3.parts.map((p) =>
        p.key === 'explain'
          ? {
              ...p,
              prompt: {
                en: '(Optional) Explain why $\\hat{x} = 0$ for a batch of one.',
                cs: '(Nepovinné) Vysvětlete, proč je pro dávku velikosti 1 $\\hat{x} = 0$.',
              },
            }
          : p,
      ),
    };
    expect(freeTextGiveaways(leaking, 'en')).toContain(
      "batchnorm v3 explain (en) about whyBatch: quotes the correct option's $\\hat{x}=0$",
    );
  });
});
