import type { Lang } from '../../../engine/template.ts';
import { html, joinHtml } from '../../../render/html.ts';
import { layout } from '../../components/layout.html.ts';
import { formatPercent } from '../../components/format-percent.ts';
import { pointsOf, studentLabel } from '../../components/format-points.ts';

/** One stored part as the attempt's detail shows it. */
export interface AttemptPartRow {
  problemIndex: number;
  partKey: string;
  raw: string;
  /** The reading (`echo`) or the parser's message (`error`). */
  parsed: { ok: boolean; echo?: string; error?: string };
  points: number;
  maxPoints: number;
  bonus: boolean;
  pendingManual: boolean;
  unreadable: boolean;
  comment?: string;
  feedback: string;
}

/** A submission, or a graded-again version of one. */
export interface AttemptVersionView {
  /** The student's own submission (else a regrade or a manual grade made this version). */
  byStudent: boolean;
  /** When it was submitted (the student's) or graded (a later version). */
  at: Date;
  version: number;
  points: number;
  maxPoints: number;
  scoreFraction: number;
  /** Time ran out: the saved answers were graded. */
  auto: boolean;
  regradeRule?: string;
  graderVersion: number;
  templateVersions: readonly number[];
  parts: AttemptPartRow[];
}

export interface AttemptDetailModel {
  lang: Lang;
  ltik: string;
  userId: string;
  userName?: string;
  attemptNumber: number;
  versions: AttemptVersionView[];
}

const utc = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** One learner's attempt: every submission with the raw input, how it was read and each part's score. */
export function renderAttemptDetailPage(m: AttemptDetailModel): string {
  const sections = m.versions.map(
    (
      s,
    ) => html`<section class="card"><h2>${s.byStudent ? `Submitted ${utc(s.at)}` : `Graded again ${utc(s.at)} (version ${s.version})`} · ${pointsOf(s.points, s.maxPoints)} (${formatPercent(s.scoreFraction)})${s.auto && ' (time up: saved answers graded)'}${s.regradeRule && ` · ${s.regradeRule}`}</h2>
<p class="meta">grader version ${s.graderVersion}, template versions ${s.templateVersions.join(', ')}</p>
<table tabindex="0"><thead><tr><th>Part</th><th>Typed</th><th>Read as</th><th>Score</th><th>Feedback</th></tr></thead><tbody>${s.parts.map(
      (p) =>
        html`<tr><td>${p.problemIndex + 1}. ${p.partKey}</td><td><code>${p.raw}</code></td><td>${p.parsed.ok ? html`<code>${p.parsed.echo ?? ''}</code>` : html`<span class="meta">${p.parsed.error ?? ''}</span>`}</td><td>${pointsOf(p.points, p.maxPoints)}${p.bonus && ' (bonus)'}${p.pendingManual && (p.unreadable ? ' (unreadable: to read)' : ' (to grade)')}${p.comment && html`<br><span class="meta">${p.comment}</span>`}</td><td>${p.feedback}</td></tr>`,
    )}</tbody></table></section>`,
  );
  const body = html`<h1>${studentLabel(m.userName, m.userId)}, attempt ${m.attemptNumber}</h1>
${sections.length > 0 ? joinHtml(sections, '\n') : html`<p>No submission yet.</p>`}
<p><a href="/instructor?ltik=${encodeURIComponent(m.ltik)}">Back to the results</a></p>`;
  return layout({ lang: m.lang, title: 'Attempt', body });
}
