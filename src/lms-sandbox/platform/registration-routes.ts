import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { PlatformDeps } from './platform-deps.ts';
import { parseSandboxBody, SandboxError } from './sandbox-error.ts';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

const RegistrationSchema = z.looseObject({
  jwks_uri: z.string().min(1),
  initiate_login_uri: z.string().min(1),
  redirect_uris: z.array(z.string()).min(1),
  client_name: z.string().optional(),
  [TOOL_CONFIGURATION]: z.looseObject({ target_link_uri: z.string().optional() }).optional(),
});

/** LTI Dynamic Registration: a tool given a one-time registration token registers itself. */
export function registrationRoutes({ state, persist }: PlatformDeps): Router {
  const router = express.Router();
  router.post('/register', (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.registrationTokens.delete(token))
      throw new SandboxError(401, 'registration token missing or already used');
    const body = parseSandboxBody(
      RegistrationSchema,
      req,
      'jwks_uri, initiate_login_uri and redirect_uris are required',
    );
    const config = body[TOOL_CONFIGURATION] ?? {};
    const clientId = `sandbox-${randomUUID().slice(0, 8)}`;
    const deploymentId = 'sandbox-deployment-1';
    state.registration = {
      clientId,
      deploymentId,
      jwksUri: body.jwks_uri,
      initiateLoginUri: body.initiate_login_uri,
      redirectUris: body.redirect_uris,
      targetLinkUri: config.target_link_uri ?? body.redirect_uris[0] ?? '',
      name: body.client_name ?? 'tool',
    };
    persist();
    res.json({
      ...body,
      client_id: clientId,
      [TOOL_CONFIGURATION]: { ...config, deployment_id: deploymentId },
    });
  });
  return router;
}
