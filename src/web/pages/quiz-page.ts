import type { VariantPart, Variant } from '../../engine/generate-variant.ts';
import type { AnyTemplate, Lang } from '../../engine/template.ts';
import type { AnswerCheck } from '../answer-checks.ts';
import { parseErrorText } from '../../answers/parse-error-text.ts';
import type { AnswerIssue } from '../../activity/answer-issues.ts';
import { problemPartPoints, type ProblemScore } from '../../activity/scoring.ts';
import type { SubmissionDoc } from '../../store/models/submission.ts';
import type { PartView, SubmissionView } from '../learner-view.ts';
import { formatPoints, pointsOf } from './format-points.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { renderInline, renderMathText } from '../../render/math-text.ts';
import { t } from '../i18n.ts';
import { layout } from './layout.ts';
import { BoundedCache } from '../../lib/bounded-cache.ts';
import { formatPercent } from './format-percent.ts';
import { answerField } from '../../activity/attempt-service.ts';

export interface QuizProblemView {
  template: AnyTemplate;
  variant: Variant;
  /** Points this problem is worth in the activity. */
  points: number;
}

export interface QuizPageModel {
  lang: Lang;
  title: string;
  /** ltijs session token, carried in every form so the page works in an iframe without cookies. */
  /** The learner session token (learner-session.ts), sent back with every form. */
  session: string;
  attemptNumber: number;
  attemptsAllowed: number | null;
  attemptsUsed: number;
  dueAt?: Date;
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
  feedback?: SubmissionView;
  showSolutions: boolean;
  /** The attempt's score, at the top of the page, with the feedback. */
  summary?: Pick<SubmissionDoc, 'points' | 'maxPoints' | 'scoreFraction' | 'rawScore' | 'pendingManual'>;
  canSubmit: boolean;
  canStartNewAttempt: boolean;
  idempotencyKey: string;
  banners: Array<{ text: string; kind: 'info' | 'error' }>;
}

export function renderQuizPage(m: QuizPageModel): string {
  const { lang } = m;
  const attemptsInfo =
    m.attemptsAllowed === null
      ? t('unlimited', lang)
      : `${Math.max(0, m.attemptsAllowed - m.attemptsUsed)} ${t('attemptsLeft', lang)}`;
  const timeLeft = m.deadlineAt
    ? ` · ${t('timeLeft', lang)}: <strong id="time-left">${Math.max(0, Math.ceil((m.deadlineAt.getTime() - m.now.getTime()) / 60000))} ${t('minutes', lang)}</strong>`
    : '';
  const due = m.dueAt
    ? ` · ${t('due', lang)}: ${escapeHtml(m.dueAt.toISOString().slice(0, 16).replace('T', ' '))} UTC`
    : '';
  const banners = m.banners
    .map(
      (b) =>
        `<div class="banner${b.kind === 'error' ? ' error' : ''}" role="${b.kind === 'error' ? 'alert' : 'status'}">${escapeHtml(b.text)}</div>`,
    )
    .join('\n');
  const score = m.summary
    ? `<div class="banner score-summary" id="score-summary" role="status">${renderScoreSummary(m.summary, lang)}</div>`
    : '<div class="banner score-summary" id="score-summary" role="status" hidden></div>';
  const problems = m.problems.map((p, i) => renderProblem(p, i, m)).join('\n');
  const disabled = m.canSubmit ? '' : ' disabled';
  const body = `
<h1>${escapeHtml(m.title)}</h1>
<p class="meta">${t('attempt', lang)} ${m.attemptNumber} · ${attemptsInfo}${timeLeft}${due}</p>
${banners}
${score}
<form method="post" action="/quiz" novalidate data-quiz data-read-as="${escapeHtml(t('readAs', lang))}" data-show-solutions="${escapeHtml(t('showSolutions', lang))}" data-new-attempt="${escapeHtml(t('newAttempt', lang))}" data-saved="${escapeHtml(t('draftSaved', lang))}" data-minutes="${escapeHtml(t('minutes', lang))}" data-not-sent="${escapeHtml(t('notSent', lang))}" data-retry="${escapeHtml(t('retry', lang))}"${
    m.deadlineAt && m.canSubmit
      ? ` data-seconds-left="${Math.max(0, Math.floor((m.deadlineAt.getTime() - m.now.getTime()) / 1000))}"`
      : ''
  }${m.canSubmit ? ' data-autosave' : ''}>
<input type="hidden" name="session" value="${escapeHtml(m.session)}">
<input type="hidden" name="idempotencyKey" value="${escapeHtml(m.idempotencyKey)}">
${m.confirm ? renderConfirmSection(m.confirm, m.problems, lang) : '<div id="confirm-slot"></div>'}
<p class="meta" id="input-help">${escapeHtml(t('inputHelp', lang))}</p>
${problems}
<div id="quiz-status" hidden></div>
<p class="meta" id="save-status"></p>
<div class="actions">
<button type="submit" name="action" value="check"${disabled}>${t('check', lang)}</button>
<button type="submit" name="action" value="submit" class="primary"${disabled}>${t('submit', lang)}</button>
${m.canStartNewAttempt ? `<button type="submit" name="action" value="new-attempt">${t('newAttempt', lang)}</button>` : ''}
</div>
</form>
<script src="/assets/app/quiz.js" defer></script>`;
  return layout({ lang, title: m.title, body });
}

