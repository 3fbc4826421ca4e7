import { createRemoteJWKSet } from 'jose';
import type { SandboxState } from '../state.ts';
import { SandboxError } from './sandbox-error.ts';

/** The registered tool's public keys (its JWKS URL), for its client assertions and deep-linking responses. */
export function toolKeySet(state: SandboxState) {
  if (!state.registration) throw new SandboxError(400, 'no tool is registered with the sandbox');
  return createRemoteJWKSet(new URL(state.registration.jwksUri));
}
