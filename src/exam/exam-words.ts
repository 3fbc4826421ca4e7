import type { Lang } from '../engine/template.ts';

/** Every fixed word of a printed sheet, per language (templates bring their own text). */
export const WORDS = {
  en: {
    exam: 'Exam',
    variant: 'Variant',
    points: 'Points',
    name: 'Name',
    id: 'Student ID',
    key: 'Answer key',
    keyBadge: 'ANSWER KEY — for instructors',
    answer: 'Answer',
    solution: 'Worked solution',
    problem: 'Problem',
    part: 'Part',
    total: 'Total',
    manual: 'graded by hand',
    page: 'Page',
    of: 'of',
    choose: 'Tick every correct option.',
    chooseOne: 'Tick one option.',
    seed: 'Exam seed',
    date: 'Date',
    duration: 'Duration',
    problems: 'Problems',
    instructions: 'Instructions',
    turnOver: 'Do not turn the page until you are told to start.',
  },
  cs: {
    exam: 'Zkouška',
    variant: 'Varianta',
    points: 'Body',
    name: 'Jméno',
    id: 'Číslo studenta',
    key: 'Klíč odpovědí',
    keyBadge: 'KLÍČ ODPOVĚDÍ — pro vyučující',
    answer: 'Odpověď',
    solution: 'Řešení',
    problem: 'Úloha',
    part: 'Část',
    total: 'Celkem',
    manual: 'hodnotí vyučující',
    page: 'Strana',
    of: 'z',
    choose: 'Označte všechny správné možnosti.',
    chooseOne: 'Označte jednu možnost.',
    seed: 'Semínko zkoušky',
    date: 'Datum',
    duration: 'Čas',
    problems: 'Úlohy',
    instructions: 'Pokyny',
    turnOver: 'Neotáčejte list, dokud nedostanete pokyn začít.',
  },
} satisfies Record<Lang, Record<string, string>>;

/** 2.5 in English, 2,5 in Czech: graders read the decimal mark of their language. */
export function formatPoints(n: number, lang: Lang): string {
  const text = String(Math.round(n * 100) / 100);
  return lang === 'cs' ? text.replace('.', ',') : text;
}

/** "1 point", "2.5 points"; Czech: 1 bod, 2–4 body, 5+ bodů, a fraction "bodu". */
export function pointsPhrase(n: number, lang: Lang): string {
  const num = formatPoints(n, lang);
  if (lang === 'en') return `${num} ${n === 1 ? 'point' : 'points'}`;
  if (!Number.isInteger(n)) return `${num} bodu`;
  return `${num} ${n === 1 ? 'bod' : n >= 2 && n <= 4 ? 'body' : 'bodů'}`;
}

/** Czech plural of a count: 1 minuta, 2–4 minuty, 5+ minut. */
const czechPlural = (n: number, one: string, few: string, many: string): string =>
  n === 1 ? one : n >= 2 && n <= 4 ? few : many;

/** "90 minutes" / "90 minut"; "1 minute" / "1 minuta". */
export function minutesPhrase(n: number, lang: Lang): string {
  return lang === 'en'
    ? `${n} ${n === 1 ? 'minute' : 'minutes'}`
    : `${n} ${czechPlural(n, 'minuta', 'minuty', 'minut')}`;
}

/** "4 problems" / "4 úlohy"; "5 úloh". */
export function problemsPhrase(n: number, lang: Lang): string {
  return lang === 'en'
    ? `${n} ${n === 1 ? 'problem' : 'problems'}`
    : `${n} ${czechPlural(n, 'úloha', 'úlohy', 'úloh')}`;
}
