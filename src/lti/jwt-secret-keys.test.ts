import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { asSecretKey, hasJwtSecretKeys, installJwtSecretKeys, ltijsJsonwebtoken } from './jwt-secret-keys.ts';
import { loadLtiProvider } from './ltijs.ts';

// jsonwebtoken's own sign and verify, whatever was done to its index's exports.
const require = createRequire(createRequire(import.meta.url).resolve('ltijs'));
const originalSign = require('jsonwebtoken/sign') as (...args: unknown[]) => unknown;
const originalVerify = require('jsonwebtoken/verify') as (...args: unknown[]) => unknown;

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** What a call gives back or throws, comparable between the two. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function wrapped() {
  const jwt = { sign: originalSign, verify: originalVerify };
  installJwtSecretKeys(jwt);
  return jwt;
}

describe('jsonwebtoken with string secrets as KeyObjects', () => {
  it('makes one secret KeyObject per string secret, and leaves keys, empty strings and the rest alone', () => {
    const key = asSecretKey('ltijs-encryption-key');
    expect(key).toBeInstanceOf(KeyObject);
    expect((key as KeyObject).type).toBe('secret');
    expect((key as KeyObject).export().toString()).toBe('ltijs-encryption-key');
    expect(asSecretKey('ltijs-encryption-key')).toBe(key);
    expect(asSecretKey(publicKey)).toBe(publicKey);
    expect(asSecretKey('')).toBe('');
    const buffer = Buffer.from('x');
    expect(asSecretKey(buffer)).toBe(buffer);
  });

  it('signs the same tokens and gives the same verdicts as jsonwebtoken given the strings', () => {
    const jwt = wrapped();
    const payload = { sub: 'learner-1', iss: 'tool' };
    const options = { noTimestamp: true };
    const token = jwt.sign(payload, 'secret-one', options);
    expect(token).toBe(originalSign(payload, 'secret-one', options));
    const rsaToken = originalSign(payload, privateKey, { algorithm: 'RS256', noTimestamp: true }) as string;
    const cases: Array<[string, unknown, unknown?]> = [
      [token as string, 'secret-one'],
      [token as string, 'secret-two'],
      [token as string, ''],
      [rsaToken, publicKey],
      // An HMAC token checked against a public key used as its secret: refused on both paths.
      [originalSign(payload, publicKey, { noTimestamp: true }) as string, publicKey],
      [rsaToken, 'secret-one'],
      [token as string, 'secret-one', { algorithms: ['RS256'] }],
    ];
    for (const [t, key, opts] of cases)
      expect(outcome(() => jwt.verify(t, key, opts))).toEqual(outcome(() => originalVerify(t, key, opts)));
    expect(outcome(() => jwt.sign(payload, '', options))).toEqual(outcome(() => originalSign(payload, '', options)));
    expect(outcome(() => jwt.sign(payload, 'secret-one', { algorithm: 'RS256' }))).toEqual(
      outcome(() => originalSign(payload, 'secret-one', { algorithm: 'RS256' })),
    );
  });

  it('wraps a module once however often it is installed', () => {
    const jwt = wrapped();
    const sign = jwt.sign;
    installJwtSecretKeys(jwt);
    expect(jwt.sign).toBe(sign);
    expect(hasJwtSecretKeys(jwt)).toBe(true);
  });

  it('is in place in the jsonwebtoken ltijs uses once the app loads ltijs', () => {
    loadLtiProvider();
    expect(hasJwtSecretKeys(ltijsJsonwebtoken())).toBe(true);
  });
});
