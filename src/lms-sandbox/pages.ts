import { escapeHtml } from '../render/escape-html.ts';
import { layout } from '../web/pages/layout.ts';
import { DEMO_COURSE, DEMO_USERS, type SandboxState } from './state.ts';

/** The sandbox LMS's one page: the demo course, launch buttons and the gradebook. */
export function renderSandboxPage(state: SandboxState, notice?: string): string {
  const learners = DEMO_USERS.filter((u) => u.role === 'learner');
  const links = [...state.links.values()];
  const launchForm = (userId: string, linkId: string, label: string, primary = false) =>
    `<form method="get" action="/sandbox/launch" style="display:inline"><input type="hidden" name="user" value="${escapeHtml(userId)}"><input type="hidden" name="link" value="${escapeHtml(linkId)}"><button type="submit"${primary ? ' class="primary"' : ''}>${escapeHtml(label)}</button></form>`;
  const activities = links
    .map(
      (l) => `<section class="card" aria-labelledby="act-${escapeHtml(l.id)}"><h2 id="act-${escapeHtml(l.id)}">${escapeHtml(l.title)}</h2>
<div class="actions">${learners.map((u) => launchForm(u.id, l.id, `Open as ${u.name} (student)`, u.id === 'alice')).join('')}${launchForm('teacher', l.id, 'Open as Dr. Teacher (instructor)')}</div></section>`,
    )
    .join('\n');
  const header = `<tr><th>Student</th>${links.map((l) => `<th>${escapeHtml(l.title)}</th>`).join('')}</tr>`;
  const rows = learners
    .map((u) => {
      const cells = links
        .map((l) => {
          const s = state.scores.get(l.lineItemId)?.get(u.id);
          const max = state.lineItems.get(l.lineItemId)?.scoreMaximum ?? 0;
          return `<td>${s ? `${s.scoreGiven ?? '–'} / ${s.scoreMaximum ?? max}<br><span class="meta">${escapeHtml(s.gradingProgress)} · ${escapeHtml(s.timestamp.slice(0, 19).replace('T', ' '))}</span>` : '<span class="meta">–</span>'}</td>`;
        })
        .join('');
      return `<tr><td>${escapeHtml(u.name)}</td>${cells}</tr>`;
    })
    .join('');
  const body = `<h1>Sandbox LMS · ${escapeHtml(DEMO_COURSE.title)}</h1>
<p class="meta">A built-in LTI 1.3 platform for trying exam-variants without Moodle or Canvas (development only). ${
    state.registration ? `Tool registered by LTI Dynamic Registration as client <code>${escapeHtml(state.registration.clientId)}</code>.` : '<strong>The tool is not registered yet.</strong>'
  }</p>
${notice ? `<div class="banner" role="status">${escapeHtml(notice)}</div>` : ''}
${activities}
<section class="card"><h2>Add an activity</h2><p>As the instructor, choose problems and settings in the tool (LTI Deep Linking).</p>
<form method="get" action="/sandbox/launch"><input type="hidden" name="user" value="teacher"><input type="hidden" name="type" value="deeplink"><button type="submit">Add activity as Dr. Teacher</button></form></section>
<section class="card"><h2>Gradebook</h2><table aria-label="Gradebook">${header}${rows}</table></section>`;
  return layout({ lang: 'en', title: 'Sandbox LMS', body });
}
