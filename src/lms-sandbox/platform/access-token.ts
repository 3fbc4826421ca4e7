import type { Request } from 'express';
import type { SandboxState } from '../state.ts';
import { SandboxError } from './sandbox-error.ts';

/** A service request's bearer token must be live and carry `scope` (a read-only scope is implied by the full one). */
export function requireScope(state: SandboxState, req: Request, scope: string): void {
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  const grant = token ? state.accessTokens.get(token) : undefined;
  if (!grant || grant.expiresAt < Date.now()) throw new SandboxError(401, 'missing or expired access token');
  if (
    !grant.scope.includes(scope) &&
    !(scope.endsWith('.readonly') && grant.scope.includes(scope.replace('.readonly', '')))
  )
    throw new SandboxError(403, `token lacks scope ${scope}`);
}
