import type { LtiPlatform, LtiProvider } from './ltijs.ts';

/**
 * How long a platform registration read for an id_token's validation is believed. ltijs reads the
 * registration and its status at the login and again at the id_token, the same records each time,
 * a thousand times in an exam's first minute.
 *
 * Only the id_token's lookups are remembered: ltijs' validation passes its key and database to the
 * lookup, its login route and our own callers do not, and those always read the store. So a
 * registration removed or deactivated (the CLI, another instance, an admin) refuses every login
 * from that moment, as it always did, and the only launches it can still let through are those
 * whose login came before the removal and whose id_token arrives within 5 s of it: the window the
 * tool already allows for a removed deployment (store/repositories/platform-deployments.ts,
 * web/deployment-guard.ts). Nothing extends an entry (it is dated from before the read), a lookup
 * that found nothing is never remembered, this process's own registrations and removals drop every
 * entry, and the id_token's signature is still checked on every launch.
 */
const REMEMBER_MS = 5_000;

/** Makes ltijs' id_token validation read each platform registration from the store at most every 5 s. */
export function rememberPlatforms(lti: LtiProvider): void {
  const read = lti.getPlatform.bind(lti);
  const register = lti.registerPlatform.bind(lti);
  const remove = lti.deletePlatform.bind(lti);
  const remembered = new Map<string, { until: number; platform: Promise<LtiPlatform | false> }>();

  /** Registering reads and rewrites the record: its lookups read the store. */
  let registering = 0;

  const lookup: LtiProvider['getPlatform'] = (url, clientId, ...rest) => {
    // rest: ltijs' key and database, which only its id_token validation (and registration) pass.
    if (!clientId || rest.length === 0 || registering > 0) return read(url, clientId, ...rest);
    const key = `${url}\u0000${clientId}`;
    const now = Date.now();
    const hit = remembered.get(key);
    if (hit && hit.until > now) return hit.platform;
    const platform = read(url, clientId, ...rest).then((found) =>
      found && !Array.isArray(found) ? withRememberedStatus(found) : false,
    );
    const entry = { until: now + REMEMBER_MS, platform };
    remembered.set(key, entry);
    // Not found, or the read failed: not remembered, the next launch asks the store again.
    const forget = () => {
      if (remembered.get(key) === entry) remembered.delete(key);
    };
    platform.then((found) => found || forget(), forget);
    return platform;
  };
  // ltijs reads this property when it validates an id_token.
  lti.getPlatform = lookup;
  lti.registerPlatform = async (platform) => {
    registering++;
    remembered.clear();
    try {
      return await register(platform);
    } finally {
      registering--;
      remembered.clear();
    }
  };
  lti.deletePlatform = async (url, clientId) => {
    remembered.clear();
    try {
      return await remove(url, clientId);
    } finally {
      remembered.clear();
    }
  };
}

/** The platform's active flag read once for the remembered platform's lifetime; setting it still writes. */
function withRememberedStatus(platform: LtiPlatform): LtiPlatform {
  const status = platform.platformActive.bind(platform);
  let active: Promise<boolean> | undefined;
  const platformActive = (set?: boolean): Promise<boolean> => {
    if (set !== undefined) {
      active = undefined;
      return status(set);
    }
    active ??= status().catch((error: unknown) => {
      active = undefined;
      throw error;
    });
    return active;
  };
  // An own property over ltijs' method: its private fields stay on the same object.
  Object.assign(platform, { platformActive });
  return platform;
}
