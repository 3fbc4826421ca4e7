import type { ActivitySettings } from '../../../activity/activity-settings.ts';
import type { Lang } from '../../../engine/template.ts';
import { html, joinHtml, type HtmlSafeString } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';

export interface DeepLinkPageModel {
  lang: Lang;
  ltik: string;
  /**
   * The problem families to choose from: id, title in the page's language, the intermediate steps
   * a problem can ask besides its headline answer, and whether it has a free-text part.
   */
  problems: Array<{ id: string; title: string; steps: string[]; freeText: boolean }>;
  /** The settings the form starts from. */
  defaults: Pick<ActivitySettings, 'title' | 'feedbackMode' | 'showSolutions' | 'scorePolicy' | 'language'>;
  /** Why the last submit was refused (the field and the rule). */
  error?: string;
}

/** Which parts a problem asks: the headline answer only (as the written exam) or with its steps; the free-text part or not. */
function partsAsked(id: string, steps: readonly string[], freeText: boolean): HtmlSafeString | false {
  const stepsChoice =
    steps.length > 0 &&
    html`<label for="steps-${id}" class="meta">Asked</label> <select id="steps-${id}" name="steps:${id}"><option value="steps" selected>With the intermediate steps</option><option value="headline">Headline answer only</option></select>`;
  const freeTextChoice =
    freeText &&
    html` <label for="freeText-${id}" class="meta">Free-text part</label> <select id="freeText-${id}" name="freeText:${id}"><option value="yes" selected>Shown</option><option value="no">Left out</option></select>`;
  return (stepsChoice || freeTextChoice) && html`<div class="parts-asked">${stepsChoice}${freeTextChoice}</div>`;
}

function select(name: string, label: string, options: Array<[string, string]>, value: string): HtmlSafeString {
  return html`<div class="part"><label for="${name}">${label}</label><select id="${name}" name="${name}">${options.map(
    ([v, text]) => html`<option value="${v}"${v === value && ' selected'}>${text}</option>`,
  )}</select></div>`;
}

/** The instructor's choice of problems and settings when adding the activity in the LMS. */
export function renderDeepLinkPage({ lang, ltik, problems, defaults: d, error }: DeepLinkPageModel): string {
  const problemFields = joinHtml(
    problems.map(
      ({
        id,
        title,
        steps,
        freeText,
      }) => html`<div class="option"><input type="checkbox" id="tpl-${id}" name="templates" value="${id}" checked>
<label for="tpl-${id}">${title}</label>
<label class="sr-only" for="pts-${id}">Points for ${id}</label><input type="number" id="pts-${id}" name="points:${id}" value="5" min="0.5" step="0.5" style="width:5em"></div>${partsAsked(id, steps, freeText)}`,
    ),
    '\n',
  );
  const body = html`<h1>Add an exam-variants activity</h1>
${error && html`<div class="banner error" role="alert">${error}</div>`}
<form method="post" action="/instructor/deep-link" class="card">
<input type="hidden" name="ltik" value="${ltik}">
<div class="part"><label for="title">Title</label><input type="text" id="title" name="title" value="${d.title}" maxlength="200"></div>
<fieldset class="part"><legend>Problems and points (choose one, several, or the full four-problem exam)</legend>${problemFields}</fieldset>
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
