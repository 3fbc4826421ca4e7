import type { RegradeRule } from '../../../grading/scoring.ts';
import type { Lang } from '../../../engine/template.ts';
import { html, joinHtml, type HtmlSafeString } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { pointsOf, studentLabel } from '../../components/format-points.ts';

export interface GradebookScoreView {
  scoreGiven: number;
  scoreMaximum: number;
  pendingManual: boolean;
}

/** One student whose gradebook score the rule changes. */
export interface RegradeChangeView {
  userId: string;
  userName: string;
  before?: GradebookScoreView;
  after?: GradebookScoreView;
  /** Each regraded attempt: its number, points now and after. */
  versions: Array<{
    attemptNumber: number;
    points: number;
    maxPoints: number;
    newPoints: number;
    newMaxPoints: number;
  }>;
}

export interface RegradePageModel {
  lang: Lang;
  ltik: string;
  /** The parts graded automatically, in the form's list. */
  parts: Array<{ problemIndex: number; partKey: string; label: string }>;
  rule?: RegradeRule;
  /** With a rule: what it would change, and how the rule reads. */
  preview?: { description: string; changes: RegradeChangeView[] };
}

/** The regrade form, and the preview of who changes from what to what before anything is applied. */
export function renderRegradePage({ lang, ltik, parts, rule, preview }: RegradePageModel): string {
  const hidden = html`<input type="hidden" name="ltik" value="${ltik}">`;
  const options = parts.map(
    (p) =>
      html`<option value="${p.problemIndex}:${p.partKey}"${rule && rule.problemIndex === p.problemIndex && rule.partKey === p.partKey && ' selected'}>${p.label}</option>`,
  );
  const ruleFields = (r: RegradeRule) =>
    html`<input type="hidden" name="part" value="${r.problemIndex}:${r.partKey}"><input type="hidden" name="action" value="${r.action}"><input type="hidden" name="tolerance" value="${r.relativePercent ?? ''}"><input type="hidden" name="accepted" value="${r.accepted ?? ''}">`;
  const previewSection =
    rule &&
    preview &&
    html`<section class="card"><h2>Preview: ${preview.description}</h2>${
      preview.changes.length
        ? html`<table tabindex="0"><thead><tr><th>Student</th><th>Gradebook before</th><th>Gradebook after</th><th>Attempts regraded</th></tr></thead><tbody>${preview.changes.map(
            (c) =>
              html`<tr><td>${studentLabel(c.userName, c.userId)}</td><td>${scoreCell(c.before)}</td><td>${scoreCell(c.after)}</td><td>${joinHtml(
                c.versions.map(
                  (v) =>
                    `#${v.attemptNumber}: ${pointsOf(v.points, v.maxPoints)} → ${pointsOf(v.newPoints, v.newMaxPoints)}`,
                ),
                html`<br>`,
              )}</td></tr>`,
          )}</tbody></table>
<form method="post" action="/instructor/regrade">${hidden}${ruleFields(rule)}<button type="submit" class="primary">Apply to ${preview.changes.length} student(s) and resend their grades</button></form>`
        : html`<p>Nobody's score would change.</p>`
    }</section>`;
  const body = html`<h1>Regrade a part</h1>
<form method="get" action="/instructor/regrade" class="card">${hidden}
<div class="part"><label for="part">Part</label><select id="part" name="part">${options}</select></div>
<fieldset class="part"><legend>Change</legend>
<div class="option"><input type="radio" id="a-tol" name="action" value="tolerance"${(!rule || rule.action === 'tolerance') && ' checked'}><label for="a-tol">Relative tolerance (%)</label> <label class="sr-only" for="tol">Tolerance in percent</label><input type="number" id="tol" name="tolerance" min="0" max="100" step="0.1" value="${rule?.relativePercent ?? 5}" style="width:6em"></div>
<div class="option"><input type="radio" id="a-acc" name="action" value="accept"${rule?.action === 'accept' && ' checked'}><label for="a-acc">Also accept</label> <label class="sr-only" for="acc">Accepted answer</label><input type="text" id="acc" name="accepted" value="${rule?.accepted ?? ''}"></div>
<div class="option"><input type="radio" id="a-dis" name="action" value="discount"${rule?.action === 'discount' && ' checked'}><label for="a-dis">Discount the part (full marks for everyone)</label></div>
</fieldset>
<div class="actions"><button type="submit">Preview</button></div></form>
${previewSection}
<p><a href="/instructor?ltik=${encodeURIComponent(ltik)}">Back to the results</a></p>`;
  return layout({ lang, title: 'Regrade', body });
}

function scoreCell(s: GradebookScoreView | undefined): HtmlSafeString | string {
  return s
    ? html`${pointsOf(s.scoreGiven, s.scoreMaximum)}${s.pendingManual && html` <span class="meta">(awaiting manual grading)</span>`}`
    : '–';
}
