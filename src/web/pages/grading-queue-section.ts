import type { SubmissionDoc } from '../../store/models/submission.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { formatPoints, studentLabel } from '../components/format-points.ts';

export interface QueueEntry {
  submission: SubmissionDoc;
  userId: string;
  userName: string;
  attemptNumber: number;
}

/**
 * Parts waiting for the instructor, from each attempt's current graded version: free text to
 * grade in points (with a comment the student will see), and answers that could not be read,
 * which the instructor can read (a reading is graded like a typed answer) or grade in points.
 */
export function gradingQueueSection(entries: readonly QueueEntry[], ltik: string): string {
  const rows = entries.flatMap((e) =>
    e.submission.parts
      .filter((p) => p.pendingManual)
      .map((p) => {
        const id = `m-${e.submission._id.toHexString()}-${p.problemIndex}-${escapeHtml(p.partKey)}`;
        const hidden = `<input type="hidden" name="ltik" value="${escapeHtml(ltik)}"><input type="hidden" name="submissionId" value="${e.submission._id.toHexString()}"><input type="hidden" name="problemIndex" value="${p.problemIndex}"><input type="hidden" name="partKey" value="${escapeHtml(p.partKey)}">`;
        const reading = p.unreadable
          ? `<form method="post" action="/instructor/manual-grade" class="inline-form">${hidden}<input type="hidden" name="action" value="accept-reading"><label for="${id}-r">Read it as</label> <input type="text" id="${id}-r" name="reading" value="${escapeHtml(p.raw)}" autocomplete="off" spellcheck="false"> <button type="submit">Accept reading</button></form>`
          : '';
        const what = p.unreadable
          ? `<code>${escapeHtml(p.raw)}</code><br><span class="meta">Could not be read: ${escapeHtml(p.parsed.error ?? '')}</span>`
          : `<div class="free-text">${escapeHtml(p.raw)}</div>`;
        return `<tr><td>${studentLabel(e.userName, e.userId)}<br><span class="meta">attempt ${e.attemptNumber}</span></td><td>${p.problemIndex + 1}. ${escapeHtml(p.partKey)}${p.bonus ? ' <span class="meta">(bonus)</span>' : ''}</td><td>${what}</td><td>${reading}<form method="post" action="/instructor/manual-grade" class="inline-form">${hidden}
<label for="${id}-p">Points (0 to ${formatPoints(p.maxPoints)})</label> <input type="number" id="${id}-p" name="points" min="0" max="${p.maxPoints}" step="any" required style="width:6em">
<label for="${id}-c">Comment for the student</label> <textarea id="${id}-c" name="comment" maxlength="2000" rows="2"></textarea> <button type="submit">Grade</button></form></td></tr>`;
      }),
  );
  if (rows.length === 0) return '';
  return `<section class="card" id="grading-queue"><h2>Answers awaiting your grade (${rows.length})</h2>
<p class="meta">Free text is graded in points; an answer that could not be read was not graded: read it (it is then graded like a typed answer) or give points. The student sees the points and your comment with their feedback, and their gradebook score is sent again.</p>
<table><thead><tr><th>Student</th><th>Part</th><th>Answer</th><th>Grade</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
