import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from './lib/make-directory.ts';

export interface Secrets {
  ltiKey: string;
  seedSecret: string;
}

/**
 * Outside production the secrets are made once and kept beside the data, so a restart keeps every
 * learner's variant and every registered platform. Production passes them in the environment.
 */
export function loadOrCreateDevSecrets(dataDir: string): Secrets {
  const path = join(dataDir, 'dev-secrets.json');
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Secrets>;
    if (typeof parsed.ltiKey === 'string' && typeof parsed.seedSecret === 'string')
      return { ltiKey: parsed.ltiKey, seedSecret: parsed.seedSecret };
  } catch {
    // First start: fall through and create them.
  }
  const secrets = { ltiKey: randomBytes(32).toString('base64url'), seedSecret: randomBytes(32).toString('base64url') };
  makeDirectory(dataDir);
  writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
