import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { validateFailure } from './ags-faults.ts';
import type { PlatformContext } from './context.ts';
import { DEMO_COURSE, DEMO_USERS, fullName } from './demo-course.ts';
import { readGradebook, type Gradebook } from './gradebook.ts';
import { errorPage, escapeHtml, page } from './html.ts';
import type { ResourceLink, ToolRegistration } from './storage.ts';

const e = escapeHtml;

/** Students first, so the default choice is the common case: trying the tool as a student. */
const userOptions = () =>
  [...DEMO_USERS.filter((u) => u.role === 'Learner'), ...DEMO_USERS.filter((u) => u.role !== 'Learner')]
    .map((u) => `<option value="${e(u.id)}">${e(fullName(u))} (${u.role === 'Learner' ? 'student' : 'instructor'})</option>`)
    .join('');

function registrationsCard(base: string, toolUrl: string, registrations: ToolRegistration[]): string {
  const rows = registrations
    .map((r) => `<tr><td>${e(r.clientName)}</td><td><code>${e(r.clientId)}</code></td><td><code>${e(r.deploymentId)}</code></td><td><code>${e(r.initiateLoginUri)}</code></td></tr>`)
    .join('');
  return `<section class="card" aria-labelledby="tools-h"><h2 id="tools-h">Registered tools</h2>
${rows ? `<table><thead><tr><th scope="col">Tool</th><th scope="col">Client id</th><th scope="col">Deployment</th><th scope="col">Login URL</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No tool is registered yet.</p>'}
<form class="inline" method="post" action="${e(base)}/register-tool">
<label for="reg-url">Tool registration URL</label>
<input id="reg-url" type="url" name="url" required value="${e(`${toolUrl}/lti/register`)}">
<button type="submit">Register (LTI Dynamic Registration)</button></form></section>`;
}

function activitiesCard(base: string, links: ResourceLink[], registrations: ToolRegistration[]): string {
  const names = new Map(registrations.map((r) => [r.clientId, r.clientName]));
  const rows = links
    .map(
      (l) => `<tr><th scope="row">${e(l.title)}</th><td>${e(names.get(l.clientId) ?? 'unregistered tool')}</td>
<td><form class="inline" method="get" action="${e(base)}/launch"><input type="hidden" name="link" value="${e(l.id)}">
<label for="as-${e(l.id)}">Launch as</label><select id="as-${e(l.id)}" name="user">${userOptions()}</select>
<button class="primary" type="submit">Launch</button></form></td></tr>`,
    )
    .join('');
  const instructor = DEMO_USERS.find((u) => u.role === 'Instructor');
  const deepLinkers = registrations.filter((r) => r.messageTypes.includes('LtiDeepLinkingRequest'));
  const toolChoice =
    deepLinkers.length > 1
      ? `<label for="dl-client">Tool</label><select id="dl-client" name="client">${deepLinkers
          .map((r) => `<option value="${e(r.clientId)}">${e(r.clientName)} (${e(r.clientId.slice(0, 8))})</option>`)
          .reverse()
          .join('')}</select>`
      : deepLinkers[0]
        ? `<input type="hidden" name="client" value="${e(deepLinkers[0].clientId)}">`
        : '';
  const addForm =
    instructor && deepLinkers.length > 0
      ? `<form class="inline" method="get" action="${e(base)}/add-activity"><input type="hidden" name="user" value="${e(instructor.id)}">${toolChoice}
<button type="submit">Add activity (deep linking, as ${e(fullName(instructor))})</button></form>`
      : '<p class="meta">Register a tool that supports deep linking to add activities.</p>';
  return `<section class="card" aria-labelledby="acts-h"><h2 id="acts-h">Activities</h2>
${rows ? `<table><thead><tr><th scope="col">Activity</th><th scope="col">Tool</th><th scope="col">Open</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No activities yet.</p>'}
${addForm}</section>`;
}

function gradebookCard(base: string, book: Gradebook): string {
  if (book.lineItems.length === 0) return '<section class="card" aria-labelledby="gb-h"><h2 id="gb-h">Gradebook</h2><p>No graded items yet.</p></section>';
  const head = book.lineItems.map((c) => `<th scope="col">${e(c.activityTitle ?? c.label)}<br><span class="meta">out of ${e(String(c.scoreMaximum))}</span></th>`).join('');
  const body = book.students
    .map((s) => {
      const cells = book.lineItems
        .map((c) => {
          const cell = book.scores.find((x) => x.lineItemId === c.lineItemId && x.userId === s.id);
          if (!cell) return '<td class="meta">—</td>';
          const score = cell.scoreGiven !== undefined ? `${cell.scoreGiven} / ${cell.scoreMaximum ?? '?'}` : 'no score';
          return `<td class="num"><strong>${e(score)}</strong><br><span class="meta">${e(cell.activityProgress)}, ${e(cell.gradingProgress)}<br>${e(cell.timestamp)}</span>${cell.comment ? `<br><span class="meta">“${e(cell.comment)}”</span>` : ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${e(s.name)}</th>${cells}</tr>`;
    })
    .join('');
  return `<section class="card" aria-labelledby="gb-h"><h2 id="gb-h">Gradebook</h2>
<table><caption class="meta">Latest score per student as posted by the tool: scoreGiven / scoreMaximum, activity and grading progress, the tool's timestamp</caption>
<thead><tr><th scope="col">Student</th>${head}</tr></thead><tbody>${body}</tbody></table>
<p><a href="${e(base)}">Refresh</a></p></section>`;
}

function faultsCard(base: string, ctx: PlatformContext): string {
  const f = ctx.faults.agsFailure;
  const current = f ? `Grade service requests fail with ${f.status}${f.count !== undefined ? ` (${f.count} more)` : ' until cleared'}.` : 'The grade service answers normally.';
  const options: [string, string][] = [
    ['', 'No failure'],
    ['503', '503 LMS down'],
    ['429', '429 Too many requests'],
    ['400', '400 User cannot be graded (Moodle)'],
    ['403', '403 Rate limit (Canvas)'],
  ];
  return `<section class="card" aria-labelledby="f-h"><h2 id="f-h">Simulate LMS trouble</h2><p class="meta" role="status">${e(current)}</p>
<form class="inline" method="post" action="${e(base)}/faults"><label for="f-status">Grade service answers</label>
<select id="f-status" name="status">${options.map(([v, label]) => `<option value="${v}">${e(label)}</option>`).join('')}</select>
<label for="f-count">for</label><select id="f-count" name="count"><option value="1">the next request</option><option value="3">the next 3 requests</option><option value="">every request</option></select>
<button type="submit">Apply</button></form></section>`;
}

/** Blocks cross-site form posts to the sandbox's own actions (they fetch URLs and change state). */
function sameOrigin(ctx: PlatformContext) {
  const origin = new URL(ctx.issuer).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    const sent = req.get('origin');
    // The configured origin, or the one the browser actually used (localhost vs 127.0.0.1).
    if (sent === undefined || sent === origin || sent === `${req.protocol}://${req.get('host')}`) return next();
    res.status(403).type('html').send(errorPage(403, 'This form must be sent from the sandbox page itself.'));
  };
}

/** The sandbox course page (GET /) and its two small actions (register a tool, arm a failure). */
export function mountPages(router: Router, ctx: PlatformContext, register: (url: string) => Promise<{ clientId: string }>): void {
  // Absolute paths: the page is served at /sandbox without a trailing slash, where "./x" would leave the mount.
  const base = new URL(ctx.issuer).pathname.replace(/\/+$/, '');
  const form = express.urlencoded({ extended: false, limit: '10kb' });

  router.get('/', async (req: Request, res: Response) => {
    const [registrations, links, book] = await Promise.all([ctx.storage.listRegistrations(), ctx.storage.listResourceLinks(DEMO_COURSE.id), readGradebook(ctx)]);
    const notice = typeof req.query.notice === 'string' ? `<div class="banner" role="status">${e(req.query.notice)}</div>` : '';
    res.set('Cache-Control', 'no-store').type('html').send(
      page(
        DEMO_COURSE.title,
        `<h1>${e(DEMO_COURSE.title)} <span class="meta">${e(DEMO_COURSE.label)}</span></h1>${notice}
<p class="meta">Platform issuer <code>${e(ctx.issuer)}</code> · OpenID configuration <code>${e(ctx.urls.openidConfiguration)}</code></p>
${activitiesCard(base, links, registrations)}${gradebookCard(base, book)}${registrationsCard(base, ctx.toolUrl, registrations)}${faultsCard(base, ctx)}`,
      ),
    );
  });

  router.post('/register-tool', sameOrigin(ctx), form, async (req: Request, res: Response) => {
    const url = typeof req.body?.url === 'string' ? (req.body.url as string) : '';
    if (!URL.canParse(url)) return void res.status(400).type('html').send(errorPage(400, 'Give the tool’s registration URL as an absolute URL.'));
    try {
      const { clientId } = await register(url);
      res.redirect(303, `${base}?notice=${encodeURIComponent(`Tool registered with client id ${clientId}.`)}`);
    } catch (error) {
      res.status(502).type('html').send(errorPage(502, error instanceof Error ? error.message : 'Dynamic registration failed.'));
    }
  });

  router.post('/faults', sameOrigin(ctx), form, (req: Request, res: Response) => {
    const status = Number(req.body?.status);
    const count = req.body?.count ? Number(req.body.count) : undefined;
    try {
      ctx.faults.agsFailure = req.body?.status ? validateFailure({ status, ...(count !== undefined ? { count } : {}) }) : null;
    } catch (error) {
      return void res.status(400).type('html').send(errorPage(400, error instanceof Error ? error.message : 'Invalid failure.'));
    }
    res.redirect(303, `${base}?notice=${encodeURIComponent(ctx.faults.agsFailure ? 'Failure armed.' : 'Grade service back to normal.')}`);
  });
}
