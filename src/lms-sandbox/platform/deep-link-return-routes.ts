import express, { type Router } from 'express';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import type { PlatformDeps } from './platform-deps.ts';
import { parseFields, parseSandboxBody, SandboxError } from './sandbox-error.ts';
import { toolKeySet } from './tool-keys.ts';

const ContentItemsSchema = z.array(
  z.looseObject({
    type: z.string(),
    title: z.string().optional(),
    custom: z.record(z.string(), z.string()).optional(),
    lineItem: z.looseObject({ scoreMaximum: z.number().optional() }).optional(),
  }),
);

/** The end of Deep Linking: the tool's signed response adds its resource links (with line items) to the course. */
export function deepLinkReturnRoutes({ issuer, state, persist }: PlatformDeps): Router {
  const router = express.Router();
  router.post('/deep-link-return', async (req, res) => {
    const reg = state.registration;
    const { JWT } = parseSandboxBody(z.object({ JWT: z.string() }), req, 'JWT: the deep-linking response is missing');
    const { payload } = await jwtVerify(JWT, toolKeySet(state), {
      audience: issuer,
      issuer: reg?.clientId ?? '',
    }).catch(() => {
      throw new SandboxError(400, 'the deep-linking response JWT is invalid');
    });
    const items = parseFields(
      ContentItemsSchema,
      payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] ?? [],
    );
    const added = items
      .filter((i) => i.type === 'ltiResourceLink')
      .map((i) => state.addLink(i.title ?? 'Activity', i.custom ?? {}, i.lineItem?.scoreMaximum ?? 100));
    persist();
    res.redirect(303, `${issuer}/?added=${encodeURIComponent(added.map((l) => l.title).join(', '))}`);
  });
  return router;
}
