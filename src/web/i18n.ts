import type { Lang } from '../engine/template.ts';

const STRINGS = {
  problem: { en: 'Problem', cs: 'Úloha' },
  points: { en: 'points', cs: 'bodů' },
  check: { en: 'Check how my answers are read', cs: 'Zkontrolovat, jak jsou odpovědi přečteny' },
  submit: { en: 'Submit answers', cs: 'Odeslat odpovědi' },
  newAttempt: { en: 'Start a new attempt', cs: 'Začít nový pokus' },
  readAs: { en: 'Read as', cs: 'Přečteno jako' },
  attempt: { en: 'Attempt', cs: 'Pokus' },
  attemptsLeft: { en: 'attempts left', cs: 'zbývajících pokusů' },
  unlimited: { en: 'unlimited attempts', cs: 'neomezeně pokusů' },
  timeLeft: { en: 'Time left', cs: 'Zbývající čas' },
  draftSaved: { en: 'Answers saved', cs: 'Odpovědi uloženy' },
  minutes: { en: 'min', cs: 'min' },
  closed: { en: 'This attempt is closed.', cs: 'Tento pokus je uzavřen.' },
  submitted: { en: 'Your answers were saved and graded.', cs: 'Vaše odpovědi byly uloženy a ohodnoceny.' },
  duplicate: { en: 'These answers had already been received; nothing was submitted twice.', cs: 'Tyto odpovědi už byly přijaty; nic nebylo odesláno dvakrát.' },
  score: { en: 'Score', cs: 'Skóre' },
  feedbackLater: { en: 'Feedback will be shown after the due date.', cs: 'Hodnocení bude zobrazeno po termínu odevzdání.' },
  feedbackNever: { en: 'Your answers were recorded. Feedback is not shown for this activity.', cs: 'Vaše odpovědi byly zaznamenány. Hodnocení se u této aktivity nezobrazuje.' },
  solution: { en: 'Worked solution', cs: 'Řešení' },
  showSolutions: { en: 'Show the worked solutions', cs: 'Zobrazit řešení' },
  yourAnswer: { en: 'Your answer', cs: 'Vaše odpověď' },
  noAttemptsLeft: { en: 'No attempts left.', cs: 'Nezbývají žádné pokusy.' },
  pendingManual: { en: 'Some parts await grading by the instructor.', cs: 'Některé části čekají na hodnocení vyučujícím.' },
  due: { en: 'Due', cs: 'Termín' },
  inputHelp: {
    en: 'Numbers like 1/3, -8*-2, sqrt(2)/2; vectors [1, -1]; matrices [[1,-1],[1,1]] or [1 -1; 1 1]; intervals (0, 1/3) U (1/2, inf); sets {0, 1/3}.',
    cs: 'Čísla jako 1/3, -8*-2, sqrt(2)/2; vektory [1, -1]; matice [[1,-1],[1,1]] nebo [1 -1; 1 1]; intervaly (0, 1/3) U (1/2, inf); množiny {0, 1/3}.',
  },
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof STRINGS;

export function t(key: MessageKey, lang: Lang): string {
  return STRINGS[key][lang];
}

/** The launch locale ("cs-CZ", "cs", "en_US") picks the language; anything else is English. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('cs') ? 'cs' : 'en';
}
