import { describe, expect, it } from 'vitest';
import { TEMPLATE_VERSIONS } from './index.ts';
import { generateVariant } from '../src/engine/generate-variant.ts';

const SEEDS = 50;

/** Everything a Czech student reads of a template version: title, statement, prompts, options, solution. */
function czechTexts(): Array<[where: string, text: string]> {
  const texts: Array<[string, string]> = [];
  for (const versions of Object.values(TEMPLATE_VERSIONS)) {
    for (const template of versions) {
      const name = `${template.id} v${template.version}`;
      texts.push([`${name} title`, template.title.cs]);
      for (let s = 0; s < SEEDS; s++) {
        const v = generateVariant(template, `czech-${s}`, { examFriendly: s % 2 === 0 });
        texts.push([`${name} statement`, template.statement(v.params, 'cs')]);
        for (const step of template.solution(v.params, v.answers, 'cs')) texts.push([`${name} solution`, step]);
        for (const part of v.parts) {
          texts.push([`${name} prompt ${part.key}`, part.prompt.cs]);
          for (const o of part.options ?? []) texts.push([`${name} option ${part.key}`, o.label.cs]);
        }
      }
    }
  }
  return texts;
}

describe('the Czech wording of every template', () => {
  const texts = czechTexts();

  it('writes the conditions inside formulas in Czech ("pro u = 1", not "if u = 1")', () => {
    const english = texts.filter(([, text]) => /\\text\{\s*(if|otherwise|for|and)\b/.test(text));
    expect(english.map(([where]) => where)).toEqual([]);
  });

  it('calls the RL advantage "výhodnost" everywhere, never "výhoda/výhody" (benefits)', () => {
    const policy = texts.filter(([where]) => where.startsWith('policy'));
    for (const [where, text] of policy) {
      // "výhodnost" in any case ending; any other word from "výhod-" means benefits.
      expect(text.match(/výhod(?!nost)\p{L}*/giu) ?? [], where).toEqual([]);
      if (/advantage/i.test(text)) expect(text, where).toMatch(/výhodnost\p{L}* \(advantage/iu);
    }
    expect(policy.some(([where, text]) => where.includes('prompt A') && /výhodnosti/.test(text))).toBe(true);
  });
});
