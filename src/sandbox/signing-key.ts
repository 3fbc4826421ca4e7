import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, importPKCS8, importSPKI, type CryptoKey, type JWK } from 'jose';
import type { SandboxStorage } from './storage.ts';

export interface PlatformSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * Loads the platform's key pair, creating it on first use. The pair is generated as PEM and then
 * imported with jose: exporting a freshly generated KeyObject straight to JWK has deadlocked under
 * GC on our Node version, and PEM is also what the storage keeps so a restart reuses the same key
 * (tools cache our JWKS; a new kid on every restart would break launches in flight).
 */
export async function loadOrCreateSigningKey(storage: SandboxStorage, now: number): Promise<PlatformSigningKey> {
  let stored = await storage.getSigningKey();
  if (!stored) {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    stored = { kid: randomUUID(), privatePem: privateKey, publicPem: publicKey, createdAt: now };
    await storage.saveSigningKey(stored);
  }
  const privateKey = await importPKCS8(stored.privatePem, 'RS256');
  const publicKey = await importSPKI(stored.publicPem, 'RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: stored.kid, alg: 'RS256', use: 'sig' };
  return { kid: stored.kid, privateKey, publicJwk };
}
