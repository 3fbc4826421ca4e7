import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BoundedCache } from '../lib/bounded-cache.ts';
import type { Models } from '../store/models/index.ts';
import { isDeploymentAccepted } from '../store/repositories/platform-deployments.ts';
import { HttpError } from './http-error.ts';

/** How long an accepted deployment is believed without asking the store: a removal takes effect within it. */
const REMEMBER_MS = 5_000;

/**
 * Every request that uses an LTI session (ltijs' ltik or the learner session) checks that the
 * session's deployment is still one the registration accepts: a session minted before a deployment
 * was removed, or by a launch that should have been refused, opens nothing. Refusals are 403.
 */
export function deploymentGuard(models: Models): RequestHandler {
  const accepted = new BoundedCache<string, number>(1_000);
  // The requests that find the belief expired share one read: when a class is submitting, a
  // hundred arrive within the moment the store takes to answer, and each read its own.
  const asking = new Map<string, Promise<boolean>>();
  const ask = (key: string, issuer: string, clientId: string, deploymentId: string): Promise<boolean> => {
    let pending = asking.get(key);
    if (!pending) {
      pending = isDeploymentAccepted(models, issuer, clientId, deploymentId).finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  };
  return (_req: Request, res: Response, next: NextFunction) => {
    const launch = res.locals.launch;
    if (!launch) return next();
    const { issuer, clientId, deploymentId } = launch.identity;
    const key = JSON.stringify([issuer, clientId, deploymentId]);
    const until = accepted.get(key);
    if (until !== undefined && until > Date.now()) return next();
    ask(key, issuer, clientId, deploymentId).then(
      (ok) => {
        if (!ok)
          return next(
            new HttpError(
              403,
              `deployment_id: "${deploymentId}" is not a deployment registered for this LMS. Ask the LMS administrator to register it with the tool.`,
            ),
          );
        accepted.set(key, Date.now() + REMEMBER_MS);
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
