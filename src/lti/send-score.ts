import type { GradeSyncJob, SendScore } from './grade-sync-worker.ts';
import type { LtiProvider } from './ltijs.ts';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
/** A token is reused this long at most (and at most half its lifetime): a revoked or deactivated platform is noticed soon. */
const TOKEN_REUSE_MS = 5 * 60_000;

/** AGS: the scores endpoint is the line item URL's path + /scores, its query kept (Moodle's ?type_id=1). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/** An LMS answer that is not 2xx, in the shape classifyAgsError reads (the same as ltijs' got errors). */
class AgsHttpError extends Error {
  constructor(readonly response: { statusCode: number; body: string }) {
    super(`the LMS answered ${response.statusCode} to the score`);
  }
}

/**
 * Sends one queued score to the LMS (AGS Score Publish). The access token comes from ltijs (it
 * signs the client-assertion JWT and keeps the token in its database) and is then reused from
 * memory: ltijs' own submitScore looks the platform, its status and the token up in the database
 * for every score, which at the end of an exam cost as much CPU as grading and storing the
 * submission (about 5 ms a score, measured), while students were still submitting.
 */
export function ltiScoreSender(lti: LtiProvider, now: () => number = Date.now): SendScore {
  const tokens = new Map<string, { authorization: string; until: number }>();

  const authorizationFor = async (job: GradeSyncJob, key: string): Promise<string> => {
    const cached = tokens.get(key);
    if (cached && cached.until > now()) return cached.authorization;
    const platform = await lti.getPlatform(job.platformIssuer, job.clientId);
    if (!platform || Array.isArray(platform)) throw new Error('PLATFORM_NOT_FOUND');
    if (!(await platform.platformActive())) throw new Error('PLATFORM_NOT_ACTIVATED');
    const token = await platform.platformAccessToken(SCORE_SCOPE);
    const authorization = `${token.token_type} ${token.access_token}`;
    const lifetimeMs = (Number(token.expires_in) || 3600) * 1000;
    tokens.set(key, { authorization, until: now() + Math.min(TOKEN_REUSE_MS, lifetimeMs / 2) });
    return authorization;
  };

  return async (job: GradeSyncJob) => {
    const key = `${job.platformIssuer}\u0000${job.clientId}`;
    const authorization = await authorizationFor(job, key);
    let response: Response;
    try {
      response = await fetch(scoresUrl(job.lineItemUrl), {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/vnd.ims.lis.v1.score+json' },
        body: JSON.stringify({
          userId: job.userId,
          scoreGiven: job.scoreGiven,
          scoreMaximum: job.scoreMaximum,
          activityProgress: job.activityProgress,
          gradingProgress: job.gradingProgress,
          timestamp: job.timestamp.toISOString(),
        }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      // fetch says "fetch failed"; the reason an instructor can act on (ECONNREFUSED, ...) is its cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw Object.assign(new Error(cause?.message ?? (error instanceof Error ? error.message : String(error))), { code: cause?.code ?? (error as { name?: string }).name });
    }
    const body = await response.text();
    if (response.ok) return;
    // A rejected token is not reused: the retry asks ltijs again.
    if (response.status === 401) tokens.delete(key);
    throw new AgsHttpError({ statusCode: response.status, body });
  };
}
