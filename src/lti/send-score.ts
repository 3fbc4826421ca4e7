import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SEND_DEADLINE_MS, type GradeSyncJob, type SendScore } from './grade-sync-worker.ts';
import type { LtiProvider } from './ltijs.ts';
import { timeoutError, withinDeadline } from '../lib/within-deadline.ts';

const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
/** A token is reused this long at most (and at most half its lifetime): a revoked or deactivated platform is noticed soon. */
const TOKEN_REUSE_MS = 5 * 60_000;

/** AGS: the scores endpoint is the line item URL's path + /scores, its query kept (Moodle's ?type_id=1). */
export function scoresUrl(lineItemUrl: string): string {
  return scoresUrlOf(lineItemUrl).toString();
}

function scoresUrlOf(lineItemUrl: string): URL {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url;
}

/** An LMS answer that is not 2xx, in the shape classifyAgsError reads (the same as ltijs' got errors). */
class AgsHttpError extends Error {
  constructor(readonly response: { statusCode: number; body: string }) {
    super(`the LMS answered ${response.statusCode} to the score`);
  }
}

/** The LMS refused to issue an access token: its answer, for classifyAgsError and the instructor. */
export class AgsTokenRequestError extends Error {
  override readonly name = 'AgsTokenRequestError';
  constructor(readonly response: { statusCode: number; body: string }) {
    super(`the LMS answered ${response.statusCode} to the access token request`);
  }
}

/**
 * A score POST answered 401, or 403 for a reason that is not a rate limit or an unpublished
 * course: the LMS no longer accepts the token (revoked, the LMS restarted with new keys, the
 * tool's scopes changed).
 */
function tokenRefused(answer: { statusCode: number; body: string }): boolean {
  return answer.statusCode === 401 || (answer.statusCode === 403 && !/rate limit|publish/i.test(answer.body));
}

/**
 * Sends one queued score to the LMS (AGS Score Publish). The access token comes from ltijs (it
 * signs the client-assertion JWT and keeps the token in its database) and is then reused from
 * memory: ltijs' own submitScore looks the platform, its status and the token up in the database
 * for every score, which at the end of an exam cost as much CPU as grading and storing the
 * submission (about 5 ms a score, measured), while students were still submitting.
 *
 * A token the LMS refuses is forgotten here AND in ltijs' `accesstokens` collection (ltijs would
 * hand the same one back until its expires_in, an hour), one new token is asked for per platform
 * however many sends were refused at once, and the score is sent again with it once.
 */
export function ltiScoreSender(
  lti: LtiProvider,
  now: () => number = Date.now,
  timeoutMs = SEND_DEADLINE_MS,
): SendScore {
  const tokens = new Map<string, { authorization: string; until: number }>();
  // A worker sends a batch of scores at once: without this, each of them found no token and had
  // ltijs sign a client assertion and ask the LMS for one (16 RSA signatures and token requests
  // where one does, and a burst a rate-limited LMS such as Canvas may refuse).
  const asking = new Map<string, Promise<string>>();
  const post = scorePoster();

  const askLtijs = async (job: GradeSyncJob, key: string, forget: string | undefined): Promise<string> => {
    const platform = await lti.getPlatform(job.platformIssuer, job.clientId);
    if (!platform || Array.isArray(platform)) throw new Error('PLATFORM_NOT_FOUND');
    if (!(await platform.platformActive())) throw new Error('PLATFORM_NOT_ACTIVATED');
    if (forget) await lti.Database.Delete('accesstoken', { platformUrl: job.platformIssuer, clientId: job.clientId });
    let token: Awaited<ReturnType<typeof platform.platformAccessToken>>;
    try {
      token = await platform.platformAccessToken(SCORE_SCOPE);
    } catch (error) {
      const response = (error as { response?: { statusCode?: unknown; body?: unknown } } | null)?.response;
      if (typeof response?.statusCode === 'number')
        throw new AgsTokenRequestError({
          statusCode: response.statusCode,
          body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? ''),
        });
      throw error;
    }
    const authorization = `${token.token_type} ${token.access_token}`;
    const lifetimeMs = (Number(token.expires_in) || 3600) * 1000;
    tokens.set(key, { authorization, until: now() + Math.min(TOKEN_REUSE_MS, lifetimeMs / 2) });
    return authorization;
  };

  /** The token to use; with `refused`, a new one unless another send has already replaced it. */
  const authorizationFor = (job: GradeSyncJob, key: string, refused?: string): Promise<string> => {
    let pending = asking.get(key);
    // A request already under way may have been started without forgetting the refused token, and
    // ltijs would hand that one back: then ask again, forgetting it.
    if (pending)
      return refused ? pending.then((a) => (a === refused ? authorizationFor(job, key, refused) : a)) : pending;
    const cached = tokens.get(key);
    if (cached && cached.until > now() && cached.authorization !== refused)
      return Promise.resolve(cached.authorization);
    if (refused && cached?.authorization === refused) tokens.delete(key);
    // ltijs asks the LMS (and reads its own store) with no deadline: bounded here, so a token request
    // that never ends cannot hold every later send of the platform, which waits on this one.
    pending = withinDeadline(askLtijs(job, key, refused), timeoutMs, () =>
      timeoutError(`the LMS did not issue an access token within ${timeoutMs / 1000} s`),
    ).finally(() => asking.delete(key));
    asking.set(key, pending);
    return pending;
  };

  return async (job: GradeSyncJob) => {
    const key = `${job.platformIssuer}\u0000${job.clientId}`;
    const url = scoresUrlOf(job.lineItemUrl);
    const body = scoreJson(job);
    // The whole send (token, score, a second try with a new token) settles within timeoutMs: the
    // worker's lease is sized for it.
    const endsAt = Date.now() + timeoutMs;
    const left = () => Math.max(1, endsAt - Date.now());
    const tokenWithin = (refused?: string) =>
      withinDeadline(authorizationFor(job, key, refused), left(), () =>
        timeoutError(`the score was not sent within ${timeoutMs / 1000} s`),
      );
    const first = await tokenWithin();
    let answer = await post(url, first, body, left());
    if (tokenRefused(answer)) answer = await post(url, await tokenWithin(first), body, left());
    if (answer.statusCode >= 200 && answer.statusCode < 300) return;
    // Refused again with a token just issued: not the token's age; classifyAgsError decides.
    if (tokenRefused(answer)) tokens.delete(key);
    throw new AgsHttpError(answer);
  };
}

