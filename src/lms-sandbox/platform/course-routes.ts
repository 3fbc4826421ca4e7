import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { renderSandboxFramePage, renderSandboxPage } from '../pages.html.ts';
import { scriptNonce } from '../../lib/script-nonce.ts';
import { findSandboxUser } from '../state.ts';
import type { PlatformDeps } from './platform-deps.ts';

/**
 * The demo course as its people see it: the course page with its activities, a launch as a chosen
 * demo user (third-party initiated login), and the course page framing the tool (as an LMS does).
 */
export function courseRoutes({ issuer, state, faults, toolOrigin }: PlatformDeps & { toolOrigin: string }): Router {
  const router = express.Router();
  router.get('/', (req: Request, res: Response) => {
    res
      .type('html')
      .send(
        renderSandboxPage(
          state,
          typeof req.query.added === 'string' && req.query.added ? `Added: ${req.query.added}` : undefined,
        ),
      );
  });
  router.get('/launch', (req: Request, res: Response) => {
    const reg = state.registration;
    const user = findSandboxUser(req.query.user);
    if (!reg || !user) {
      res
        .status(400)
        .type('text/plain')
        .send(!reg ? 'The tool is not registered with the sandbox yet.' : 'user: unknown demo user');
      return;
    }
    const type = req.query.type === 'deeplink' ? 'deeplink' : 'resource';
    const linkId = typeof req.query.link === 'string' ? req.query.link : undefined;
    if (type === 'resource' && (!linkId || !state.links.has(linkId))) {
      res.status(404).type('text/plain').send('link: no such activity');
      return;
    }
    const hint = randomUUID();
    state.addPendingLaunch(hint, { userId: user.id, type, ...(linkId ? { linkId } : {}) });
    // Third-party initiated login: the tool's login URL starts the OIDC flow.
    const target = new URL(reg.initiateLoginUri);
    target.searchParams.set('iss', issuer);
    target.searchParams.set('login_hint', user.id);
    target.searchParams.set('lti_message_hint', hint);
    target.searchParams.set('target_link_uri', reg.targetLinkUri);
    target.searchParams.set('client_id', faults.alternateClientId ?? reg.clientId);
    target.searchParams.set('lti_deployment_id', reg.deploymentId);
    // Launched in the course page's frame (/sandbox/frame), the sandbox keeps data for the tool
    // there (LTI platform storage), as Canvas does.
    if (req.query.storage === '1') target.searchParams.set('lti_storage_target', '_parent');
    res.redirect(302, target.toString());
  });
  router.get('/frame', (req: Request, res: Response) => {
    const user = findSandboxUser(req.query.user);
    const linkId = typeof req.query.link === 'string' ? req.query.link : '';
    if (!user || !state.links.has(linkId)) {
      res
        .status(400)
        .type('text/plain')
        .send(!user ? 'user: unknown demo user' : 'link: no such activity');
      return;
    }
    // ?storage=0: a platform that offers no platform storage (Moodle 5.0 does not); ?storage=late:
    // one whose storage starts listening 1.5 s after its page (a page slow to run its scripts).
    // The page frames the tool, which may live on another origin (BASE_URL).
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; frame-src 'self' ${toolOrigin}; script-src 'self' 'nonce-${scriptNonce(res)}'; style-src 'self' 'unsafe-inline'`,
    );
    res
      .type('html')
      .send(
        renderSandboxFramePage(
          user.name,
          state.links.get(linkId)?.title ?? '',
          `/sandbox/launch?user=${encodeURIComponent(user.id)}&link=${encodeURIComponent(linkId)}${req.query.storage === '0' ? '' : '&storage=1'}`,
          scriptNonce(res),
          req.query.storage === 'late' ? 1500 : 0,
        ),
      );
  });
  return router;
}
