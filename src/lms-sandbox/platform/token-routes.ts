import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import type { PlatformDeps } from './platform-deps.ts';
import { SERVICE_SCOPES } from './scopes.ts';
import { toolKeySet } from './tool-keys.ts';

const TokenRequestSchema = z.object({
  grant_type: z.literal('client_credentials'),
  client_assertion_type: z.literal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
  client_assertion: z.string().optional().default(''),
  scope: z.string().optional().default(''),
});

/** The OAuth 2 token endpoint: a tool's signed client assertion buys a service access token. */
export function tokenRoutes({ issuer, state, persist }: PlatformDeps): Router {
  const router = express.Router();
  router.post('/token', async (req, res) => {
    const request = TokenRequestSchema.safeParse(req.body ?? {});
    if (!request.success) {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const reg = state.registration;
    try {
      const { payload } = await jwtVerify(request.data.client_assertion, toolKeySet(state), {
        audience: [`${issuer}/token`, issuer],
        issuer: reg?.clientId ?? '',
        subject: reg?.clientId ?? '',
      });
      if (!payload.jti) throw new Error('jti required');
    } catch (error) {
      res.status(401).json({
        error: 'invalid_client',
        error_description: error instanceof Error ? error.message : 'invalid assertion',
      });
      return;
    }
    const scope = request.data.scope.split(' ').filter((s) => SERVICE_SCOPES.includes(s));
    const token = randomUUID();
    state.addAccessToken(token, scope, Date.now() + 3_600_000);
    persist();
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') });
  });
  return router;
}
