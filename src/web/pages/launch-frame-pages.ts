import { escapeHtml } from '../../render/escape-html.ts';
import type { LaunchPages } from '../../lti/launch-pages.ts';
import { layout } from './layout.ts';

/**
 * The pages of a launch inside the LMS frame when the browser keeps no cookie there: the LTI
 * platform-storage steps (the platform keeps state and nonce for the tool, via postMessage) and,
 * when that cannot work either, the way out: the same login in a window of its own.
 */

const newWindowBlock = (url: string, hidden: boolean) => `<div id="new-window" class="card"${hidden ? ' hidden' : ''}>
<h1>Open the activity in a new window</h1>
<p>Your browser does not keep this activity's sign-in inside the course page (third-party cookies are blocked, as in Safari or a private window). In a window of its own it works as usual.</p>
<form method="get" action="${escapeHtml(url.split('?')[0] ?? '')}" target="_blank">
${[...new URLSearchParams(url.split('?')[1] ?? '')].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('\n')}
<button type="submit" class="primary">Open in a new window</button>
</form>
</div>`;

/** At login: store state and nonce with the platform, then go on to its authentication endpoint. */
export function renderStoragePutPage(args: Parameters<LaunchPages['storagePutPage']>[0]): string {
  const data = `<div id="lti-storage" data-mode="put" data-target="${escapeHtml(args.storageTarget)}" data-origin="${escapeHtml(args.platformOrigin)}" data-state="${escapeHtml(args.state)}" data-nonce="${escapeHtml(args.nonce)}" data-next="${escapeHtml(args.authUrl)}"></div>`;
  return layout({
    lang: 'en',
    title: 'Signing in…',
    body: `${data}<p class="meta">Signing in…</p><noscript><a href="${escapeHtml(args.authUrl)}">Continue</a></noscript><script src="/assets/app/lti-storage.js"></script>`,
  });
}

/**
 * At launch, without the state cookie: read state and nonce back from the platform; when they are
 * the ones of this launch, post it again marked as checked; otherwise offer the new window.
 */
export function renderStorageCheckPage(args: Parameters<LaunchPages['storageCheckPage']>[0]): string {
  const inputs = Object.entries(args.fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const body = `<div id="lti-storage" data-mode="check" data-target="${escapeHtml(args.storageTarget)}" data-origin="${escapeHtml(args.platformOrigin)}" data-state="${escapeHtml(args.state)}" data-nonce="${escapeHtml(args.nonce)}"></div>
<form id="lti-storage-form" method="post" action="${escapeHtml(args.action)}">${inputs}<input type="hidden" name="lti_storage_checked" value="1"></form>
<p class="meta" id="lti-storage-wait">Signing in…</p>
${newWindowBlock(args.newWindowUrl, true)}
<script src="/assets/app/lti-storage.js"></script>`;
  return layout({ lang: 'en', title: 'Signing in…', body });
}

/** The launch cannot be tied to its login inside the frame: instead of a bare 401, the way that works. */
export function renderNewWindowPage(newWindowUrl: string): string {
  return layout({ lang: 'en', title: 'Open in a new window', body: newWindowBlock(newWindowUrl, false) });
}
