import express, { type Request, type Response, type Router } from 'express';
import type { PlatformContext } from './context.ts';
import { findDemoUser } from './demo-course.ts';
import { autoPostPage, errorPage } from './html.ts';
import { signIdToken } from './id-token.ts';

const param = (params: Record<string, unknown>, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * GET|POST /auth: the OIDC authorization endpoint the tool redirects the browser to (LTI core §5.1.1.2).
 * Problems are shown as 400 pages rather than redirected to redirect_uri: the sandbox user wants to
 * read them, and an unverified redirect_uri must never receive anything.
 */
export function mountAuthEndpoint(router: Router, ctx: PlatformContext): void {
  const handler = async (req: Request, res: Response) => {
    const params: Record<string, unknown> = { ...(req.query as Record<string, unknown>), ...(req.method === 'POST' && typeof req.body === 'object' && req.body ? req.body : {}) };
    const fail = (message: string) => res.status(400).type('html').send(errorPage(400, `Authorization request refused: ${message}`));

    const clientId = param(params, 'client_id');
    const registration = clientId ? await ctx.storage.getRegistration(clientId) : undefined;
    if (!registration) return fail('client_id is missing or not registered with this platform.');
    const redirectUri = param(params, 'redirect_uri');
    if (!redirectUri || !registration.redirectUris.includes(redirectUri)) {
      return fail(`redirect_uri ${JSON.stringify(redirectUri ?? '')} is not one of the tool's registered redirect URIs.`);
    }
    if (!(param(params, 'scope') ?? '').split(' ').includes('openid')) return fail('scope must include "openid".');
    if (param(params, 'response_type') !== 'id_token') return fail('response_type must be "id_token".');
    if (param(params, 'response_mode') !== 'form_post') return fail('response_mode must be "form_post".');
    if (param(params, 'prompt') !== 'none') return fail('prompt must be "none".');
    const deploymentId = param(params, 'lti_deployment_id');
    if (deploymentId !== undefined && deploymentId !== registration.deploymentId) return fail('lti_deployment_id does not match the tool\'s deployment.');
    const nonce = param(params, 'nonce');
    if (!nonce) return fail('nonce is required.');

    const hint = param(params, 'lti_message_hint');
    const launch = hint ? await ctx.storage.getLaunch(hint) : undefined;
    if (!launch || launch.expiresAt <= ctx.now()) return fail('lti_message_hint is missing, unknown or expired. Start the launch again from the sandbox course.');
    if (launch.clientId !== registration.clientId) return fail('lti_message_hint belongs to another tool.');
    if (param(params, 'login_hint') !== launch.userId) return fail('login_hint does not match the user who started the launch.');
    const user = findDemoUser(launch.userId);
    if (!user) return fail('login_hint names an unknown user.');

    const link = launch.resourceLinkId ? await ctx.storage.getResourceLink(launch.resourceLinkId) : undefined;
    if (launch.messageType === 'LtiResourceLinkRequest' && !link) return fail('the activity of this launch no longer exists.');
    const lineItem = link?.lineItemId ? await ctx.storage.getLineItem(link.lineItemId) : undefined;
    const idToken = await signIdToken(ctx, { launch, registration, user, nonce, ...(link ? { link } : {}), ...(lineItem ? { lineItem } : {}) });
    const fields: Record<string, string> = { id_token: idToken };
    const state = param(params, 'state');
    if (state) fields.state = state;
    res.set('Cache-Control', 'no-store').type('html').send(autoPostPage('Opening the tool', redirectUri, fields));
  };
  router.get('/auth', handler);
  router.post('/auth', express.urlencoded({ extended: false, limit: '20kb' }), handler);
}
