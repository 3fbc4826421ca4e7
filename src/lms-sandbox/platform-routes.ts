import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { agsRoutes } from './platform/ags-routes.ts';
import { authorizeRoutes } from './platform/authorize-routes.ts';
import { deepLinkReturnRoutes } from './platform/deep-link-return-routes.ts';
import { discoveryRoutes } from './platform/discovery-routes.ts';
import { nrpsRoutes } from './platform/nrps-routes.ts';
import type { PlatformDeps } from './platform/platform-deps.ts';
import { registrationRoutes } from './platform/registration-routes.ts';
import { SandboxError } from './platform/sandbox-error.ts';
import { tokenRoutes } from './platform/token-routes.ts';

export type { FaultInjection, PlatformDeps } from './platform/platform-deps.ts';

/**
 * The platform's services, called by the tool's server rather than a browser: discovery and its
 * keyset, dynamic registration, the token endpoint, AGS and NRPS.
 */
export function platformServiceRoutes(deps: PlatformDeps): Router {
  return platformRouter(deps, [discoveryRoutes, registrationRoutes, tokenRoutes, agsRoutes, nrpsRoutes]);
}

/** The platform's endpoints a browser is sent to: the OIDC authorization and the deep-linking return. */
export function platformBrowserRoutes(deps: PlatformDeps): Router {
  return platformRouter(deps, [authorizeRoutes, deepLinkReturnRoutes]);
}

function platformRouter(deps: PlatformDeps, parts: Array<(deps: PlatformDeps) => Router>): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  router.use(express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }));
  for (const routes of parts) router.use(routes(deps));
  // What a platform answers a tool that asked wrongly: the status and a plain-text reason.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(error instanceof SandboxError)) return next(error);
    res.status(error.status).type('text/plain').send(error.message);
  });
  return router;
}
