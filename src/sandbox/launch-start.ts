import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { PlatformContext } from './context.ts';
import { DEMO_COURSE, findDemoUser } from './demo-course.ts';
import { autoPostPage, errorPage } from './html.ts';
import { targetLinkUriFor } from './id-token.ts';
import type { PendingLaunch } from './storage.ts';

/** Long enough to read a slow page, short enough that an old tab cannot replay a launch tomorrow. */
const LAUNCH_TTL_MS = 10 * 60_000;

const query = (req: Request, name: string): string | undefined => {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * GET /launch?link=<resource link>&user=<user id>: resource-link launch.
 * GET /add-activity?user=<instructor>[&client=<client id>]: deep-linking request.
 * Both start third-party initiated login (LTI core §5.1.1.1): the browser posts iss, login_hint,
 * lti_message_hint, target_link_uri, client_id and lti_deployment_id to the tool's login URL.
 */
export function mountLaunchStart(router: Router, ctx: PlatformContext): void {
  const fail = (res: Response, status: number, message: string) => res.status(status).type('html').send(errorPage(status, message));

  const start = async (res: Response, launch: PendingLaunch, linkId?: string) => {
    const registration = await ctx.storage.getRegistration(launch.clientId);
    if (!registration) return fail(res, 404, 'The tool of this activity is not registered any more.');
    const link = linkId ? await ctx.storage.getResourceLink(linkId) : undefined;
    await ctx.storage.saveLaunch(launch);
    res.set('Cache-Control', 'no-store').type('html').send(
      autoPostPage(`Launching ${registration.clientName}`, registration.initiateLoginUri, {
        iss: ctx.issuer,
        login_hint: launch.userId,
        lti_message_hint: launch.id,
        target_link_uri: targetLinkUriFor(registration, launch, link),
        client_id: registration.clientId,
        lti_deployment_id: registration.deploymentId,
      }),
    );
  };

  router.get('/launch', async (req: Request, res: Response) => {
    const linkId = query(req, 'link');
    const link = linkId ? await ctx.storage.getResourceLink(linkId) : undefined;
    if (!link) return fail(res, 404, 'Unknown activity: choose one from the sandbox course.');
    const user = findDemoUser(query(req, 'user') ?? '');
    if (!user) return fail(res, 400, 'Unknown user: choose a student or the instructor.');
    await start(
      res,
      { id: randomUUID(), clientId: link.clientId, userId: user.id, role: user.role, messageType: 'LtiResourceLinkRequest', contextId: DEMO_COURSE.id, resourceLinkId: link.id, expiresAt: ctx.now() + LAUNCH_TTL_MS },
      link.id,
    );
  });

  router.get('/add-activity', async (req: Request, res: Response) => {
    const user = findDemoUser(query(req, 'user') ?? '');
    if (!user || user.role !== 'Instructor') return fail(res, 403, 'Only the instructor can add activities.');
    const clientId = query(req, 'client') ?? (await ctx.storage.listRegistrations()).at(-1)?.clientId;
    const registration = clientId ? await ctx.storage.getRegistration(clientId) : undefined;
    if (!registration) return fail(res, 404, 'No tool is registered yet: register one first.');
    if (!registration.messageTypes.includes('LtiDeepLinkingRequest')) return fail(res, 400, `${registration.clientName} did not register for deep linking (LtiDeepLinkingRequest).`);
    await start(res, { id: randomUUID(), clientId: registration.clientId, userId: user.id, role: 'Instructor', messageType: 'LtiDeepLinkingRequest', contextId: DEMO_COURSE.id, expiresAt: ctx.now() + LAUNCH_TTL_MS });
  });
}