function renderProblem(p: QuizProblemView, index: number, m: QuizPageModel): string {
  const { lang } = m;
  const grades = m.feedback?.parts[index];
  const problemScore = m.feedback?.problems[index];
  const plan = problemPartPoints(p.variant.parts, p.points);
  const parts = p.variant.parts
    .map((part) => renderPart(part, index, m, grades?.[part.key], plan.get(part.key)))
    .join('\n');
  const solution = m.showSolutions
    ? `<details><summary>${t('solution', lang)}</summary>${renderedOnce(p, lang, 'solution')}</details>`
    : '';
  return `<section class="card" aria-labelledby="problem-${index}">
<h2 id="problem-${index}">${t('problem', lang)} ${index + 1}: ${escapeHtml(p.template.title[lang])} <span class="meta">(${formatPoints(p.points)} ${t('points', lang)})</span> <span class="problem-score" id="problem-score-${index}">${problemScore ? renderProblemScore(problemScore, lang) : ''}</span></h2>
${renderedOnce(p, lang, 'stem')}
${parts}
${solution}
</section>`;
}

/**
 * The statement with its diagram, and the worked solution, depend only on the variant and the
 * language; KaTeX makes them the costliest part of a page, and the same learner's page is drawn on
 * every check and submit. Keyed by the variant object (shared through loadProblems' cache). Bounded
 * by characters: a batch-norm variant's statement and solution are over 100,000 characters of HTML.
 */
const renderedPieces = new BoundedCache<Variant, Map<string, string>>(10_000, {
  weigh: (byPiece) => [...byPiece.values()].reduce((n, html) => n + html.length, 0),
  maxWeight: 24_000_000,
});

function renderedOnce(p: QuizProblemView, lang: Lang, piece: 'stem' | 'solution'): string {
  const key = `${piece}:${lang}`;
  const cached = renderedPieces.get(p.variant)?.get(key);
  if (cached !== undefined) return cached;
  const html =
    piece === 'stem'
      ? `${renderMathText(p.template.statement(p.variant.params, lang))}\n${p.template.diagram ? `<div class="diagram">${p.template.diagram(p.variant.params)}</div>` : ''}`
      : `<ol>${p.template
          .solution(p.variant.params, p.variant.answers, lang)
          .map((step) => `<li>${renderInline(step)}</li>`)
          .join('')}</ol>`;
  // A new Map on each change, so the cache re-weighs the entry.
  renderedPieces.set(p.variant, new Map(renderedPieces.get(p.variant)).set(key, html));
  return html;
}

function renderPart(
  part: VariantPart,
  problemIndex: number,
  m: QuizPageModel,
  grade: PartView | undefined,
  worth: { points: number; bonus: boolean } | undefined,
): string {
  const name = answerField(problemIndex, part.key);
  const id = `f-${problemIndex}-${part.key}`;
  const typed = m.typed[name] ?? '';
  const check = m.checks?.[name];
  const describedBy = [`${id}-echo`, `${id}-feedback`, 'input-help'].join(' ');
  const prompt = `${renderInline(part.prompt[m.lang])}${worth ? ` <span class="meta part-worth">(${worth.bonus ? `${t('bonus', m.lang)} ` : ''}${formatPoints(worth.points)} ${t(worth.points === 1 ? 'point' : 'points', m.lang)})</span>` : ''}`;
  let control: string;
  if (part.options && (part.type === 'choice' || part.type === 'multiChoice')) {
    const chosen = new Set(typed.split(/[\s,]+/).filter(Boolean));
    const inputType = part.type === 'choice' ? 'radio' : 'checkbox';
    control = `<fieldset aria-describedby="${id}-feedback"><legend>${prompt}</legend>${part.options
      .map(
        (o) =>
          `<div class="option"><input type="${inputType}" id="${id}-${o.letter}" name="${name}" value="${o.letter}"${chosen.has(o.letter) ? ' checked' : ''}${m.canSubmit ? '' : ' disabled'}><label for="${id}-${o.letter}">${o.letter}) ${renderInline(o.label[m.lang])}</label></div>`,
      )
      .join('')}</fieldset>`;
  } else if (part.type === 'freeText') {
    control = `<label for="${id}">${prompt}</label><textarea id="${id}" name="${name}" maxlength="5000" aria-describedby="${describedBy}"${m.canSubmit ? '' : ' readonly'}>${escapeHtml(typed)}</textarea>`;
  } else {
    control = `<label for="${id}">${prompt}</label><input type="text" id="${id}" name="${name}" value="${escapeHtml(typed)}" autocomplete="off" spellcheck="false" autocapitalize="off" maxlength="2000" aria-describedby="${describedBy}"${m.canSubmit ? '' : ' readonly'}>`;
  }
  const echo = check ? renderEcho(check, m.lang) : '';
  const feedback = grade ? renderFeedback(grade, m.lang) : '';
  return `<div class="part">${control}<div id="${id}-echo" class="echo-slot" aria-live="polite">${echo}</div><div id="${id}-feedback">${feedback}</div></div>`;
}

