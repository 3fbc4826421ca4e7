import type { VariantPart, Variant } from '../../../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../../../engine/template.ts';
import type { AnswerCheck } from '../../answer-checks.ts';
import { parseErrorText } from '../../../answers/parse-error-text.ts';
import type { AnswerIssue } from '../../../activity/answer-issues.ts';
import { answerField } from '../../../activity/answer-field.ts';
import { problemPartPoints, type ProblemScore } from '../../../grading/scoring.ts';
import {
  encodedHtml,
  html,
  joinHtml,
  renderHtml,
  unsafeHtml,
  type EncodedHtml,
  type HtmlSafeString,
} from '../../../render/html.ts';
import { mathInlineHtml, renderInline, renderMathText } from '../../../render/math-text.ts';
import { BoundedCache } from '../../../lib/bounded-cache.ts';
import { t } from '../../i18n.ts';
import { languageFieldHtml, languageSwitchHtml } from '../../components/language-switch.html.ts';
import { layoutHtml } from '../../components/layout.html.ts';
import { pointsOf } from '../../components/format-points.ts';
import { formatPercent } from '../../components/format-percent.ts';
import { counted as countedNoun, countLeft } from '../../counted.ts';

export interface QuizProblemView {
  template: AnyTemplate;
  variant: Variant;
  /** Points this problem is worth in the activity. */
  points: number;
}

/** The attempt's score as the top of the page shows it. */
export interface ScoreSummaryView {
  points: number;
  maxPoints: number;
  /** After the retry penalty: what counts. */
  scoreFraction: number;
  /** Before the retry penalty. */
  rawScore: number;
  pendingManual: boolean;
}

/** One graded part as the learner sees it (a stored part of the current graded version). */
export interface PartFeedbackView {
  score: number;
  points: number;
  maxPoints: number;
  correct: boolean;
  feedback: string;
  pendingManual: boolean;
  unreadable?: boolean;
  bonus?: boolean;
  /** A part the student may leave blank (a bonus, an optional explanation). */
  optional?: boolean;
  /** What was typed. */
  raw?: string;
  manualScore?: number;
  comment?: string;
  acceptedReading?: string;
  parsed: { error?: string };
}

export interface QuizFeedbackView {
  /** By problem, then by part key. */
  parts: ReadonlyArray<Readonly<Record<string, PartFeedbackView>>>;
  problems: readonly ProblemScore[];
}

/** The line under the title: which attempt, how it ended, what is left. */
export interface AttemptHeaderView {
  attemptNumber: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  /** How the attempt ended; absent while it is open. */
  closed?: 'submitted' | 'timedOut';
  dueAt?: Date;
}

export interface QuizPageModel {
  lang: Lang;
  title: string;
  /** The learner session token (learner-session.ts), sent back with every form. */
  session: string;
  header: AttemptHeaderView;
  /** An open timed attempt's end. */
  deadlineAt?: Date;
  now: Date;
  problems: QuizProblemView[];
  /** What the student typed last (draft or submission), by field name. */
  typed: Readonly<Record<string, string>>;
  /** The "check" action's reading of each field. */
  checks?: Readonly<Record<string, AnswerCheck>>;
  /** A submit found blank or unreadable parts: the student confirms or fixes them. */
  confirm?: readonly AnswerIssue[];
  /** The parts and problem points of the attempt's current graded version, shown only if the feedback mode allows. */
  feedback?: QuizFeedbackView;
  showSolutions: boolean;
  /** The attempt's score, at the top of the page, with the feedback. */
  summary?: ScoreSummaryView;
  canSubmit: boolean;
  canStartNewAttempt: boolean;
  idempotencyKey: string;
  banners: Array<{ text: string; kind: 'info' | 'error' }>;
  /** The LMS sent no locale: the page offers a language switch and its forms carry the choice. */
  chooseLanguage: boolean;
}

/** The sticky bar's strings for the page's script (announcements at 10 and 1 minutes). */
function timerDataHtml(lang: Lang): HtmlSafeString {
  return html` data-left10="${countLeft(10, 'minute', lang)}" data-left1="${countLeft(1, 'minute', lang)}" data-time-up="${t('timeUp', lang)}"`;
}

