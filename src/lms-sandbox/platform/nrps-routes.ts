import express, { type Router } from 'express';
import { DEMO_COURSE, DEMO_USERS } from '../state.ts';
import { requireScope } from './access-token.ts';
import type { PlatformDeps } from './platform-deps.ts';
import { SandboxError } from './sandbox-error.ts';
import { NRPS_SCOPE, ROLE_URIS } from './scopes.ts';

/** NRPS 2.0: the demo course's members (the named demo users), filtered by role if asked. */
export function nrpsRoutes({ issuer, state, faults }: PlatformDeps): Router {
  const router = express.Router();
  router.get('/nrps/:ctx/memberships', (req, res) => {
    requireScope(state, req, NRPS_SCOPE);
    if (faults.rosterFailure) {
      res.status(faults.rosterFailure.status).send(faults.rosterFailure.body);
      return;
    }
    if (req.params.ctx !== DEMO_COURSE.id) throw new SandboxError(404, 'no such course');
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    const members = DEMO_USERS.map((u) => ({
      status: 'Active',
      name: u.name,
      given_name: u.givenName,
      family_name: u.familyName,
      email: u.email,
      user_id: u.id,
      roles: ROLE_URIS[u.role],
    })).filter((m) => !role || m.roles.some((r) => r === role || r.endsWith(`#${role}`)));
    res
      .type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json')
      .send(JSON.stringify({ id: `${issuer}/nrps/${DEMO_COURSE.id}/memberships`, context: DEMO_COURSE, members }));
  });
  return router;
}
