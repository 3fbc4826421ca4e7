import { TEMPLATE_IDS, TEMPLATES } from '../../../templates/index.ts';
import { DEFAULT_SETTINGS } from '../../activity/activity-settings.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { layout } from './layout.ts';

/** The instructor's choice of problems and settings when adding the activity in the LMS. */
export function renderDeepLinkPage(ltik: string, lang: Lang, error?: string): string {
  const d = DEFAULT_SETTINGS;
  // Which parts each problem asks: the headline answer only (as the written exam) or with its steps; the free-text part or not.
  const asked = (id: (typeof TEMPLATE_IDS)[number]) => {
    const parts = TEMPLATES[id].parts;
    const steps = parts.filter((p) => p.step).map((p) => p.prompt[lang].replace(/\$[^$]*\$/g, '').trim() || p.key);
    const stepsChoice = steps.length
      ? `<label for="steps-${id}" class="meta">Asked</label> <select id="steps-${id}" name="steps:${id}"><option value="steps" selected>Headline answer and intermediate steps (${escapeHtml(steps.join(', '))})</option><option value="headline">Headline answer only (as the written exam)</option></select>`
      : '';
    const freeText = parts.some((p) => p.type === 'freeText')
      ? ` <label for="freeText-${id}" class="meta">Free-text part</label> <select id="freeText-${id}" name="freeText:${id}"><option value="yes" selected>Shown</option><option value="no">Left out</option></select>`
      : '';
    return stepsChoice || freeText ? `<div class="parts-asked">${stepsChoice}${freeText}</div>` : '';
  };
  const problems = TEMPLATE_IDS.map(
    (id) => `<div class="option"><input type="checkbox" id="tpl-${id}" name="templates" value="${id}" checked>
<label for="tpl-${id}">${escapeHtml(TEMPLATES[id].title[lang])}</label>
<label class="sr-only" for="pts-${id}">Points for ${id}</label><input type="number" id="pts-${id}" name="points:${id}" value="5" min="0.5" step="0.5" style="width:5em"></div>${asked(id)}`,
  ).join('\n');
  const select = (name: string, label: string, options: Array<[string, string]>, value: string) =>
    `<div class="part"><label for="${name}">${label}</label><select id="${name}" name="${name}">${options
      .map(([v, text]) => `<option value="${v}"${v === value ? ' selected' : ''}>${escapeHtml(text)}</option>`)
      .join('')}</select></div>`;
  const body = `<h1>Add an exam-variants activity</h1>
${error ? `<div class="banner error" role="alert">${escapeHtml(error)}</div>` : ''}
<form method="post" action="/instructor/deep-link" class="card">
<input type="hidden" name="ltik" value="${escapeHtml(ltik)}">
<div class="part"><label for="title">Title</label><input type="text" id="title" name="title" value="${escapeHtml(d.title)}" maxlength="200"></div>
<fieldset class="part"><legend>Problems and points (choose one, several, or the full four-problem exam)</legend>${problems}</fieldset>
<div class="part"><label for="attempts">Attempts allowed (empty = unlimited)</label><input type="number" id="attempts" name="attemptsAllowed" min="1" max="100"></div>
${select(
  'feedbackMode',
  'Feedback',
  [
    ['immediate', 'Immediately'],
    ['afterDue', 'After the due date'],
    ['never', 'Never'],
  ],
  d.feedbackMode,
)}
${select(
  'showSolutions',
  'Worked solutions shown',
  [
    ['afterSubmit', 'After submitting'],
    ['afterDue', 'After the due date'],
    ['never', 'Never'],
  ],
  d.showSolutions,
)}
${select(
  'scorePolicy',
  'Score sent to the gradebook',
  [
    ['best', 'Best attempt'],
    ['last', 'Last attempt'],
  ],
  d.scorePolicy,
)}
${select(
  'language',
  'Language',
  [
    ['auto', 'From the LMS locale'],
    ['en', 'English'],
    ['cs', 'Čeština'],
  ],
  d.language,
)}
<div class="part"><label for="dueAt">Due date (UTC, optional)</label><input type="datetime-local" id="dueAt" name="dueAt"></div>
<div class="part"><label for="timeLimit">Exam time limit in minutes (optional)</label><input type="number" id="timeLimit" name="timeLimitMinutes" min="1" max="1440"></div>
<div class="part"><label for="decline">Points lost per retry, as a fraction (practice mode, 0 = none)</label><input type="number" id="decline" name="declinePerRetry" value="0" min="0" max="1" step="0.05"></div>
<fieldset class="part"><legend>Deliver a printed variant online (optional)</legend>
<label for="printedSeed">Exam seed</label><input type="text" id="printedSeed" name="printedSeed" maxlength="100">
<label for="printedLabel">Variant label (A, B, …, AA, …)</label><input type="text" id="printedLabel" name="printedLabel" maxlength="2" style="width:4em"></fieldset>
<div class="actions"><button type="submit" class="primary">Add to course</button></div>
</form>`;
  return layout({ lang, title: 'Add an activity', body });
}
