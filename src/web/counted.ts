import type { Lang } from '../engine/template.ts';
import { formatPoints } from './components/format-points.ts';

/**
 * A number with its noun in the right form. English has one and other; Czech has one (1), few
 * (2 to 4), other (0, 5 and more) and a form of its own for decimals ("2,5 bodu").
 */
type Forms = {
  en: { one: string; other: string };
  /** oneObject: the singular as an object ("má 1 úlohu"), where it differs from "1 úloha". */
  cs: { one: string; few: string; other: string; decimal: string; oneObject?: string };
};

const NOUNS = {
  problem: {
    en: { one: 'problem', other: 'problems' },
    cs: { one: 'úloha', few: 'úlohy', other: 'úloh', decimal: 'úlohy', oneObject: 'úlohu' },
  },
  point: { en: { one: 'point', other: 'points' }, cs: { one: 'bod', few: 'body', other: 'bodů', decimal: 'bodu' } },
  minute: {
    en: { one: 'minute', other: 'minutes' },
    cs: { one: 'minuta', few: 'minuty', other: 'minut', decimal: 'minuty', oneObject: 'minutu' },
  },
  attempt: {
    en: { one: 'attempt', other: 'attempts' },
    cs: { one: 'pokus', few: 'pokusy', other: 'pokusů', decimal: 'pokusu' },
  },
} satisfies Record<string, Forms>;

export type CountedNoun = keyof typeof NOUNS;

/** The noun's form for n ("points" for 0 and 2 in English; "body" for 3, "bodů" for 5 in Czech). */
export function nounFor(n: number, noun: CountedNoun, lang: Lang, asObject = false): string {
  const forms: Forms = NOUNS[noun];
  if (lang === 'en') return n === 1 ? forms.en.one : forms.en.other;
  if (!Number.isInteger(n)) return forms.cs.decimal;
  if (n === 1) return (asObject && forms.cs.oneObject) || forms.cs.one;
  return n >= 2 && n <= 4 ? forms.cs.few : forms.cs.other;
}

/**
 * A count as text: "1 attempt", "4 problems", "2,5 bodu" (Czech writes a decimal comma). `asObject`:
 * the count is the object of a verb, where Czech says "má 1 úlohu, 1 minutu" (not "1 úloha").
 */
export function counted(n: number, noun: CountedNoun, lang: Lang, asObject = false): string {
  const shown = formatPoints(n);
  return `${lang === 'cs' ? shown.replace('.', ',') : shown} ${nounFor(n, noun, lang, asObject)}`;
}

/** "2 attempts left", "zbývají 2 pokusy", "zbývá 10 minut": Czech puts the verb first and makes it agree. */
export function countLeft(n: number, noun: CountedNoun, lang: Lang): string {
  if (lang === 'en') return `${counted(n, noun, lang)} left`;
  return `${Number.isInteger(n) && n >= 2 && n <= 4 ? 'zbývají' : 'zbývá'} ${counted(n, noun, lang)}`;
}
