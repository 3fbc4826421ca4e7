import { createSecretKey, KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * jsonwebtoken 9 reads a string key by trying to parse it as a PEM key first (createPrivateKey to
 * sign, createPublicKey to verify) and making a secret key of it only when that throws. For an
 * HMAC secret the parse always fails, and the failure is most of the call: about 0.7 ms each on
 * Node 20 here. ltijs signs and checks its session token (ltik) with its string key at every launch
 * and every staff page, so that was about 1.4 ms of a launch's 20 (auth0/node-jsonwebtoken#966,
 * #1046; passing a KeyObject is the fix its maintainers point to, and ltijs has no way to pass one).
 *
 * So the jsonwebtoken that ltijs loads is handed such secrets as KeyObjects, made once per secret.
 * What it does with them is what it did with the string after its failed parse: the same token,
 * the same checks. A string holding a PEM block is passed on untouched (it may be a key, and
 * jsonwebtoken's own path keeps refusing an RSA public key used as an HMAC secret), and so are an
 * empty string (refused as "no key") and anything that is not a string.
 */
type JwtModule = { sign: (...args: unknown[]) => unknown; verify: (...args: unknown[]) => unknown };

const INSTALLED = Symbol.for('exam-variants.jwt-secret-keys');
/** Secrets come from the configuration, not from requests: a handful at most. */
const MAX_SECRETS = 16;
const secrets = new Map<string, KeyObject>();

/** The KeyObject jsonwebtoken would make of `key` after failing to parse it as PEM; `key` itself otherwise. */
export function asSecretKey(key: unknown): unknown {
  if (typeof key !== 'string' || key === '' || key.includes('-----BEGIN')) return key;
  let secret = secrets.get(key);
  if (!secret) {
    secret = createSecretKey(Buffer.from(key));
    if (secrets.size < MAX_SECRETS) secrets.set(key, secret);
  }
  return secret;
}

/** The jsonwebtoken module ltijs requires (resolved from ltijs' own folder, should it ever carry its own copy). */
export function ltijsJsonwebtoken(): JwtModule {
  const fromHere = createRequire(import.meta.url);
  return createRequire(fromHere.resolve('ltijs'))('jsonwebtoken') as JwtModule;
}

/** Wraps the module's sign and verify once; before ltijs is loaded, so it never holds the unwrapped ones. */
export function installJwtSecretKeys(jwt: JwtModule = ltijsJsonwebtoken()): void {
  const marked = jwt as JwtModule & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  const { sign, verify } = jwt;
  jwt.sign = (payload: unknown, key: unknown, ...rest: unknown[]) => sign(payload, asSecretKey(key), ...rest);
  jwt.verify = (token: unknown, key: unknown, ...rest: unknown[]) => verify(token, asSecretKey(key), ...rest);
  marked[INSTALLED] = true;
}

/** Whether `jwt` hands string secrets over as KeyObjects (the tests check that loading ltijs installed it). */
export function hasJwtSecretKeys(jwt: JwtModule = ltijsJsonwebtoken()): boolean {
  return (jwt as JwtModule & { [INSTALLED]?: true })[INSTALLED] === true;
}
