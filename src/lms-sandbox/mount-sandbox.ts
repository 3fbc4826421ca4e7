import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { AppConfig } from '../config.ts';
import { createSigningKey, type SigningKey } from './keys.ts';
import { courseRoutes } from './platform/course-routes.ts';
import { platformBrowserRoutes, platformServiceRoutes, type FaultInjection } from './platform-routes.ts';
import { appendSavedScore, readSavedSandbox, sandboxFile, writeSavedSandbox } from './saved-sandbox.ts';
import { SandboxState, type SandboxScore } from './state.ts';

export interface Sandbox {
  /** The pages a browser opens: the course, the launch, the OIDC authorization, the deep-linking return. */
  routes: Router;
  /**
   * What the tool's server calls (token, AGS, NRPS, registration, discovery): JSON and plain text,
   * never a page, so it is mounted before the page middleware (helmet's headers, the script nonce).
   */
  serviceRoutes: Router;
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
 * it issued (score posts since the file was last written are in sandbox-scores.jsonl beside it). A restart changes nothing: scores queued before it still find their line item, and
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
  const saveScore = (lineItemId: string, score: SandboxScore): void => {
    if (persist) appendSavedScore(file, lineItemId, score);
  };
  const platform = { issuer, state, key, faults, tokenLifetimeSeconds: 60, persist: save, persistScore: saveScore };
  sandboxRouter.use(courseRoutes({ ...platform, toolOrigin: new URL(config.baseUrl).origin }));
  sandboxRouter.use(platformBrowserRoutes(platform));
  const routes = express.Router();
  routes.use('/sandbox', sandboxRouter);
  const serviceRoutes = express.Router();
  serviceRoutes.use('/sandbox', serviceHeaders, platformServiceRoutes(platform));
  return {
    routes,
    serviceRoutes,
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

/**
 * The headers of the tool's answers that still mean something on a service's: nothing in it is
 * cached (a token answer must not be, RFC 6749 5.1) and no browser guesses its type. A sandbox page
 * passes here too on its way to its own router, and the page middleware sets the same two on it.
 */
function serviceHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
}
