import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { AppConfig } from '../config.ts';
import { createSigningKey, type SigningKey } from './keys.ts';
import { renderSandboxFramePage, renderSandboxPage } from './pages.ts';
import { platformRoutes, type FaultInjection } from './platform-routes.ts';
import { readSavedSandbox, sandboxFile, writeSavedSandbox } from './saved-sandbox.ts';
import { findSandboxUser, SandboxState } from './state.ts';

export interface Sandbox {
  routes: Router;
  state: SandboxState;
  faults: FaultInjection;
  issuer: string;
  /** Registers the sandbox with the tool by LTI Dynamic Registration, unless already done. */
  ensureRegistered(toolRegistrationUrl: string): Promise<void>;
}

/**
 * The built-in LTI 1.3 platform, mounted at /sandbox on the tool's own origin (outside production
 * only). Everything a real LMS keeps across a restart is kept in DATA_DIR/sandbox.json: its key,
 * the tool's registration, activities and their line items, the gradebook and the access tokens
 * it issued. A restart changes nothing: scores queued before it still find their line item, and
 * the tool's token is still valid.
 */
export async function buildSandbox({
  config,
  persist = true,
  log = () => undefined,
}: {
  config: AppConfig;
  persist?: boolean;
  log?: (line: string) => void;
}): Promise<Sandbox> {
  const issuer = `${config.sandboxBaseUrl}/sandbox`;
  const file = sandboxFile(config.dataDir);
  const saved = persist ? readSavedSandbox(file) : undefined;
  const key: SigningKey = await createSigningKey(saved?.key);
  const state = new SandboxState(saved?.state);
  if (!saved?.state && saved?.registration) state.registration = saved.registration;
  const save = (): void => {
    if (persist) writeSavedSandbox(file, config.dataDir, { key: { kid: key.kid, ...key.pem }, state: state.toSaved() });
  };
  try {
    save();
  } catch (error) {
    // A read-only or full data folder: the tool itself says so at start (its store needs the same folder).
    log(`sandbox LMS: cannot keep its state in ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const faults: FaultInjection = { agsFailure: null, idToken: null, rosterFailure: null, alternateClientId: null };
  const sandboxRouter = express.Router();
  sandboxRouter.get('/', (req: Request, res: Response) => {
    res
      .type('html')
      .send(
        renderSandboxPage(
          state,
          typeof req.query.added === 'string' && req.query.added ? `Added: ${req.query.added}` : undefined,
        ),
      );
  });
  sandboxRouter.get('/launch', (req: Request, res: Response) => {
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
  sandboxRouter.get('/frame', (req: Request, res: Response) => {
    const user = findSandboxUser(req.query.user);
    const linkId = typeof req.query.link === 'string' ? req.query.link : '';
    if (!user || !state.links.has(linkId)) {
      res
        .status(400)
        .type('text/plain')
        .send(!user ? 'user: unknown demo user' : 'link: no such activity');
      return;
    }
    // ?storage=0: a platform that offers no platform storage (Moodle 5.0 does not).
    // The page frames the tool, which may live on another origin (BASE_URL).
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; frame-src 'self' ${new URL(config.baseUrl).origin}; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'`,
    );
    res
      .type('html')
      .send(
        renderSandboxFramePage(
          user.name,
          state.links.get(linkId)?.title ?? '',
          `/sandbox/launch?user=${encodeURIComponent(user.id)}&link=${encodeURIComponent(linkId)}${req.query.storage === '0' ? '' : '&storage=1'}`,
        ),
      );
  });
  sandboxRouter.use(platformRoutes({ issuer, state, key, faults, tokenLifetimeSeconds: 60, persist: save }));
  const routes = express.Router();
  routes.use('/sandbox', sandboxRouter);
  return {
    routes,
    state,
    faults,
    issuer,
    async ensureRegistered(toolRegistrationUrl: string) {
      if (state.registration) return;
      const token = randomUUID();
      state.registrationTokens.add(token);
      const url = new URL(toolRegistrationUrl);
      url.searchParams.set('openid_configuration', `${issuer}/.well-known/openid-configuration`);
      url.searchParams.set('registration_token', token);
      const response = await fetch(url);
      if (!response.ok)
        throw new Error(`dynamic registration with the tool failed: ${response.status} ${await response.text()}`);
      save();
    },
  };
}
