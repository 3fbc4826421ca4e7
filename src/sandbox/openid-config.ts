import type { Request, Response, Router } from 'express';
import type { PlatformContext } from './context.ts';
import { CLAIM, SUPPORTED_SCOPES } from './lti-constants.ts';

/** The platform's OpenID configuration, as LTI Dynamic Registration 1.0 §3.4 describes it. */
export function openidConfiguration(ctx: PlatformContext): Record<string, unknown> {
  return {
    issuer: ctx.issuer,
    authorization_endpoint: ctx.urls.auth,
    token_endpoint: ctx.urls.token,
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256'],
    jwks_uri: ctx.urls.jwks,
    registration_endpoint: ctx.urls.register,
    scopes_supported: ['openid', ...SUPPORTED_SCOPES],
    response_types_supported: ['id_token'],
    subject_types_supported: ['public', 'pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email', 'locale'],
    [CLAIM.platformConfiguration]: {
      product_family_code: 'exam-variants-sandbox',
      version: '1.0',
      messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', placements: ['ContentArea'] }],
      variables: [],
    },
  };
}

export function mountDiscovery(router: Router, ctx: PlatformContext): void {
  router.get('/.well-known/openid-configuration', (_req: Request, res: Response) => {
    res.json(openidConfiguration(ctx));
  });
  router.get('/jwks', async (_req: Request, res: Response) => {
    const key = await ctx.signingKey();
    // Tools cache JWKS; a few minutes keeps launches fast without pinning a rotated key for long.
    res.set('Cache-Control', 'public, max-age=300').json({ keys: [key.publicJwk] });
  });
}
