import { join } from 'node:path';
import express, { type Router } from 'express';
import type { AppConfig } from '../config.ts';
import { adoptActivities } from './course.ts';
import { createSandboxPlatform, type SandboxPlatform } from './index.ts';
import { createFileStorage, createMemoryStorage, type ToolRegistration } from './storage.ts';

export interface SandboxMount {
  /** Mount on the app as is: the platform lives under /sandbox. */
  routes: Router;
  platform: SandboxPlatform;
  issuer: string;
  /**
   * Makes sure the tool knows this platform: keeps the current registration when the tool still
   * accepts a login for it, else registers again (dynamic registration) and moves the course's
   * activities to the new registration. Call once the server listens.
   */
  ensureRegistered(toolRegistrationUrl: string): Promise<{ clientId: string; deploymentId: string; registered: boolean }>;
}

/**
 * The sandbox LMS as `npm start` mounts it, on the tool's own origin. `persist` keeps the key,
 * registration, course and gradebook in DATA_DIR/sandbox-lms.json; tests pass false.
 */
export function buildSandbox({ config, persist = true, log }: { config: Pick<AppConfig, 'baseUrl' | 'dataDir'>; persist?: boolean; log?: (line: string) => void }): SandboxMount {
  const storage = persist ? createFileStorage(join(config.dataDir, 'sandbox-lms.json')) : createMemoryStorage();
  const platform = createSandboxPlatform({ baseUrl: config.baseUrl, toolUrl: config.baseUrl, storage, ...(log ? { log } : {}) });
  const routes = express.Router();
  routes.use('/sandbox', platform.router);
  return {
    routes,
    platform,
    issuer: platform.issuer,
    async ensureRegistered(toolRegistrationUrl) {
      const all = await storage.listRegistrations();
      const current = all.at(-1);
      if (current && (await toolAcceptsLogin(platform.issuer, current))) return { clientId: current.clientId, deploymentId: current.deploymentId, registered: false };
      const fresh = await platform.registerWithTool(toolRegistrationUrl);
      const stale = all.filter((r) => r.clientId !== fresh.clientId).map((r) => r.clientId);
      await adoptActivities(storage, stale, fresh.clientId);
      return { ...fresh, registered: true };
    },
  };
}

/**
 * Asks the tool's login URL to start a login for this registration, without following it: a tool
 * that still knows us redirects to our /auth, one that lost its data (fresh database) refuses.
 */
async function toolAcceptsLogin(issuer: string, registration: ToolRegistration): Promise<boolean> {
  try {
    const response = await fetch(registration.initiateLoginUri, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
      body: new URLSearchParams({
        iss: issuer,
        login_hint: 'registration-check',
        target_link_uri: registration.targetLinkUri,
        client_id: registration.clientId,
        lti_deployment_id: registration.deploymentId,
      }),
    });
    await response.body?.cancel();
    const location = response.headers.get('location');
    return response.status >= 300 && response.status < 400 && location !== null && location.startsWith(`${issuer}/auth`);
  } catch {
    return false;
  }
}