function scoreJson(job: GradeSyncJob): string {
  return JSON.stringify({
    userId: job.userId,
    scoreGiven: job.scoreGiven,
    scoreMaximum: job.scoreMaximum,
    activityProgress: job.activityProgress,
    gradingProgress: job.gradingProgress,
    timestamp: job.timestamp.toISOString(),
  });
}

type Post = (
  url: URL,
  authorization: string,
  body: string,
  timeoutMs: number,
) => Promise<{ statusCode: number; body: string }>;

/**
 * POSTs over node:http(s) with kept-alive connections: undici's fetch does more main-thread work
 * per request (WHATWG streams, Headers, Response), which bench:http's profiles showed as a real
 * share of the server's CPU while students were submitting. A kept connection also spares each
 * score a TCP (and TLS) handshake with the same LMS.
 */
function scorePoster(): Post {
  // Idle sockets are unref'd by the agents: they do not keep a stopping process alive.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, authorization, body, timeoutMs) =>
    new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options = {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          authorization,
          'content-type': 'application/vnd.ims.lis.v1.score+json',
          'content-length': Buffer.byteLength(body),
        },
      };
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        outcome();
      };
      const fail = (error: unknown): void => settle(() => reject(networkError(error)));
      const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
        readBody(res).then((text) => settle(() => resolve({ statusCode: res.statusCode ?? 0, body: text })), fail);
      });
      // A total deadline, not socket inactivity: an LMS trickling bytes must not outlast the lease.
      const deadline = setTimeout(() => {
        const timedOut = Object.assign(new Error(`the LMS did not answer within ${Math.ceil(timeoutMs / 1000)} s`), {
          code: 'ETIMEDOUT',
        });
        // Failed first, so the reason is the deadline and not the reset that destroying causes.
        fail(timedOut);
        req.destroy(timedOut);
      }, timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/**
 * A failure to reach the LMS as classifyAgsError reads it: the reason an instructor can act on in
 * `code` (ECONNREFUSED, ...). Connecting to a name with several addresses fails with an
 * AggregateError whose own message may be empty: its first cause says why.
 */
function networkError(error: unknown): Error & { code: string } {
  const e = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    errors?: Array<{ code?: unknown; message?: unknown }>;
  } | null;
  const first = Array.isArray(e?.errors) ? e.errors[0] : undefined;
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  const code = text(e?.code) ?? text(first?.code) ?? text(e?.name) ?? 'ERROR';
  const message =
    (typeof e?.message === 'string' && e.message) || (typeof first?.message === 'string' && first.message) || code;
  return Object.assign(new Error(message, { cause: error }), { code });
}
