import type { Lang } from '../engine/template.ts';
import type { Mismatch } from '../answers/kinds/index.ts';

type Texts = Record<Lang, string>;

/** Feedback phrases; none of them contains the reference answer. */
export const FEEDBACK = {
  correct: { en: 'Correct.', cs: 'Správně.' },
  incorrect: { en: 'Not correct.', cs: 'Není správně.' },
  partial: { en: 'Partly correct: some entries are wrong.', cs: 'Částečně správně: některé položky jsou chybně.' },
  blank: { en: 'No answer given.', cs: 'Bez odpovědi.' },
  unreadable: { en: 'Not graded: this answer could not be read.', cs: 'Nehodnoceno: odpověď nelze přečíst.' },
  manual: { en: 'Saved; the instructor will grade this part.', cs: 'Uloženo; tuto část ohodnotí vyučující.' },
  discounted: { en: 'Full marks: this part was discounted.', cs: 'Plný počet bodů: tato část byla uznána všem.' },
  acceptedOnRegrade: { en: 'Accepted when the part was regraded.', cs: 'Uznáno při přehodnocení.' },
  ends: {
    en: 'The interval ends are right but an open/closed end is wrong.',
    cs: 'Krajní body jsou správně, ale otevřenost/uzavřenost některého konce je chybně.',
  },
} satisfies Record<string, Texts>;

export function followThroughText(from: readonly string[], lang: Lang): string {
  const list = from.join(', ');
  return lang === 'en'
    ? `Accepted by follow-through: consistent with your own earlier answer (${list}), which was not correct.`
    : `Uznáno navazujícím hodnocením: odpovídá vaší dřívější odpovědi (${list}), která nebyla správně.`;
}

/** The words a shape mismatch may carry besides sizes ("2 x 2", "3"). */
const CZECH_SHAPE: Readonly<Record<string, string>> = {
  'not a matrix': 'něco jiného než matice',
  'not a vector': 'něco jiného než vektor',
};

export function mismatchText(m: Mismatch | undefined, lang: Lang): string | undefined {
  if (!m) return undefined;
  switch (m.kind) {
    case 'shape':
      return lang === 'en'
        ? `Wrong shape: expected ${m.expected}, got ${m.got}.`
        : `Špatný tvar: očekáváno ${m.expected}, zadáno ${CZECH_SHAPE[m.got] ?? m.got}.`;
    case 'count':
      // How many pieces the answer has is part of the answer (the convergence set's intervals).
      return undefined;
    case 'ends':
      return FEEDBACK.ends[lang];
    case 'value':
      return undefined;
  }
}

export function expectedText(echo: string, lang: Lang): string {
  return lang === 'en' ? `Expected ${echo}.` : `Očekáváno ${echo}.`;
}
