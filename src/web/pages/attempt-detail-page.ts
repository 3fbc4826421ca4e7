import { formatPercent } from '../components/format-percent.ts';
import { pointsOf, studentLabel } from '../components/format-points.ts';
import { isStudentSubmission, versionOf } from '../../activity/submission-versions.ts';

const utc = (d: Date): string => `${escapeHtml(d.toISOString().slice(0, 19).replace('T', ' '))} UTC`;
import type { Lang } from '../../engine/template.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import type { AttemptDoc } from '../../store/models/attempt.ts';
import type { SubmissionDoc } from '../../store/models/submission.ts';
import { layout } from './layout.ts';

/** One learner's attempt: every submission with the raw input, how it was read and each part's score. */
export function renderAttemptDetailPage(
  attempt: AttemptDoc,
  submissions: readonly SubmissionDoc[],
  ltik: string,
  lang: Lang,
): string {
  const sections = submissions
    .map(
      (
        s,
      ) => `<section class="card"><h2>${isStudentSubmission(s) ? `Submitted ${utc(s.submittedAt)}` : `Graded again ${utc(s.gradedAt ?? s.submittedAt)} (version ${versionOf(s)})`} · ${pointsOf(s.points, s.maxPoints)} (${formatPercent(s.scoreFraction)})${s.auto ? ' (time up: saved answers graded)' : ''}${s.regradeRule ? ` · ${escapeHtml(s.regradeRule)}` : ''}</h2>
<p class="meta">grader version ${s.graderVersion}, template versions ${s.templateVersions.join(', ')}</p>
<table tabindex="0"><thead><tr><th>Part</th><th>Typed</th><th>Read as</th><th>Score</th><th>Feedback</th></tr></thead><tbody>${s.parts
        .map(
          (p) =>
            `<tr><td>${p.problemIndex + 1}. ${escapeHtml(p.partKey)}</td><td><code>${escapeHtml(p.raw)}</code></td><td>${p.parsed.ok ? `<code>${escapeHtml(p.parsed.echo ?? '')}</code>` : `<span class="meta">${escapeHtml(p.parsed.error ?? '')}</span>`}</td><td>${pointsOf(p.points, p.maxPoints)}${p.bonus ? ' (bonus)' : ''}${p.pendingManual ? (p.unreadable ? ' (unreadable: to read)' : ' (to grade)') : ''}${p.comment ? `<br><span class="meta">${escapeHtml(p.comment)}</span>` : ''}</td><td>${escapeHtml(p.feedback)}</td></tr>`,
        )
        .join('')}</tbody></table></section>`,
    )
    .join('\n');
  const body = `<h1>${studentLabel(attempt.userName, attempt.userId)}, attempt ${attempt.attemptNumber}</h1>
${sections || '<p>No submission yet.</p>'}
<p><a href="/instructor?ltik=${encodeURIComponent(ltik)}">Back to the results</a></p>`;
  return layout({ lang, title: 'Attempt', body });
}
