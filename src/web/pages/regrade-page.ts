import { pointsOf, studentLabel } from '../components/format-points.ts';
import type { GradebookScore } from '../../grading/scoring.ts';
import { describeRule, type RegradeChange, type RegradeRule } from '../../activity/regrade.ts';
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { layout } from './layout.ts';

/** The regrade form, and the preview of who changes from what to what before anything is applied. */
export function renderRegradePage(
  ltik: string,
  lang: Lang,
  parts: Array<{ problemIndex: number; partKey: string; label: string }>,
  rule?: RegradeRule,
  changes?: RegradeChange[],
): string {
  const hidden = `<input type="hidden" name="ltik" value="${escapeHtml(ltik)}">`;
  const options = parts
    .map(
      (p) =>
        `<option value="${p.problemIndex}:${escapeHtml(p.partKey)}"${rule && rule.problemIndex === p.problemIndex && rule.partKey === p.partKey ? ' selected' : ''}>${escapeHtml(p.label)}</option>`,
    )
    .join('');
  const ruleFields = (r: RegradeRule) =>
    `<input type="hidden" name="part" value="${r.problemIndex}:${escapeHtml(r.partKey)}"><input type="hidden" name="action" value="${r.action}"><input type="hidden" name="tolerance" value="${r.relativePercent ?? ''}"><input type="hidden" name="accepted" value="${escapeHtml(r.accepted ?? '')}">`;
  const preview =
    rule && changes
      ? `<section class="card"><h2>Preview: ${escapeHtml(describeRule(rule))}</h2>${
          changes.length
            ? `<table tabindex="0"><thead><tr><th>Student</th><th>Gradebook before</th><th>Gradebook after</th><th>Attempts regraded</th></tr></thead><tbody>${changes
                .map(
                  (c) =>
                    `<tr><td>${studentLabel(c.userName, c.userId)}</td><td>${scoreCell(c.before)}</td><td>${scoreCell(c.after)}</td><td>${c.versions
                      .map(
                        (v) =>
                          `#${v.attempt.attemptNumber}: ${pointsOf(v.current.points, v.current.maxPoints)} → ${pointsOf(v.graded.score.points, v.graded.score.maxPoints)}`,
                      )
                      .join('<br>')}</td></tr>`,
                )
                .join('')}</tbody></table>
<form method="post" action="/instructor/regrade">${hidden}${ruleFields(rule)}<button type="submit" class="primary">Apply to ${changes.length} student(s) and resend their grades</button></form>`
            : "<p>Nobody's score would change.</p>"
        }</section>`
      : '';
  const body = `<h1>Regrade a part</h1>
<form method="get" action="/instructor/regrade" class="card">${hidden}
<div class="part"><label for="part">Part</label><select id="part" name="part">${options}</select></div>
<fieldset class="part"><legend>Change</legend>
<div class="option"><input type="radio" id="a-tol" name="action" value="tolerance"${!rule || rule.action === 'tolerance' ? ' checked' : ''}><label for="a-tol">Relative tolerance (%)</label> <label class="sr-only" for="tol">Tolerance in percent</label><input type="number" id="tol" name="tolerance" min="0" max="100" step="0.1" value="${rule?.relativePercent ?? 5}" style="width:6em"></div>
<div class="option"><input type="radio" id="a-acc" name="action" value="accept"${rule?.action === 'accept' ? ' checked' : ''}><label for="a-acc">Also accept</label> <label class="sr-only" for="acc">Accepted answer</label><input type="text" id="acc" name="accepted" value="${escapeHtml(rule?.accepted ?? '')}"></div>
<div class="option"><input type="radio" id="a-dis" name="action" value="discount"${rule?.action === 'discount' ? ' checked' : ''}><label for="a-dis">Discount the part (full marks for everyone)</label></div>
</fieldset>
<div class="actions"><button type="submit">Preview</button></div></form>
${preview}
<p><a href="/instructor?ltik=${encodeURIComponent(ltik)}">Back to the results</a></p>`;
  return layout({ lang, title: 'Regrade', body });
}

function scoreCell(s: GradebookScore | undefined): string {
  return s
    ? `${pointsOf(s.scoreGiven, s.scoreMaximum)}${s.pendingManual ? ' <span class="meta">(awaiting manual grading)</span>' : ''}`
    : '–';
}
