import { html, type HtmlSafeString } from '../../../render/html.ts';
import { formatPoints, studentLabel } from '../../components/format-points.ts';

/** One part waiting for the instructor, from an attempt's current graded version. */
export interface QueueEntry {
  submissionId: string;
  userId: string;
  userName: string;
  attemptNumber: number;
  problemIndex: number;
  partKey: string;
  /** What the student typed. */
  raw: string;
  /** The answer could not be read (otherwise it is free text to grade). */
  unreadable: boolean;
  /** The parser's message, for an unreadable answer. */
  error?: string;
  bonus: boolean;
  maxPoints: number;
}

/**
 * Parts waiting for the instructor: free text to grade in points (with a comment the student will
 * see), and answers that could not be read, which the instructor can read (a reading is graded like
 * a typed answer) or grade in points.
 */
export function gradingQueueSection(entries: readonly QueueEntry[], ltik: string): HtmlSafeString {
  if (entries.length === 0) return html``;
  const rows = entries.map((p) => {
    const id = `m-${p.submissionId}-${p.problemIndex}-${p.partKey}`;
    const hidden = html`<input type="hidden" name="ltik" value="${ltik}"><input type="hidden" name="submissionId" value="${p.submissionId}"><input type="hidden" name="problemIndex" value="${p.problemIndex}"><input type="hidden" name="partKey" value="${p.partKey}">`;
    const reading =
      p.unreadable &&
      html`<form method="post" action="/instructor/manual-grade" class="inline-form">${hidden}<input type="hidden" name="action" value="accept-reading"><label for="${id}-r">Read it as</label> <input type="text" id="${id}-r" name="reading" value="${p.raw}" autocomplete="off" spellcheck="false"> <button type="submit">Accept reading</button></form>`;
    const what = p.unreadable
      ? html`<code>${p.raw}</code><br><span class="meta">Could not be read: ${p.error ?? ''}</span>`
      : html`<div class="free-text">${p.raw}</div>`;
    return html`<tr><td>${studentLabel(p.userName, p.userId)}<br><span class="meta">attempt ${p.attemptNumber}</span></td><td>${p.problemIndex + 1}. ${p.partKey}${p.bonus && html` <span class="meta">(bonus)</span>`}</td><td>${what}</td><td>${reading}<form method="post" action="/instructor/manual-grade" class="inline-form">${hidden}
<label for="${id}-p">Points (0 to ${formatPoints(p.maxPoints)})</label> <input type="number" id="${id}-p" name="points" min="0" max="${p.maxPoints}" step="any" required style="width:6em">
<label for="${id}-c">Comment for the student</label> <textarea id="${id}-c" name="comment" maxlength="2000" rows="2"></textarea> <button type="submit">Grade</button></form></td></tr>`;
  });
  return html`<section class="card" id="grading-queue"><h2>Answers awaiting your grade (${rows.length})</h2>
<p class="meta">Free text is graded in points; an answer that could not be read was not graded: read it (it is then graded like a typed answer) or give points. The student sees the points and your comment with their feedback, and their gradebook score is sent again.</p>
<table><thead><tr><th>Student</th><th>Part</th><th>Answer</th><th>Grade</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
