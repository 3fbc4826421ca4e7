import {
  partStatistics,
  readableParams,
  variantStatistics,
  type GradedResponse,
} from '../../activity/item-statistics.ts';
import { problemScoresOf } from '../../grading/scoring.ts';
import type { AttemptDoc } from '../../store/models/attempt.ts';
import type { SubmissionDoc } from '../../store/models/submission.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { scoreHistogramSvg } from './score-histogram.ts';

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/**
 * The activity's statistics: the distribution of the students' gradebook scores, then per part
 * how many answered, facility, share fully correct, discrimination and the commonest wrong
 * answers, and variants whose mean stands out (only with enough students to tell).
 */
export function itemStatisticsSection(
  graded: ReadonlyArray<{ attempt: AttemptDoc; submission: SubmissionDoc }>,
  gradebookScores: readonly number[],
): string {
  const responses: GradedResponse[] = graded.map(({ submission }) => ({
    parts: submission.parts,
    points: submission.points,
  }));
  const rows = partStatistics(responses)
    .map(
      (p) =>
        `<tr><td>${p.problemIndex + 1}. ${escapeHtml(p.templateId)}</td><td>${escapeHtml(p.partKey)}</td><td>${p.answered} of ${p.students}</td><td>${pct(p.facility)}</td><td>${pct(p.shareCorrect)}</td><td>${p.discrimination === undefined ? '<span class="meta" title="fewer than 10 students graded">–</span>' : p.discrimination.toFixed(2)}</td><td>${p.commonWrong
          .map(
            (w) =>
              `<code>${escapeHtml(w.answer)}</code> × ${w.count}${w.mistake ? ` <span class="meta">(${escapeHtml(w.mistake)})</span>` : ''}`,
          )
          .join('<br>')}</td></tr>`,
    )
    .join('');
  const byVariant = variantStatistics(
    graded.flatMap(({ attempt, submission }) => {
      const problems = problemScoresOf(
        attempt.problems.map((p) => p.points),
        submission.parts,
      );
      return attempt.problems.map((p, i) => {
        const label = p.label ? `variant ${p.label}` : readableParams(p.params);
        const score = problems[i] && problems[i].maxPoints > 0 ? problems[i].points / problems[i].maxPoints : 0;
        return {
          problemIndex: i,
          variantKey: p.label ?? JSON.stringify(p.params),
          label: `${p.templateId}, ${label}`,
          score,
        };
      });
    }),
  );
  const outliers = byVariant.filter((v) => v.outlier);
  const outlierText = outliers.length
    ? `<p><strong>Variants whose mean stands out</strong> (check them for fairness): ${outliers
        .map(
          (v) =>
            `problem ${v.problemIndex + 1}, ${escapeHtml(v.label)}: ${pct(v.meanScore)} over ${v.students} students, against ${pct(v.typicalMean)} for a typical variant`,
        )
        .join('; ')}</p>`
    : '';
  return `<section class="card" id="statistics"><h2>Item statistics</h2>
${gradebookScores.length ? `<figure class="histogram-figure">${scoreHistogramSvg(gradebookScores)}<figcaption class="meta">Gradebook scores of ${gradebookScores.length} student(s).</figcaption></figure>` : ''}
<table tabindex="0">
<thead><tr><th>Problem</th><th>Part</th><th>Answered</th><th title="mean share of the part's points">Facility</th><th>Fully correct</th><th title="upper-lower 27 %: facility of the strongest students minus the weakest">Discrimination</th><th>Most common wrong answers</th></tr></thead>
<tbody>${rows || '<tr><td colspan="7">No submissions yet.</td></tr>'}</tbody></table>
<p class="meta">Answered: non-blank answers. Facility: the mean share of the part's points. Discrimination (from 10 students): how much better the strongest 27 % did on the part than the weakest 27 %, ranked by the rest of their score; below 0.2 the part tells them apart poorly. Variants are compared only with at least 5 students on each.</p>
${outlierText}
</section>`;
}
