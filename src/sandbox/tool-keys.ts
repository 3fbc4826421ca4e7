import { createRemoteJWKSet } from 'jose';
import type { ToolRegistration } from './storage.ts';

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * The tool's public keys, fetched from the jwks_uri it registered. Cached per registration rather
 * than per URL: a tool that registers again usually has a new key at the same URL, and jose's
 * refetch cooldown would otherwise reject the new kid for 30 s.
 */
export function createToolKeyResolver(): (registration: ToolRegistration) => RemoteKeySet {
  const cache = new Map<string, RemoteKeySet>();
  return (registration) => {
    let keySet = cache.get(registration.clientId);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(registration.jwksUri), { timeoutDuration: 10_000 });
      cache.set(registration.clientId, keySet);
    }
    return keySet;
  };
}

/** A safe one-line reason for a failed verification (jose's messages name the claim, never a secret). */
export function verificationReason(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('ERR_J')) return error.message;
  return 'the JWT could not be verified';
}
