import { loadOrCreateSigningKey, type PlatformSigningKey as SigningKey } from './signing-key.ts';
import type { SandboxStorage } from './storage.ts';

/** Moodle puts the tool type in every AGS URL; keeping a query string here catches tools that drop it. */
export const TYPE_ID = '1';

export interface AgsFailure {
  status: number;
  body?: string;
  /** How many AGS requests fail before the platform recovers; every request fails when absent. */
  count?: number;
  /** Sent as Retry-After (seconds), as Canvas does with 429. */
  retryAfterSeconds?: number;
}

/** What every route module needs: URLs, storage, the clock and the signing key. */
export interface PlatformContext {
  /** The issuer: `${baseUrl}/sandbox`. */
  issuer: string;
  toolUrl: string;
  storage: SandboxStorage;
  now: () => number;
  signingKey(): Promise<SigningKey>;
  faults: { agsFailure: AgsFailure | null };
  urls: {
    openidConfiguration: string;
    jwks: string;
    auth: string;
    token: string;
    register: string;
    deepLinkReturn: string;
    lineItems(contextId: string): string;
    lineItem(contextId: string, lineItemId: string): string;
  };
}

export function createContext(options: { baseUrl: string; toolUrl: string; storage: SandboxStorage; now: () => number }): PlatformContext {
  const issuer = `${options.baseUrl.replace(/\/+$/, '')}/sandbox`;
  let key: Promise<SigningKey> | undefined;
  const ags = (contextId: string) => `${issuer}/ags/${encodeURIComponent(contextId)}/lineitems`;
  return {
    issuer,
    toolUrl: options.toolUrl.replace(/\/+$/, ''),
    storage: options.storage,
    now: options.now,
    signingKey() {
      // One promise for everyone, so concurrent first requests cannot create two different keys.
      key ??= loadOrCreateSigningKey(options.storage, options.now()).catch((error: unknown) => {
        key = undefined;
        throw error;
      });
      return key;
    },
    faults: { agsFailure: null },
    urls: {
      openidConfiguration: `${issuer}/.well-known/openid-configuration`,
      jwks: `${issuer}/jwks`,
      auth: `${issuer}/auth`,
      token: `${issuer}/token`,
      register: `${issuer}/register`,
      deepLinkReturn: `${issuer}/deep-link-return`,
      lineItems: (contextId) => `${ags(contextId)}?type_id=${TYPE_ID}`,
      lineItem: (contextId, lineItemId) => `${ags(contextId)}/${encodeURIComponent(lineItemId)}/lineitem?type_id=${TYPE_ID}`,
    },
  };
}
