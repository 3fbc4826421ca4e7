import express, { type Router } from 'express';
import type { PlatformDeps } from './platform-deps.ts';
import { SERVICE_SCOPES } from './scopes.ts';

/** What a tool reads to register itself: the OpenID configuration and the platform's public keys. */
export function discoveryRoutes({ issuer, key }: PlatformDeps): Router {
  const router = express.Router();
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      registration_endpoint: `${issuer}/register`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', ...SERVICE_SCOPES],
      response_types_supported: ['id_token'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public', 'pairwise'],
      claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email', 'locale'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'exam-variants-sandbox',
        version: '1.0',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    });
  });

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [key.publicJwk] });
  });
  return router;
}
