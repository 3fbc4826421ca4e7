import express, { type Request, type Response, type Router } from 'express';
import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { PlatformContext } from './context.ts';
import { createActivity, type NewActivity } from './course.ts';
import { escapeHtml, errorPage, page } from './html.ts';
import { CLAIM } from './lti-constants.ts';
import type { ToolRegistration } from './storage.ts';
import type { createToolKeyResolver } from './tool-keys.ts';
import { verificationReason } from './tool-keys.ts';

class DeepLinkError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Turns one ltiResourceLink content item (Deep Linking 2.0 §3.4.1) into an activity to create. */
function activityFromItem(item: Record<string, unknown>, index: number, registration: ToolRegistration): NewActivity {
  const where = `content_items[${index}]`;
  const activity: NewActivity = { clientId: registration.clientId, title: typeof item.title === 'string' && item.title.trim() !== '' ? item.title : 'Untitled activity' };
  if (item.url !== undefined) {
    let url: URL | undefined;
    try {
      url = typeof item.url === 'string' ? new URL(item.url) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new DeepLinkError(`${where}.url: must be an absolute http(s) URL`);
    activity.url = item.url as string;
  }
  if (item.custom !== undefined) {
    if (!isObject(item.custom)) throw new DeepLinkError(`${where}.custom: must be an object of strings`);
    // Custom values are strings on the wire; numbers and booleans are accepted the way Moodle stores them.
    activity.custom = Object.fromEntries(
      Object.entries(item.custom)
        .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        .map(([k, v]) => [k, String(v)]),
    );
  }
  if (item.lineItem !== undefined) {
    const li = item.lineItem;
    if (!isObject(li) || typeof li.scoreMaximum !== 'number' || !Number.isFinite(li.scoreMaximum) || li.scoreMaximum <= 0) {
      throw new DeepLinkError(`${where}.lineItem.scoreMaximum: required, a number greater than 0`);
    }
    activity.lineItem = {
      scoreMaximum: li.scoreMaximum,
      ...(typeof li.label === 'string' && li.label !== '' ? { label: li.label } : {}),
      ...(typeof li.resourceId === 'string' ? { resourceId: li.resourceId } : {}),
      ...(typeof li.tag === 'string' ? { tag: li.tag } : {}),
    };
  }
  return activity;
}

/**
 * POST /deep-link-return: the tool's LtiDeepLinkingResponse (Deep Linking 2.0 §4.5), a JWT in the
 * form field "JWT", signed with the tool's registered key, iss = client id, aud = our issuer.
 */
export function mountDeepLinkReturn(router: Router, ctx: PlatformContext, toolKeys: ReturnType<typeof createToolKeyResolver>): void {
  router.post('/deep-link-return', express.urlencoded({ extended: false, limit: '200kb' }), async (req: Request, res: Response) => {
    const fail = (message: string) => res.status(400).type('html').send(errorPage(400, `Deep-linking response refused: ${message}`));
    const jwt = typeof req.body?.JWT === 'string' ? (req.body.JWT as string) : undefined;
    if (!jwt) return fail('the form field "JWT" is missing.');
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(jwt);
    } catch {
      return fail('the "JWT" field is not a JWT.');
    }
    const registration = unverified.iss ? await ctx.storage.getRegistration(unverified.iss) : undefined;
    if (!registration) return fail('iss is not a registered client_id.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, toolKeys(registration), {
        algorithms: ['RS256'],
        issuer: registration.clientId,
        audience: ctx.issuer,
        requiredClaims: ['exp', 'iat', 'nonce'],
        currentDate: new Date(ctx.now()),
        clockTolerance: 5,
      }));
    } catch (error) {
      return fail(verificationReason(error));
    }
    if (payload[CLAIM.messageType] !== 'LtiDeepLinkingResponse') return fail(`${CLAIM.messageType} must be "LtiDeepLinkingResponse".`);
    if (payload[CLAIM.version] !== '1.3.0') return fail(`${CLAIM.version} must be "1.3.0".`);
    if (payload[CLAIM.deploymentId] !== registration.deploymentId) return fail(`${CLAIM.deploymentId} does not match the tool's deployment.`);
    const data = payload[CLAIM.dlData];
    const launch = typeof data === 'string' ? await ctx.storage.getLaunch(data) : undefined;
    if (!launch || launch.messageType !== 'LtiDeepLinkingRequest' || launch.clientId !== registration.clientId) {
      return fail(`${CLAIM.dlData} must echo the data of the deep-linking request.`);
    }
    if (!(await ctx.storage.useNonce(`dl:${String(payload.nonce)}`, (payload.exp as number) * 1000, ctx.now()))) return fail('this response was already received (nonce replayed).');

    // ltijs spells the error claim with a trailing space; both spellings are read.
    const toolError = payload[CLAIM.dlErrorMsg] ?? payload[`${CLAIM.dlErrorMsg} `];
    const items = payload[CLAIM.dlContentItems] ?? [];
    if (!Array.isArray(items)) return fail(`${CLAIM.dlContentItems} must be an array.`);
    let activities: NewActivity[];
    try {
      activities = items.flatMap((item, i) => (isObject(item) && item.type === 'ltiResourceLink' ? [activityFromItem(item, i, registration)] : []));
    } catch (error) {
      if (error instanceof DeepLinkError) return fail(error.message);
      throw error;
    }
    const created = [];
    for (const activity of activities) created.push(await createActivity(ctx, activity));
    const ignored = items.length - activities.length;
    const message = payload[CLAIM.dlMsg];
    const list = created.map(({ link, lineItem }) => `<li>${escapeHtml(link.title)}${lineItem ? ` — graded out of ${escapeHtml(String(lineItem.scoreMaximum))}` : ' — not graded'}</li>`).join('');
    res.type('html').send(
      page(
        'Activities added',
        `<h1>${created.length === 1 ? '1 activity added' : `${created.length} activities added`}</h1>
${typeof toolError === 'string' ? `<div class="banner error" role="alert">The tool reported: ${escapeHtml(toolError)}</div>` : ''}
${typeof message === 'string' ? `<div class="banner">${escapeHtml(message)}</div>` : ''}
${list ? `<ul>${list}</ul>` : '<p>The tool returned no resource links.</p>'}
${ignored > 0 ? `<p class="meta">${ignored} content item(s) of other types were ignored (this platform accepts ltiResourceLink only).</p>` : ''}
<p><a href="./">Back to the course</a></p>`,
      ),
    );
  });
}
