import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { importPKCS8, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  pem: { privateKey: string; publicKey: string };
}

/**
 * The sandbox platform's RS256 key. Generated as PEM and imported: exporting a freshly generated
 * KeyObject straight to JWK has deadlocked inside Node 20's crypto under garbage collection.
 */
export async function createSigningKey(existing?: {
  kid: string;
  privateKey: string;
  publicKey: string;
}): Promise<SigningKey> {
  const pem =
    existing ??
    (() => {
      const pair = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      });
      return { kid: randomUUID(), privateKey: pair.privateKey, publicKey: pair.publicKey };
    })();
  // Re-read from PEM so the exported JWK comes from an imported key, never a fresh one.
  createPrivateKey(pem.privateKey);
  const publicJwk = createPublicKey(pem.publicKey).export({ format: 'jwk' }) as JWK;
  return {
    kid: pem.kid,
    privateKey: await importPKCS8(pem.privateKey, 'RS256'),
    publicJwk: { ...publicJwk, kid: pem.kid, alg: 'RS256', use: 'sig' },
    pem: { privateKey: pem.privateKey, publicKey: pem.publicKey },
  };
}
