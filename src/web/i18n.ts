import type { Lang } from '../engine/template.ts';

const STRINGS = {
  problem: { en: 'Problem', cs: 'Úloha' },
  points: { en: 'points', cs: 'bodů' },
  point: { en: 'point', cs: 'bod' },
  bonus: { en: 'bonus', cs: 'bonus' },
  afterPenalty: { en: 'after the retry penalty', cs: 'po srážce za opakovaný pokus' },
  instructorComment: { en: "Instructor's comment", cs: 'Komentář vyučujícího' },
  gradedByInstructor: { en: 'Graded by the instructor.', cs: 'Ohodnoceno vyučujícím.' },
  readingAccepted: { en: 'Your answer was read as', cs: 'Vaše odpověď byla přečtena jako' },
  manualWaits: { en: 'Saved; the instructor will grade this part.', cs: 'Uloženo; tuto část ohodnotí vyučující.' },
  unreadableWaits: {
    en: 'Not graded: this answer could not be read; the instructor will read it.',
    cs: 'Nehodnoceno: odpověď nelze přečíst; přečte ji vyučující.',
  },
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
  duplicate: {
    en: 'These answers had already been received; nothing was submitted twice.',
    cs: 'Tyto odpovědi už byly přijaty; nic nebylo odesláno dvakrát.',
  },
  score: { en: 'Score', cs: 'Skóre' },
  notSent: {
    en: 'Not sent — your answers are saved in this page; retry.',
    cs: 'Neodesláno — vaše odpovědi zůstávají na této stránce; zkuste to znovu.',
  },
  retry: { en: 'Retry', cs: 'Zkusit znovu' },
  feedbackLater: {
    en: 'Feedback will be shown after the due date.',
    cs: 'Hodnocení bude zobrazeno po termínu odevzdání.',
  },
  feedbackNever: {
    en: 'Your answers were recorded. Feedback is not shown for this activity.',
    cs: 'Vaše odpovědi byly zaznamenány. Hodnocení se u této aktivity nezobrazuje.',
  },
  solution: { en: 'Worked solution', cs: 'Řešení' },
  showSolutions: { en: 'Show the worked solutions', cs: 'Zobrazit řešení' },
  yourAnswer: { en: 'Your answer', cs: 'Vaše odpověď' },
  noAttemptsLeft: { en: 'No attempts left.', cs: 'Nezbývají žádné pokusy.' },
  pendingManual: {
    en: 'Some parts await grading by the instructor.',
    cs: 'Některé části čekají na hodnocení vyučujícím.',
  },
  due: { en: 'Due', cs: 'Termín' },
  part: { en: 'part', cs: 'část' },
  parts: { en: 'parts', cs: 'části' },
  confirmHeading: { en: 'Before you submit', cs: 'Před odesláním' },
  issueBlank: { en: 'no answer', cs: 'bez odpovědi' },
  issueUnreadable: { en: 'cannot be read, see the message at the part', cs: 'nelze přečíst, viz zpráva u části' },
  confirmExplain: {
    en: 'These parts would score nothing as they are; an answer that cannot be read is not graded but kept for the instructor. Fix them below, or submit anyway.',
    cs: 'Tyto části by takto nezískaly žádné body; odpověď, kterou nelze přečíst, se nehodnotí, ale zůstane vyučujícímu. Opravte je níže, nebo odešlete i tak.',
  },
  submitAnyway: { en: 'Submit anyway', cs: 'Přesto odeslat' },
  fixAnswers: { en: 'Fix my answers', cs: 'Opravit odpovědi' },
  language: { en: 'Language', cs: 'Jazyk' },
  inputHelp: {
    en: 'Numbers like 3/4, -8*-2, sqrt(2)/2; vectors [2, -5]; matrices [[2,-5],[0,3]] or [2 -5; 0 3]; intervals [-1, 2) U (5, inf); sets {-1, 4}.',
    cs: 'Čísla jako 1,75, 3/4, -8*-2, sqrt(2)/2; vektory [2, -5]; matice [[2,-5],[0,3]] nebo [2 -5; 0 3]; intervaly [-1, 2) U (5, inf); množiny {-1, 4}. S desetinnou čárkou oddělujte položky středníkem: [1,5; -2], (0; 2,5], {0; 0,5}; bez středníku čárka odděluje položky ([1,5] jsou dvě čísla). Desetinná tečka platí také.',
  },
  notStarted: {
    en: 'This attempt has not started: open the activity again and press Start.',
    cs: 'Tento pokus nebyl zahájen: otevřete aktivitu znovu a stiskněte Začít.',
  },
  examHas: { en: 'This exam has', cs: 'Tato zkouška má' },
  oneAttempt: { en: 'one attempt', cs: 'jeden pokus' },
  attemptOf: { en: 'attempt', cs: 'pokus' },
  of: { en: 'of', cs: 'z' },
  clockStarts: {
    en: 'The clock starts when you press Start; it keeps running if you close the page. When the time is up, the answers saved so far are submitted.',
    cs: 'Čas začne běžet, až stisknete Začít, a běží dál, i když stránku zavřete. Po uplynutí času se odešlou dosud uložené odpovědi.',
  },
  extraTime: { en: 'Extra time', cs: 'Prodloužení' },
  start: { en: 'Start', cs: 'Začít' },
  timeUp: {
    en: 'Time is up: your saved answers are being submitted.',
    cs: 'Čas vypršel: uložené odpovědi se odesílají.',
  },
  left: { en: 'left', cs: 'zbývá' },
  statusSubmitted: { en: 'submitted', cs: 'odevzdáno' },
  statusTimedOut: { en: 'closed when the time ran out', cs: 'uzavřeno po uplynutí času' },
  problemsNav: { en: 'Problems', cs: 'Úlohy' },
  answered: { en: 'answered', cs: 'zodpovězeno' },
  partlyAnswered: { en: 'partly answered', cs: 'částečně zodpovězeno' },
  unanswered: { en: 'not answered', cs: 'nezodpovězeno' },
  opening: { en: 'Opening the activity…', cs: 'Otevírá se aktivita…' },
  continue: { en: 'Continue', cs: 'Pokračovat' },
  optionalSkipped: { en: 'Optional; not answered.', cs: 'Nepovinné; bez odpovědi.' },
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof STRINGS;

export function t(key: MessageKey, lang: Lang): string {
  return STRINGS[key][lang];
}

/** The launch locale ("cs-CZ", "cs", "en_US") picks the language; anything else is English. */
export function langFromLocale(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('cs') ? 'cs' : 'en';
}
