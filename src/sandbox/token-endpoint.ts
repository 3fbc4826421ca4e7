import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { decodeJwt, jwtVerify } from 'jose';
import type { PlatformContext } from './context.ts';
import { CLIENT_ASSERTION_TYPE } from './lti-constants.ts';
import type { createToolKeyResolver } from './tool-keys.ts';
import { verificationReason } from './tool-keys.ts';

export const ACCESS_TOKEN_LIFETIME_S = 3600;

const field = (body: unknown, name: string): string | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * POST /token: OAuth 2.0 client credentials with a JWT client assertion (IMS Security Framework §4.1).
 * The assertion must be signed by a key in the tool's registered JWKS, name the client id as iss and
 * sub, be addressed to this token endpoint, unexpired, and carry a jti we have not seen.
 */
export function mountTokenEndpoint(router: Router, ctx: PlatformContext, toolKeys: ReturnType<typeof createToolKeyResolver>): void {
  router.post('/token', express.urlencoded({ extended: false, limit: '20kb' }), async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const oauthError = (status: number, error: string, description: string) => res.status(status).json({ error, error_description: description });

    if (field(req.body, 'grant_type') !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'grant_type must be "client_credentials"');
    if (field(req.body, 'client_assertion_type') !== CLIENT_ASSERTION_TYPE) return oauthError(400, 'invalid_request', `client_assertion_type must be "${CLIENT_ASSERTION_TYPE}"`);
    const assertion = field(req.body, 'client_assertion');
    if (!assertion) return oauthError(400, 'invalid_request', 'client_assertion is required');
    const requested = (field(req.body, 'scope') ?? '').split(' ').filter(Boolean);
    if (requested.length === 0) return oauthError(400, 'invalid_scope', 'scope is required (space-separated AGS scopes)');

    let clientId: string | undefined;
    try {
      clientId = decodeJwt(assertion).sub;
    } catch {
      return oauthError(400, 'invalid_request', 'client_assertion is not a JWT');
    }
    const registration = clientId ? await ctx.storage.getRegistration(clientId) : undefined;
    if (!registration) return oauthError(401, 'invalid_client', 'the assertion sub is not a registered client_id');

    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, toolKeys(registration), {
        algorithms: ['RS256'],
        issuer: registration.clientId,
        subject: registration.clientId,
        // The token endpoint URL is what the spec asks for; the issuer is accepted as the authorization server id.
        audience: [ctx.urls.token, ctx.issuer],
        requiredClaims: ['exp', 'iat', 'jti'],
        currentDate: new Date(ctx.now()),
        clockTolerance: 5,
      }));
    } catch (error) {
      return oauthError(401, 'invalid_client', `client_assertion rejected: ${verificationReason(error)}`);
    }
    const expiresAtMs = (payload.exp as number) * 1000;
    if (!(await ctx.storage.useNonce(`jti:${registration.clientId}:${String(payload.jti)}`, expiresAtMs, ctx.now()))) {
      return oauthError(401, 'invalid_client', 'client_assertion rejected: this jti was already used');
    }

    const granted = requested.filter((s) => registration.scopes.includes(s));
    if (granted.length === 0) return oauthError(400, 'invalid_scope', `none of the requested scopes were granted to this tool (granted at registration: ${registration.scopes.join(' ') || 'none'})`);
    const token = randomBytes(32).toString('base64url');
    await ctx.storage.saveAccessToken({ token, clientId: registration.clientId, scopes: granted, expiresAt: ctx.now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    res.json({ access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_S, scope: granted.join(' ') });
  });
}