/** "29 min" while minutes matter, "4:59" in the last five minutes (the page's script shows the same). */
export function formatTimeLeft(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s > 300) return `${Math.ceil(s / 60)} ${t('minutes', lang)}`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function attemptHeaderHtml(h: AttemptHeaderView, lang: Lang): HtmlSafeString {
  const which =
    h.attemptsAllowed === null
      ? `${t('attempt', lang)} ${h.attemptNumber} (${t('unlimited', lang)})`
      : `${t('attempt', lang)} ${h.attemptNumber} ${t('of', lang)} ${h.attemptsAllowed}`;
  const ended = h.closed && ` · ${t(h.closed === 'timedOut' ? 'statusTimedOut' : 'statusSubmitted', lang)}`;
  const remaining = h.attemptsAllowed === null ? 0 : Math.max(0, h.attemptsAllowed - h.attemptsUsed);
  const left = h.closed && remaining > 0 && ` · ${countLeft(remaining, 'attempt', lang)}`;
  const due = h.dueAt && ` · ${t('due', lang)}: ${h.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return html`${which}${ended}${left}${due}`;
}

/** The line under the title; also sent to the page's script after a JSON submit. */
export function renderAttemptHeader(h: AttemptHeaderView, lang: Lang): string {
  return renderHtml(attemptHeaderHtml(h, lang));
}

/** Whether a part counts for "answered": the required ones (all, in a problem with none required). */
function countsAsAnswered(parts: readonly VariantPart[], part: VariantPart): boolean {
  return !part.optional || parts.every((p) => p.optional);
}

/** Required parts answered: all, some or none (optional parts do not count). */
function answeredState(p: QuizProblemView, index: number, typed: Readonly<Record<string, string>>) {
  const counted = p.variant.parts.filter((part) => countsAsAnswered(p.variant.parts, part));
  const filled = counted.filter((part) => (typed[answerField(index, part.key)] ?? '').trim() !== '').length;
  return filled === counted.length ? 'answered' : filled > 0 ? 'partlyAnswered' : 'unanswered';
}

/**
 * What stays on screen while the student scrolls: the time left (an open timed attempt) and the
 * problems, each with whether it is answered, as links (pages with more than one problem).
 */
function quizBarHtml(m: QuizPageModel): HtmlSafeString | '' {
  const { lang } = m;
  const secondsLeft =
    m.deadlineAt && m.canSubmit
      ? Math.max(0, Math.floor((m.deadlineAt.getTime() - m.now.getTime()) / 1000))
      : undefined;
  const timer =
    secondsLeft !== undefined &&
    html`<div class="timer" id="timer" data-seconds-left="${secondsLeft}"${timerDataHtml(lang)}>${t('timeLeft', lang)}: <strong id="time-left">${formatTimeLeft(secondsLeft, lang)}</strong></div>`;
  const nav =
    m.problems.length > 1 &&
    html`<nav class="problem-nav" aria-label="${t('problemsNav', lang)}" data-answered="${t('answered', lang)}" data-partly-answered="${t('partlyAnswered', lang)}" data-unanswered="${t('unanswered', lang)}"><ol>${m.problems.map(
      (p, i) => {
        const state = answeredState(p, i, m.typed);
        return html`<li><a href="#problem-${i}" id="nav-${i}" class="${state}"><span aria-hidden="true">${i + 1}</span><span class="sr-only">${t('problem', lang)} ${i + 1}, <span class="nav-state">${t(state, lang)}</span></span></a></li>`;
      },
    )}</ol></nav>`;
  if (!timer && !nav) return '';
  return html`<div class="quiz-bar" id="quiz-bar">${timer}${nav}</div>
<div id="timer-announce" class="sr-only" aria-live="assertive" aria-atomic="true"></div>`;
}

/** The page as markup whose statements stay encoded: send it with htmlBytes. */
export function renderQuizPage(m: QuizPageModel): HtmlSafeString {
  const { lang } = m;
  const banners = joinHtml(
    m.banners.map(
      (b) =>
        html`<div class="banner${b.kind === 'error' ? ' error' : ''}" role="${b.kind === 'error' ? 'alert' : 'status'}">${b.text}</div>`,
    ),
    '\n',
  );
  const score = m.summary
    ? html`<div class="banner score-summary" id="score-summary" role="status">${scoreSummaryHtml(m.summary, lang)}</div>`
    : html`<div class="banner score-summary" id="score-summary" role="status" hidden></div>`;
  const problems = joinHtml(
    m.problems.map((p, i) => problemHtml(p, i, m)),
    '\n',
  );
  const body = html`
${m.chooseLanguage && languageSwitchHtml(lang, 'quiz-form')}
<h1>${m.title}</h1>
<p class="meta" id="attempt-header">${attemptHeaderHtml(m.header, lang)}</p>
${quizBarHtml(m)}
${banners}
${score}
<form method="post" action="/quiz" id="quiz-form" novalidate data-quiz data-read-as="${t('readAs', lang)}" data-show-solutions="${t('showSolutions', lang)}" data-new-attempt="${t('newAttempt', lang)}" data-saved="${t('draftSaved', lang)}" data-minutes="${t('minutes', lang)}" data-not-sent="${t('notSent', lang)}" data-retry="${t('retry', lang)}"${m.canSubmit && ' data-autosave'}>
<input type="hidden" name="session" value="${m.session}">
${m.chooseLanguage && languageFieldHtml(lang)}
<input type="hidden" name="idempotencyKey" value="${m.idempotencyKey}">
${m.confirm ? confirmSectionHtml(m.confirm, m.problems, lang) : html`<div id="confirm-slot"></div>`}
<p class="meta" id="input-help">${t('inputHelp', lang)}</p>
${problems}
<div id="quiz-status" hidden></div>
<p class="meta" id="save-status"></p>
<div class="actions">
${m.canSubmit && html`<button type="submit" name="action" value="check">${t('check', lang)}</button>`}
${m.canSubmit && html`<button type="submit" name="action" value="submit" class="primary">${t('submit', lang)}</button>`}
${m.canStartNewAttempt && html`<button type="submit" name="action" value="new-attempt">${t('newAttempt', lang)}</button>`}
</div>
</form>
<script type="module" src="/assets/app/quiz/main.js"></script>`;
  return layoutHtml({ lang, title: m.title, body });
}

function problemHtml(p: QuizProblemView, index: number, m: QuizPageModel): HtmlSafeString {
  const { lang } = m;
  const grades = m.feedback?.parts[index];
  const problemScore = m.feedback?.problems[index];
  const plan = problemPartPoints(p.variant.parts, p.points);
  const parts = joinHtml(
    p.variant.parts.map((part) => partHtml(part, index, m, grades?.[part.key], plan.get(part.key))),
    '\n',
  );
  const solution =
    m.showSolutions &&
    html`<details><summary>${t('solution', lang)}</summary>${renderedOnce(p, lang, 'solution')}</details>`;
  return html`<section class="card" aria-labelledby="problem-${index}" data-problem="${index}">
<h2 id="problem-${index}">${t('problem', lang)} ${index + 1}: ${p.template.title[lang]} <span class="meta">(${countedNoun(p.points, 'point', lang)})</span> <span class="problem-score" id="problem-score-${index}">${problemScore && problemScoreHtml(problemScore, lang)}</span></h2>
${renderedOnce(p, lang, 'stem')}
${parts}
${solution}
</section>`;
}

/**
 * The statement with its diagram, and the worked solution, depend only on the variant and the
 * language; KaTeX makes them the costliest part of a page, and the same learner's page is drawn on
 * every check and submit. Keyed by the variant object (shared through loadProblems' cache). Kept
 * as the UTF-8 bytes the response carries (EncodedHtml), so that a page copies them instead of
 * joining and encoding them again. Bounded by bytes: a batch-norm variant's statement and solution
 * are over 100 kB of HTML.
 */
const renderedPieces = new BoundedCache<Variant, Map<string, EncodedHtml>>(10_000, {
  weigh: (byPiece) => [...byPiece.values()].reduce((n, markup) => n + markup.bytes.length, 0),
  maxWeight: 24_000_000,
});

function renderedOnce(p: QuizProblemView, lang: Lang, piece: 'stem' | 'solution'): EncodedHtml {
  const key = `${piece}:${lang}`;
  const cached = renderedPieces.get(p.variant)?.get(key);
  if (cached !== undefined) return cached;
  // The statement's text is escaped by renderMathText; the diagram is SVG drawn by the template's own code.
  const markup = encodedHtml(
    renderHtml(
      piece === 'stem'
        ? html`${unsafeHtml(renderMathText(p.template.statement(p.variant.params, lang)))}\n${p.template.diagram && html`<div class="diagram">${unsafeHtml(p.template.diagram(p.variant.params))}</div>`}`
        : html`<ol class="steps" tabindex="0">${p.template
            .solution(p.variant.params, p.variant.answers, lang)
            .map((step) => html`<li>${unsafeHtml(renderInline(step))}</li>`)}</ol>`,
    ),
  );
  // A new Map on each change, so the cache re-weighs the entry.
  renderedPieces.set(p.variant, new Map(renderedPieces.get(p.variant)).set(key, markup));
  return markup;
}

function partHtml(
  part: VariantPart,
  problemIndex: number,
  m: QuizPageModel,
  grade: PartFeedbackView | undefined,
  worth: { points: number; bonus: boolean } | undefined,
): HtmlSafeString {
  const name = answerField(problemIndex, part.key);
  const id = `f-${problemIndex}-${part.key}`;
  const counts = countsAsAnswered(m.problems[problemIndex]?.variant.parts ?? [], part);
  const typed = m.typed[name] ?? '';
  const check = m.checks?.[name];
  const describedBy = [`${id}-echo`, `${id}-feedback`, 'input-help'].join(' ');
  const prompt = html`${mathInlineHtml(part.prompt[m.lang])}${worth && html` <span class="meta part-worth">(${worth.bonus && `${t('bonus', m.lang)} `}${countedNoun(worth.points, 'point', m.lang)})</span>`}`;
  let control: HtmlSafeString;
  if (part.options && (part.type === 'choice' || part.type === 'multiChoice')) {
    const chosen = new Set(typed.split(/[\s,]+/).filter(Boolean));
    const inputType = part.type === 'choice' ? 'radio' : 'checkbox';
    control = html`<fieldset aria-describedby="${id}-feedback"><legend>${prompt}</legend>${part.options.map(
      (o) =>
        html`<div class="option"><input type="${inputType}" id="${id}-${o.letter}" name="${name}" value="${o.letter}"${chosen.has(o.letter) && ' checked'}${!m.canSubmit && ' disabled'}><label for="${id}-${o.letter}">${o.letter}) ${mathInlineHtml(o.label[m.lang])}</label></div>`,
    )}</fieldset>`;
  } else if (part.type === 'freeText') {
    control = html`<label for="${id}">${prompt}</label><textarea id="${id}" name="${name}" maxlength="5000" aria-describedby="${describedBy}"${!m.canSubmit && ' readonly'}>${typed}</textarea>`;
  } else {
    control = html`<label for="${id}">${prompt}</label><input type="text" id="${id}" name="${name}" value="${typed}" autocomplete="off" spellcheck="false" autocapitalize="off" maxlength="2000" aria-describedby="${describedBy}"${!m.canSubmit && ' readonly'}>`;
  }
  return html`<div class="part"${counts && ' data-required'}>${control}<div id="${id}-echo" class="echo-slot" aria-live="polite">${check && echoHtml(check, m.lang)}</div><div id="${id}-feedback">${grade && feedbackHtml(grade, m.lang)}</div></div>`;
}

function echoHtml(check: AnswerCheck, lang: Lang): HtmlSafeString {
  // check.html is the reading typeset by KaTeX on the server (answer-latex.ts), never the raw input.
  if (check.ok)
    return html`<div class="echo ok">${t('readAs', lang)}: <span class="echo-value">${unsafeHtml(check.html)}</span></div>`;
  return html`<div class="echo bad">${check.error}</div>`;
}

function confirmSectionHtml(
  issues: readonly AnswerIssue[],
  problems: readonly QuizProblemView[],
  lang: Lang,
): HtmlSafeString {
  // One line per problem and kind: "Problem 2: no answer in parts 1, 3, 4", each part a link to it.
  const lines: HtmlSafeString[] = [];
  problems.forEach((problem, i) => {
    for (const kind of ['unreadable', 'blank'] as const) {
      const mine = issues.filter((x) => x.problemIndex === i && x.kind === kind);
      if (mine.length === 0) continue;
      const links = joinHtml(
        mine.map(
          (x) =>
            html`<a href="#f-${i}-${x.partKey}">${problem.variant.parts.findIndex((p) => p.key === x.partKey) + 1}</a>`,
        ),
        ', ',
      );
      lines.push(
        html`<li>${t('problem', lang)} ${i + 1}: ${t(kind === 'blank' ? 'issueBlank' : 'issueUnreadable', lang)} (${t(mine.length === 1 ? 'part' : 'parts', lang)} ${links})</li>`,
      );
    }
  });
  const first = issues[0];
  return html`<section class="card confirm" id="confirm-slot" role="alert" aria-labelledby="confirm-heading">
<h2 id="confirm-heading">${t('confirmHeading', lang)}</h2>
<ul>${lines}</ul>
<p>${t('confirmExplain', lang)}</p>
<div class="actions"><button type="submit" name="action" value="submit-confirmed" class="primary">${t('submitAnyway', lang)}</button><a href="#f-${first?.problemIndex ?? 0}-${first?.partKey ?? ''}" class="button-link">${t('fixAnswers', lang)}</a></div>
</section>`;
}

/**
 * The summary a submit with blank or unreadable parts answers first (inside the form, so "Submit
 * anyway" sends the answers as they are; each part's own message is shown at the part). Also sent
 * to the page's script, which puts it in place of #confirm-slot.
 */
export function renderConfirmSection(
  issues: readonly AnswerIssue[],
  problems: readonly QuizProblemView[],
  lang: Lang,
): string {
  return renderHtml(confirmSectionHtml(issues, problems, lang));
}

function scoreSummaryHtml(s: ScoreSummaryView, lang: Lang): HtmlSafeString {
  const penalty = s.rawScore > s.scoreFraction + 1e-9 && ` · ${t('afterPenalty', lang)}`;
  return html`${t('score', lang)}: <strong>${pointsOf(s.points, s.maxPoints)} ${t('points', lang)}</strong> (${formatPercent(s.scoreFraction)})${penalty}${s.pendingManual && ` · ${t('pendingManual', lang)}`}`;
}

/** The attempt's score at the top of the page: points, the share, the retry penalty, what waits. */
export function renderScoreSummary(s: ScoreSummaryView, lang: Lang): string {
  return renderHtml(scoreSummaryHtml(s, lang));
}

function problemScoreHtml(p: ProblemScore, lang: Lang): HtmlSafeString {
  return html`<strong>${pointsOf(p.points, p.maxPoints)}</strong> <span class="sr-only">${t('points', lang)}</span>`;
}

/** "3.5 / 5": a problem's points in its heading. */
export function renderProblemScore(p: ProblemScore, lang: Lang): string {
  return renderHtml(problemScoreHtml(p, lang));
}

function feedbackHtml(g: PartFeedbackView, lang: Lang): HtmlSafeString {
  const points = html` <span class="part-points">(${g.bonus && `${t('bonus', lang)} `}${pointsOf(g.points, g.maxPoints)})</span>`;
  const reading =
    g.acceptedReading !== undefined && html` ${t('readingAccepted', lang)} <code>${g.acceptedReading}</code>.`;
  const comment =
    g.comment &&
    html`<div class="comment"><span class="meta">${t('instructorComment', lang)}:</span> ${g.comment}</div>`;
  if (g.manualScore !== undefined)
    return html`<div class="feedback graded">${t('gradedByInstructor', lang)}${reading}${points}${comment}</div>`;
  if (g.pendingManual) {
    const why = g.unreadable
      ? html`${t('unreadableWaits', lang)}${g.parsed.error && html` <span class="meta">${parseErrorText(g.parsed.error, lang)}</span>`}`
      : t('manualWaits', lang);
    return html`<div class="feedback pending">${why}</div>`;
  }
  // An optional part left blank is no mistake: said plainly, not in red.
  if ((g.optional || g.bonus) && (g.raw ?? '').trim() === '')
    return html`<div class="feedback skipped">${t('optionalSkipped', lang)}${points}</div>`;
  const kind = g.correct ? 'correct' : g.score > 0 ? 'partial' : 'wrong';
  return html`<div class="feedback ${kind}">${mathInlineHtml(g.feedback)}${reading}${points}${comment}</div>`;
}

/** One part's feedback line and its points; also sent to the page's script after a JSON submit. */
export function renderFeedback(g: PartFeedbackView, lang: Lang): string {
  return renderHtml(feedbackHtml(g, lang));
}
