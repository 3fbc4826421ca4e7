import express, { type Router } from 'express';
import { mountAgsRoutes } from './ags-routes.ts';
import { validateFailure } from './ags-faults.ts';
import { mountAuthEndpoint } from './auth-endpoint.ts';
import { createContext, type AgsFailure } from './context.ts';
import { mountDeepLinkReturn } from './deep-link-return.ts';
import { sandboxErrorHandler } from './error-handler.ts';
import { readGradebook, type Gradebook } from './gradebook.ts';
import { mountLaunchStart } from './launch-start.ts';
import { mountDiscovery } from './openid-config.ts';
import { mountPages } from './pages.ts';
import { mountRegistration, registerWithTool } from './registration.ts';
import { createMemoryStorage, type SandboxStorage } from './storage.ts';
import { mountTokenEndpoint } from './token-endpoint.ts';
import { createToolKeyResolver } from './tool-keys.ts';

export type { AgsFailure } from './context.ts';
export type { Gradebook, GradebookCell, GradebookColumn } from './gradebook.ts';
export { createFileStorage, createMemoryStorage } from './storage.ts';
export type { SandboxStorage, ToolRegistration, ResourceLink, LineItem, StoredScore } from './storage.ts';
export { DEMO_COURSE, DEMO_USERS } from './demo-course.ts';

export interface SandboxPlatformOptions {
  /** Origin the platform is reached at, e.g. http://127.0.0.1:3000; the router is mounted at /sandbox under it. */
  baseUrl: string;
  /** The tool's base URL (prefills the registration form). */
  toolUrl: string;
  storage?: SandboxStorage;
  /** Milliseconds since the epoch; tests move time to expire tokens. */
  now?: () => number;
  /** Where unexpected errors go; never to the response. */
  log?: (line: string) => void;
}

export interface SandboxPlatform {
  /** Mount at /sandbox. */
  router: Router;
  /** The issuer, `${baseUrl}/sandbox`. */
  issuer: string;
  /** Runs LTI Dynamic Registration against the tool's initiate-registration URL. */
  registerWithTool(initiateRegistrationUrl: string): Promise<{ clientId: string; deploymentId: string }>;
  gradebook(): Promise<Gradebook>;
  storage: SandboxStorage;
  faults: { setAgsFailure(mode: AgsFailure | null): void };
}

/**
 * A minimal LTI 1.3 platform (the "sandbox LMS"): OIDC login, signed launches, dynamic registration,
 * client-credentials tokens, AGS and deep linking, with Moodle's quirks where tools tend to trip.
 */
export function createSandboxPlatform(options: SandboxPlatformOptions): SandboxPlatform {
  const storage = options.storage ?? createMemoryStorage();
  const ctx = createContext({ baseUrl: options.baseUrl, toolUrl: options.toolUrl, storage, now: options.now ?? Date.now });
  const toolKeys = createToolKeyResolver();
  const register = (url: string) => registerWithTool(ctx, url);
  const router = express.Router();
  mountDiscovery(router, ctx);
  mountRegistration(router, ctx);
  mountLaunchStart(router, ctx);
  mountAuthEndpoint(router, ctx);
  mountTokenEndpoint(router, ctx, toolKeys);
  mountAgsRoutes(router, ctx);
  mountDeepLinkReturn(router, ctx, toolKeys);
  mountPages(router, ctx, register);
  router.use(sandboxErrorHandler(options.log ?? ((line) => console.error(line))));
  return {
    router,
    issuer: ctx.issuer,
    registerWithTool: register,
    gradebook: () => readGradebook(ctx),
    storage,
    faults: {
      setAgsFailure(mode) {
        ctx.faults.agsFailure = validateFailure(mode);
      },
    },
  };
}