function renderEcho(check: AnswerCheck, lang: Lang): string {
  if (check.ok) return `<div class="echo ok">${t('readAs', lang)}: <span class="echo-value">${check.html}</span></div>`;
  return `<div class="echo bad">${escapeHtml(check.error)}</div>`;
}

/**
 * The summary a submit with blank or unreadable parts answers first (inside the form, so "Submit
 * anyway" sends the answers as they are; each part's own message is shown at the part).
 */
export function renderConfirmSection(
  issues: readonly AnswerIssue[],
  problems: readonly QuizProblemView[],
  lang: Lang,
): string {
  // One line per problem and kind: "Problem 2: no answer in parts 1, 3, 4", each part a link to it.
  const lines: string[] = [];
  problems.forEach((problem, i) => {
    for (const kind of ['unreadable', 'blank'] as const) {
      const mine = issues.filter((x) => x.problemIndex === i && x.kind === kind);
      if (mine.length === 0) continue;
      const links = mine
        .map(
          (x) =>
            `<a href="#f-${i}-${escapeHtml(x.partKey)}">${problem.variant.parts.findIndex((p) => p.key === x.partKey) + 1}</a>`,
        )
        .join(', ');
      lines.push(
        `<li>${t('problem', lang)} ${i + 1}: ${t(kind === 'blank' ? 'issueBlank' : 'issueUnreadable', lang)} (${t(mine.length === 1 ? 'part' : 'parts', lang)} ${links})</li>`,
      );
    }
  });
  const first = issues[0];
  return `<section class="card confirm" id="confirm-slot" role="alert" aria-labelledby="confirm-heading">
<h2 id="confirm-heading">${t('confirmHeading', lang)}</h2>
<ul>${lines.join('')}</ul>
<p>${t('confirmExplain', lang)}</p>
<div class="actions"><button type="submit" name="action" value="submit-confirmed" class="primary">${t('submitAnyway', lang)}</button><a href="#f-${first?.problemIndex ?? 0}-${escapeHtml(first?.partKey ?? '')}" class="button-link">${t('fixAnswers', lang)}</a></div>
</section>`;
}

/** The attempt's score at the top of the page: points, the share, the retry penalty, what waits. */
export function renderScoreSummary(
  s: Pick<SubmissionDoc, 'points' | 'maxPoints' | 'scoreFraction' | 'rawScore' | 'pendingManual'>,
  lang: Lang,
): string {
  const penalty = s.rawScore > s.scoreFraction + 1e-9 ? ` · ${t('afterPenalty', lang)}` : '';
  return `${t('score', lang)}: <strong>${pointsOf(s.points, s.maxPoints)} ${t('points', lang)}</strong> (${formatPercent(s.scoreFraction)})${penalty}${s.pendingManual ? ` · ${t('pendingManual', lang)}` : ''}`;
}

/** "3.5 / 5": a problem's points in its heading. */
export function renderProblemScore(p: ProblemScore, lang: Lang): string {
  return `<strong>${pointsOf(p.points, p.maxPoints)}</strong> <span class="sr-only">${t('points', lang)}</span>`;
}

/** One part's feedback line and its points; also sent to the page's script after a JSON submit. */
export function renderFeedback(g: PartView, lang: Lang): string {
  const points = ` <span class="part-points">(${g.bonus ? `${t('bonus', lang)} ` : ''}${pointsOf(g.points, g.maxPoints)})</span>`;
  if (g.manualScore !== undefined) {
    const comment = g.comment
      ? `<div class="comment"><span class="meta">${t('instructorComment', lang)}:</span> ${escapeHtml(g.comment)}</div>`
      : '';
    const reading =
      g.acceptedReading !== undefined
        ? ` ${t('readingAccepted', lang)} <code>${escapeHtml(g.acceptedReading)}</code>.`
        : '';
    return `<div class="feedback graded">${t('gradedByInstructor', lang)}${reading}${points}${comment}</div>`;
  }
  if (g.pendingManual) {
    const why = g.unreadable
      ? `${t('unreadableWaits', lang)}${g.parsed.error ? ` <span class="meta">${escapeHtml(parseErrorText(g.parsed.error, lang))}</span>` : ''}`
      : t('manualWaits', lang);
    return `<div class="feedback pending">${why}</div>`;
  }
  const kind = g.correct ? 'correct' : g.score > 0 ? 'partial' : 'wrong';
  const reading =
    g.acceptedReading !== undefined
      ? ` ${t('readingAccepted', lang)} <code>${escapeHtml(g.acceptedReading)}</code>.`
      : '';
  const comment = g.comment
    ? `<div class="comment"><span class="meta">${t('instructorComment', lang)}:</span> ${escapeHtml(g.comment)}</div>`
    : '';
  return `<div class="feedback ${kind}">${renderInline(g.feedback)}${reading}${points}${comment}</div>`;
}
