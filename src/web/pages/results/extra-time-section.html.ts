import { html, type HtmlSafeString } from '../../../render/html.ts';

export interface ExtraTimeSectionModel {
  ltik: string;
  timeLimitMinutes: number;
  /** Learners already known to the tool (they opened the activity), for the id field's suggestions. */
  learners: Array<{ userId: string; userName: string }>;
  /** The course's learners from the LMS (NRPS), by name; without it the instructor types an LMS user id. */
  roster?: Array<{ userId: string; userName: string }>;
  /** Current accommodations, decoded user id -> minutes. */
  granted: Array<{ userId: string; minutes: number }>;
}

/** Exam mode: the per-student extra-time form on the results page. */
export function extraTimeSection(m: ExtraTimeSectionModel): HtmlSafeString {
  const nameOf = (userId: string) =>
    (m.roster ?? []).concat(m.learners).find((l) => l.userId === userId)?.userName || userId;
  const hidden = html`<input type="hidden" name="ltik" value="${m.ltik}">`;
  const rows = m.granted.map(
    (g) =>
      html`<tr><td>${nameOf(g.userId)} <span class="meta">${g.userId}</span></td><td>+${g.minutes} min (${m.timeLimitMinutes + g.minutes} min in all)</td><td><form method="post" action="/instructor/extra-time">${hidden}<input type="hidden" name="userId" value="${g.userId}"><input type="hidden" name="minutes" value="0"><button type="submit">Remove</button></form></td></tr>`,
  );
  return html`<section class="card" id="extra-time"><h2>Extra time</h2>
<p class="meta">The time limit is ${m.timeLimitMinutes} min. Extra minutes apply to the student's next attempt and move the deadline of an attempt already running.</p>
${rows.length > 0 && html`<table><thead><tr><th>Student</th><th>Extra time</th><th><span class="sr-only">Action</span></th></tr></thead><tbody>${rows}</tbody></table>`}
<form method="post" action="/instructor/extra-time" class="inline-form">${hidden}
${m.roster?.length ? studentSelect(m.roster) : studentIdField(m.learners)}
<label for="extra-minutes">Extra minutes</label> <input id="extra-minutes" name="minutes" type="number" min="0" max="1440" step="1" value="15" required style="width:6em">
<button type="submit">Give extra time</button></form></section>`;
}

/** The roster's learners by name; two students of one name are told apart by their LMS id. */
function studentSelect(roster: Array<{ userId: string; userName: string }>): HtmlSafeString {
  const namesakes = new Map<string, number>();
  for (const l of roster) namesakes.set(l.userName, (namesakes.get(l.userName) ?? 0) + 1);
  const options = roster.map(
    (l) =>
      html`<option value="${l.userId}">${l.userName}${(namesakes.get(l.userName) ?? 0) > 1 && html` (${l.userId})`}</option>`,
  );
  return html`<label for="extra-user">Student</label> <select id="extra-user" name="userId" required><option value="">Choose a student</option>${options}</select>`;
}

function studentIdField(learners: Array<{ userId: string; userName: string }>): HtmlSafeString {
  return html`<label for="extra-user">Student (LMS user id)</label> <input id="extra-user" name="userId" list="extra-learners" required maxlength="256" autocomplete="off">
<datalist id="extra-learners">${learners.map((l) => html`<option value="${l.userId}">${l.userName}</option>`)}</datalist>`;
}
