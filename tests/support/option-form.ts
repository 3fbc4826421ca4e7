import katex from 'katex';
import type { AnyTemplate, ChoicePart, Lang } from '../../src/engine/template.ts';
import { choicePart } from '../../src/engine/template.ts';

/** The $...$ pieces of a text, each without its dollars and spaces. */
export function mathSegments(text: string): string[] {
  return [...text.matchAll(/\$([^$]+)\$/g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'" };

/**
 * The text a reader sees: words as written, each formula as KaTeX typesets it (its MathML's
 * characters: \hat{x} is "x^", \partial y_i is "∂yi"), without the LaTeX source.
 */
export function visibleText(text: string): string {
  return text.replace(/\$([^$]+)\$/g, (_m, tex: string) =>
    katex
      .renderToString(tex, { output: 'mathml', throwOnError: false, strict: 'ignore' })
      .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? '?')
      .replace(/\s+/g, ''),
  );
}

export const visibleLength = (text: string): number => [...visibleText(text)].length;

/** Text outside formulas that gives a reason: a colon, or a connective (so, because, tedy, protože, ...). */
export const givesReason = (text: string): boolean =>
  /:|\b(so|because|since|hence|therefore)\b|(?<!\p{L})(tedy|takže|protože|proto|neboť)(?!\p{L})/iu.test(
    text.replace(/\$[^$]+\$/g, ' '),
  );

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** How far the correct option may be longer than a typical wrong one before it stands out. */
export const MAX_LENGTH_RATIO = 1.3;

/**
 * What gives a choice part's answer away by the options' form, in one language: the correct option
 * (of a single choice) is longer than every wrong one, or much longer than a typical wrong one, or
 * the only kind that gives a reason, or carries more formulas than every wrong one; in a
 * multiple choice, the correct options are all longer than every wrong one or much longer on
 * average, or give reasons where a wrong one gives none. Empty when nothing does.
 */
export function formGiveaways(part: ChoicePart<string>, lang: Lang): string[] {
  const correct = part.options.filter((o) => part.correctOptions.includes(o.id)).map((o) => o.label[lang]);
  const wrong = part.options.filter((o) => !part.correctOptions.includes(o.id)).map((o) => o.label[lang]);
  const found: string[] = [];
  const lengths = (texts: string[]) => texts.map(visibleLength);
  const [right, others] = [lengths(correct), lengths(wrong)];
  if (Math.min(...right) > Math.max(...others)) found.push('the correct option is longer than every wrong one');
  const ratio = median(right) / median(others);
  if (ratio > MAX_LENGTH_RATIO) found.push(`the correct option is ${ratio.toFixed(2)} times as long as a wrong one`);
  if (correct.every(givesReason) && !wrong.every(givesReason)) found.push('only the correct option gives a reason');
  const formulas = (texts: string[]) => texts.map((t) => mathSegments(t).length);
  if (Math.min(...formulas(correct)) > Math.max(...formulas(wrong)))
    found.push('the correct option has more formulas than every wrong one');
  return found;
}

/** Every choice part of a template with what gives it away, per language: "gd v2 absStep (en): ...". */
export function templateGiveaways(template: AnyTemplate, langs: readonly Lang[]): string[] {
  return template.parts.flatMap((spec) => {
    const part = choicePart(spec);
    if (!part) return [];
    return langs.flatMap((lang) =>
      formGiveaways(part, lang).map((what) => `${template.id} v${template.version} ${part.key} (${lang}): ${what}`),
    );
  });
}
