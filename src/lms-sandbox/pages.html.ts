import { html, unsafeHtml } from '../render/html.ts';
import { layout } from '../web/components/layout.html.ts';
import { DEMO_COURSE, DEMO_USERS, type SandboxState } from './state.ts';

/** The sandbox LMS's one page: the demo course, launch buttons and the gradebook. */
export function renderSandboxPage(state: SandboxState, notice?: string): string {
  const learners = DEMO_USERS.filter((u) => u.role === 'learner');
  const links = [...state.links.values()];
  const launchForm = (userId: string, linkId: string, label: string, primary = false) =>
    html`<form method="get" action="/sandbox/launch" style="display:inline"><input type="hidden" name="user" value="${userId}"><input type="hidden" name="link" value="${linkId}"><button type="submit"${primary && html` class="primary"`}>${label}</button></form>`;
  const activities = links.map(
    (
      l,
      i,
    ) => html`${i > 0 && '\n'}<section class="card" aria-labelledby="act-${l.id}"><h2 id="act-${l.id}">${l.title}</h2>
<div class="actions">${learners.map((u) => launchForm(u.id, l.id, `Open as ${u.name} (student)`, u.id === 'alice'))}${launchForm('teacher', l.id, 'Open as Dr. Teacher (instructor)')}</div>
<p class="meta"><a href="/sandbox/frame?user=alice&amp;link=${encodeURIComponent(l.id)}">Open as Alice inside the course page</a> (the tool in a frame, as Moodle and Canvas show it by default).</p></section>`,
  );
  const header = html`<tr><th>Student</th>${links.map((l) => html`<th>${l.title}</th>`)}</tr>`;
  const rows = learners.map((u) => {
    const cells = links.map((l) => {
      const s = state.scores.get(l.lineItemId)?.get(u.id);
      const max = state.lineItems.get(l.lineItemId)?.scoreMaximum ?? 0;
      return html`<td>${s ? html`${s.scoreGiven ?? '–'} / ${s.scoreMaximum ?? max}<br><span class="meta">${s.gradingProgress} · ${s.timestamp.slice(0, 19).replace('T', ' ')}</span>` : html`<span class="meta">–</span>`}</td>`;
    });
    return html`<tr><td>${u.name}</td>${cells}</tr>`;
  });
  const body = html`<h1>Sandbox LMS · ${DEMO_COURSE.title}</h1>
<p class="meta">A built-in LTI 1.3 platform for trying exam-variants without Moodle or Canvas (development only). ${
    state.registration
      ? html`Tool registered by LTI Dynamic Registration as client <code>${state.registration.clientId}</code>.`
      : html`<strong>The tool is not registered yet.</strong>`
  }</p>
${notice && html`<div class="banner" role="status">${notice}</div>`}
${activities}
<section class="card"><h2>Add an activity</h2><p>As the instructor, choose problems and settings in the tool (LTI Deep Linking).</p>
<form method="get" action="/sandbox/launch"><input type="hidden" name="user" value="teacher"><input type="hidden" name="type" value="deeplink"><button type="submit">Add activity as Dr. Teacher</button></form></section>
<section class="card"><h2>Gradebook</h2><table aria-label="Gradebook">${header}${rows}</table></section>`;
  return layout({ lang: 'en', title: 'Sandbox LMS', body });
}

/**
 * Platform storage as an LMS offers it to a framed tool (1EdTech LTI Client Side postMessages):
 * put_data / get_data / capabilities, values kept per tool origin for the life of this page.
 */
const platformStorageScript = (startAfterMs: number) => `(function () {
  var kept = {};
  setTimeout(function () { window.addEventListener('message', function (event) {
    var m = event.data;
    if (!m || typeof m !== 'object' || typeof m.subject !== 'string' || !m.message_id) return;
    var forOrigin = kept[event.origin] = kept[event.origin] || {};
    var reply = { subject: m.subject + '.response', message_id: m.message_id };
    if (m.subject === 'lti.capabilities') {
      reply.supported_messages = [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }];
    } else if (m.subject === 'lti.put_data' && typeof m.key === 'string') {
      forOrigin[m.key] = m.value;
      reply.key = m.key;
      reply.value = m.value;
    } else if (m.subject === 'lti.get_data' && typeof m.key === 'string') {
      reply.key = m.key;
      if (Object.prototype.hasOwnProperty.call(forOrigin, m.key)) reply.value = forOrigin[m.key];
      else reply.error = { code: 'bad_request', message: 'There is no value stored for this key' };
    } else {
      reply.error = { code: 'unsupported_subject', message: 'Not supported: ' + m.subject };
    }
    event.source.postMessage(reply, event.origin);
  }); }, ${startAfterMs});
})();`;

/**
 * A course page with the activity in its frame, as Moodle and Canvas show it by default. `nonce`:
 * the response's script nonce (its Content-Security-Policy allows no other inline script).
 * `storageStartsAfterMs`: the platform storage listens only that long after the page ran its
 * script, as a platform page whose script waits for its stylesheets while the frame loads (the
 * tool's first messages then reach nobody).
 */
export function renderSandboxFramePage(
  userName: string,
  title: string,
  launchUrl: string,
  nonce: string,
  storageStartsAfterMs = 0,
): string {
  const body = html`<h1>${title} <span class="meta">· ${userName}</span></h1>
<p class="meta"><a href="/sandbox/">Back to the course</a></p>
<iframe name="lti-tool" title="${title}" src="${launchUrl}" style="width:100%;height:80vh;border:1px solid #d7dce2;border-radius:8px;background:#fff" allow="clipboard-write"></iframe>
<script nonce="${nonce}">${unsafeHtml(platformStorageScript(storageStartsAfterMs))}</script>`;
  return layout({ lang: 'en', title: `${title} · Sandbox LMS`, body });
}
