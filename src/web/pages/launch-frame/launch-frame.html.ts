import { html, type HtmlSafeString } from '../../../render/html.ts';
import type { LaunchPages } from '../../../lti/launch-pages.ts';
import { layout } from '../../components/layout.html.ts';

/**
 * The pages of a launch inside the LMS frame when the browser keeps no cookie there: the LTI
 * platform-storage steps (the platform keeps state and nonce for the tool, via postMessage; the
 * work is done by /assets/app/lti-storage.js) and, when that cannot work either, the way out: the
 * same login in a window of its own.
 */

/** "Open in a new window": a form that starts the same login again at the top level. */
function newWindowBlock(url: string, hidden: boolean): HtmlSafeString {
  const [path, query] = url.split('?');
  return html`<div id="new-window" class="card"${hidden && ' hidden'}>
<h1>Open the activity in a new window</h1>
<p>Your browser does not keep this activity's sign-in inside the course page (third-party cookies are blocked, as in Safari or a private window). In a window of its own it works as usual.</p>
<form method="get" action="${path ?? ''}" target="_blank">
${[...new URLSearchParams(query ?? '')].map(([k, v], i) => html`${i > 0 && '\n'}<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit" class="primary">Open in a new window</button>
</form>
</div>`;
}

/** At login: store state and nonce with the platform, then go on to its authentication endpoint. */
export function renderStoragePutPage(args: Parameters<LaunchPages['storagePutPage']>[0]): string {
  return layout({
    lang: 'en',
    title: 'Signing in…',
    body: html`<div id="lti-storage" data-mode="put" data-target="${args.storageTarget}" data-origin="${args.platformOrigin}" data-state="${args.state}" data-nonce="${args.nonce}" data-next="${args.authUrl}"></div><p class="meta">Signing in…</p><noscript><a href="${args.authUrl}">Continue</a></noscript><script src="/assets/app/lti-storage.js"></script>`,
  });
}

/**
 * At launch, without the state cookie: read state and nonce back from the platform; when they are
 * the ones of this launch, post it again marked as checked; otherwise offer the new window.
 */
export function renderStorageCheckPage(args: Parameters<LaunchPages['storageCheckPage']>[0]): string {
  const inputs = Object.entries(args.fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  const body = html`<div id="lti-storage" data-mode="check" data-target="${args.storageTarget}" data-origin="${args.platformOrigin}" data-state="${args.state}" data-nonce="${args.nonce}"></div>
<form id="lti-storage-form" method="post" action="${args.action}">${inputs}<input type="hidden" name="lti_storage_checked" value="1"></form>
<p class="meta" id="lti-storage-wait">Signing in…</p>
${newWindowBlock(args.newWindowUrl, true)}
<script src="/assets/app/lti-storage.js"></script>`;
  return layout({ lang: 'en', title: 'Signing in…', body });
}

/** The launch cannot be tied to its login inside the frame: instead of a bare 401, the way that works. */
export function renderNewWindowPage(newWindowUrl: string): string {
  return layout({ lang: 'en', title: 'Open in a new window', body: newWindowBlock(newWindowUrl, false) });
}
