import { randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { PlatformContext } from './context.ts';
import { ensureSeedActivity } from './course.ts';
import { CLAIM, SUPPORTED_SCOPES } from './lti-constants.ts';
import type { ToolRegistration } from './storage.ts';

const REGISTRATION_TOKEN_TTL_MS = 60 * 60_000;

class RegistrationError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function httpUrl(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new RegistrationError(`${field}: required (an absolute http(s) URL)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RegistrationError(`${field}: not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistrationError(`${field}: must be http(s)`);
  return value;
}

/** Checks a client registration request against LTI Dynamic Registration 1.0 §3.5. */
export function parseRegistrationRequest(body: unknown, now: number): Omit<ToolRegistration, 'clientId' | 'deploymentId'> {
  if (!isObject(body)) throw new RegistrationError('the body must be a JSON object (Content-Type: application/json)');
  if (body.application_type !== 'web') throw new RegistrationError('application_type: must be "web"');
  const grantTypes = Array.isArray(body.grant_types) ? body.grant_types : [];
  if (!grantTypes.includes('implicit') || !grantTypes.includes('client_credentials')) throw new RegistrationError('grant_types: must include "implicit" and "client_credentials"');
  if (!Array.isArray(body.response_types) || !body.response_types.includes('id_token')) throw new RegistrationError('response_types: must include "id_token"');
  if (body.token_endpoint_auth_method !== 'private_key_jwt') throw new RegistrationError('token_endpoint_auth_method: must be "private_key_jwt"');
  if (!Array.isArray(body.redirect_uris) || body.redirect_uris.length === 0) throw new RegistrationError('redirect_uris: required, a non-empty array of URLs');
  const redirectUris = body.redirect_uris.map((u, i) => httpUrl(u, `redirect_uris[${i}]`));
  const config = body[CLAIM.toolConfiguration];
  if (!isObject(config)) throw new RegistrationError(`${CLAIM.toolConfiguration}: required`);
  if (typeof config.domain !== 'string' || config.domain === '') throw new RegistrationError(`${CLAIM.toolConfiguration}.domain: required`);
  const messages = Array.isArray(config.messages) ? config.messages.filter(isObject) : [];
  const deepLinking = messages.find((m) => m.type === 'LtiDeepLinkingRequest');
  const requested = typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
  const custom = isObject(config.custom_parameters) ? config.custom_parameters : {};
  return {
    clientName: typeof body.client_name === 'string' && body.client_name !== '' ? body.client_name : 'Unnamed tool',
    initiateLoginUri: httpUrl(body.initiate_login_uri, 'initiate_login_uri'),
    redirectUris,
    jwksUri: httpUrl(body.jwks_uri, 'jwks_uri'),
    targetLinkUri: httpUrl(config.target_link_uri, `${CLAIM.toolConfiguration}.target_link_uri`),
    ...(deepLinking && typeof deepLinking.target_link_uri === 'string' ? { deepLinkingUri: httpUrl(deepLinking.target_link_uri, 'messages[].target_link_uri') } : {}),
    // A tool gets what it asked for and we support; it learns the result from the response's scope.
    scopes: requested.filter((s) => SUPPORTED_SCOPES.includes(s)),
    customParameters: Object.fromEntries(Object.entries(custom).filter((e): e is [string, string] => typeof e[1] === 'string')),
    messageTypes: ['LtiResourceLinkRequest', ...(deepLinking ? ['LtiDeepLinkingRequest'] : [])],
    createdAt: now,
  };
}

/** POST /register: the registration endpoint the tool calls with the one-time bearer token. */
export function mountRegistration(router: Router, ctx: PlatformContext): void {
  router.post('/register', express.json({ limit: '100kb' }), async (req: Request, res: Response) => {
    const token = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'invalid_token', error_description: 'the registration token is missing (Authorization: Bearer <registration_token>)' });
      return;
    }
    let parsed;
    try {
      parsed = parseRegistrationRequest(req.body, ctx.now());
    } catch (error) {
      if (!(error instanceof RegistrationError)) throw error;
      res.status(400).json({ error: 'invalid_client_metadata', error_description: error.message });
      return;
    }
    const clientId = randomUUID();
    if (!(await ctx.storage.consumeRegistrationToken(token, clientId, ctx.now()))) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token', error_description: 'the registration token is unknown, expired or already used' });
      return;
    }
    // Moodle numbers deployments; a short string is realistic and distinct from the client id.
    const registration: ToolRegistration = { ...parsed, clientId, deploymentId: randomBytes(4).toString('hex') };
    await ctx.storage.saveRegistration(registration);
    await ensureSeedActivity(ctx, clientId);
    const toolConfiguration = req.body[CLAIM.toolConfiguration] as Record<string, unknown>;
    res.status(200).json({
      ...req.body,
      client_id: clientId,
      scope: registration.scopes.join(' '),
      [CLAIM.toolConfiguration]: { ...toolConfiguration, deployment_id: registration.deploymentId },
    });
  });
}

/**
 * The platform's half of dynamic registration: an administrator's browser would open the tool's
 * registration page in a frame; here the server opens it itself. The tool fetches our OpenID
 * configuration and POSTs to /register before it answers, so once the page has loaded the
 * registration that used our token is the one to return.
 */
export async function registerWithTool(ctx: PlatformContext, initiateRegistrationUrl: string): Promise<{ clientId: string; deploymentId: string }> {
  const token = randomBytes(32).toString('base64url');
  await ctx.storage.saveRegistrationToken(token, ctx.now() + REGISTRATION_TOKEN_TTL_MS);
  const url = new URL(initiateRegistrationUrl);
  url.searchParams.set('openid_configuration', ctx.urls.openidConfiguration);
  url.searchParams.set('registration_token', token);
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`dynamic registration: the tool answered ${response.status} at ${initiateRegistrationUrl}: ${text.slice(0, 300)}`);
  const clientId = await ctx.storage.registrationForToken(token);
  const registration = clientId ? await ctx.storage.getRegistration(clientId) : undefined;
  if (!registration) throw new Error(`dynamic registration: ${initiateRegistrationUrl} answered ${response.status} but never posted a registration to ${ctx.urls.register}`);
  return { clientId: registration.clientId, deploymentId: registration.deploymentId };
}
