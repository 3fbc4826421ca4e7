import { html, type HtmlSafeString } from '../../../render/html.ts';

/** The limits the form's fields show; the server checks the same ones (exam/paper-options.ts). */
export interface PaperFieldLimits {
  course: number;
  date: number;
  instructionsChars: number;
  maxMinutes: number;
}

/**
 * The exam form's "On the paper" fields: what is printed around the problems (course, date,
 * duration, instructions) and whether the student's sheet starts with a cover page.
 */
export function paperFields(limits: PaperFieldLimits): HtmlSafeString {
  return html`<fieldset class="part"><legend>On the paper</legend>
<div class="part"><label for="course">Course</label><input type="text" id="course" name="course" maxlength="${limits.course}" placeholder="Deep Learning (B3B33UI)"></div>
<div class="part"><label for="date">Date <span class="meta">(printed as written)</span></label><input type="text" id="date" name="date" maxlength="${limits.date}" placeholder="12 January 2027, 9:00"></div>
<div class="part"><label for="duration">Duration in minutes</label><input type="number" id="duration" name="duration" min="1" max="${limits.maxMinutes}" step="1" inputmode="numeric"></div>
<div class="part"><label for="instructions">Instructions <span class="meta">(one a line; a cover page without them gets the usual ones)</span></label><textarea id="instructions" name="instructions" rows="4" maxlength="${limits.instructionsChars}" placeholder="Calculators are allowed.&#10;Write in ink."></textarea></div>
<div class="option"><input type="checkbox" id="cover" name="cover" value="1"><label for="cover">Start each student's sheet with a cover page (details, name and ID fields, the grader's table, instructions)</label></div>
</fieldset>`;
}
