import type { PartStatistics, VariantStatistics } from '../../../activity/item-statistics.ts';
import { html, joinHtml, type HtmlSafeString } from '../../../render/html.ts';
import { scoreHistogramSvg } from './score-histogram.html.ts';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

export interface ItemStatisticsModel {
  parts: readonly PartStatistics[];
  /** Variants whose mean stands out from a typical variant's. */
  outliers: readonly VariantStatistics[];
  /** The students' gradebook scores, 0..1. */
  gradebookScores: readonly number[];
}

/**
 * The activity's statistics: the distribution of the students' gradebook scores, then per part
 * how many answered, facility, share fully correct, discrimination and the commonest wrong
 * answers, and variants whose mean stands out (only with enough students to tell).
 */
export function itemStatisticsSection({ parts, outliers, gradebookScores }: ItemStatisticsModel): HtmlSafeString {
  const rows = parts.map(
    (p) =>
      html`<tr><td>${p.problemIndex + 1}. ${p.templateId}</td><td>${p.partKey}</td><td>${p.answered} of ${p.students}</td><td>${pct(p.facility)}</td><td>${pct(p.shareCorrect)}</td><td>${p.discrimination === undefined ? html`<span class="meta" title="fewer than 10 students graded">–</span>` : p.discrimination.toFixed(2)}</td><td>${joinHtml(
        p.commonWrong.map(
          (w) =>
            html`<code>${w.answer}</code> × ${w.count}${w.mistake && html` <span class="meta">(${w.mistake})</span>`}`,
        ),
        html`<br>`,
      )}</td></tr>`,
  );
  const outlierText =
    outliers.length > 0 &&
    html`<p><strong>Variants whose mean stands out</strong> (check them for fairness): ${joinHtml(
      outliers.map(
        (v) =>
          `problem ${v.problemIndex + 1}, ${v.label}: ${pct(v.meanScore)} over ${v.students} students, against ${pct(v.typicalMean)} for a typical variant`,
      ),
      '; ',
    )}</p>`;
  return html`<section class="card" id="statistics"><h2>Item statistics</h2>
${gradebookScores.length > 0 && html`<figure class="histogram-figure">${scoreHistogramSvg(gradebookScores)}<figcaption class="meta">Gradebook scores of ${gradebookScores.length} student(s).</figcaption></figure>`}
<table tabindex="0">
<thead><tr><th>Problem</th><th>Part</th><th>Answered</th><th title="mean share of the part's points">Facility</th><th>Fully correct</th><th title="upper-lower 27 %: facility of the strongest students minus the weakest">Discrimination</th><th>Most common wrong answers</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7">No submissions yet.</td></tr>`}</tbody></table>
<p class="meta">Answered: non-blank answers. Facility: the mean share of the part's points. Discrimination (from 10 students): how much better the strongest 27 % did on the part than the weakest 27 %, ranked by the rest of their score; below 0.2 the part tells them apart poorly. Variants are compared only with at least 5 students on each.</p>
${outlierText}
</section>`;
}
