import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { BoundedCache } from '../lib/bounded-cache.ts';
import type { LtiIdToken } from './ltijs.ts';

/**
 * The learner's session after a launch ltijs has verified: the launch claims the quiz needs,
 * signed with a key derived from the tool's LTI key and carried in the page (like ltijs' ltik).
 *
 * Why not ltijs' own session: it re-reads the id token and the context token from the database on
 * every request (two queries and a JWT verification), which at the end of an exam, when a whole
 * class submits within a minute, cost more than grading and storing the submission. This token
 * is self-contained, so checking it is one HMAC. It is only ever made from a launch ltijs has
 * validated (signature, nonce, state, audience, deployment), and in production it is bound, as the
 * ltik is, to the signed platform cookie ltijs sets at launch.
 */
export type LearnerClaims = Pick<LtiIdToken, 'iss' | 'user' | 'clientId' | 'deploymentId' | 'userInfo'> & {
  platformContext: Pick<
    LtiIdToken['platformContext'],
    'contextId' | 'user' | 'roles' | 'context' | 'resource' | 'custom' | 'launchPresentation' | 'endpoint'
  >;
  /**
   * Made from a launch the LMS frame could not give a cookie (verified through LTI platform
   * storage, launch-binding.ts): there is no platform cookie to bind it to.
   */
  cookieless?: true;
};

export type SessionCheck =
  { ok: true; claims: LearnerClaims } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

/** Long enough for a day's work in one tab; a new launch from the course starts a new one. */
export const LEARNER_SESSION_SECONDS = 24 * 60 * 60;

const FORMAT = 'v1';

export function learnerSessionKey(ltiKey: string): Buffer {
  // A key of its own, so a learner session can never pass as an ltik or the other way round.
  return Buffer.from(hkdfSync('sha256', ltiKey, 'exam-variants', 'learner session v1', 32));
}

/** Only the claims the quiz reads: the token travels in every form and link of the page. */
export function learnerClaimsOf(token: LtiIdToken): LearnerClaims {
  const ctx = token.platformContext;
  return {
    iss: token.iss,
    user: token.user,
    clientId: token.clientId,
    deploymentId: token.deploymentId,
    ...(token.userInfo ? { userInfo: token.userInfo } : {}),
    platformContext: {
      contextId: ctx.contextId,
      user: ctx.user,
      ...(ctx.roles ? { roles: ctx.roles } : {}),
      ...(ctx.context ? { context: ctx.context } : {}),
      ...(ctx.resource ? { resource: ctx.resource } : {}),
      ...(ctx.custom ? { custom: ctx.custom } : {}),
      ...(ctx.launchPresentation ? { launchPresentation: ctx.launchPresentation } : {}),
      ...(ctx.endpoint?.lineitem ? { endpoint: { lineitem: ctx.endpoint.lineitem } } : {}),
    },
  };
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(`${FORMAT}.${payload}`).digest();
}

export function signLearnerSession(
  claims: LearnerClaims,
  key: Buffer,
  now: Date,
  lifetimeSeconds = LEARNER_SESSION_SECONDS,
): string {
  const payload = Buffer.from(
    JSON.stringify({ c: claims, exp: Math.floor(now.getTime() / 1000) + lifetimeSeconds }),
  ).toString('base64url');
  return `${FORMAT}.${payload}.${mac(key, payload).toString('base64url')}`;
}

interface SessionBody {
  c: LearnerClaims;
  exp: number;
}

/**
 * Payloads already verified, by their text: a learner's page sends its session with every request
 * (autosave every few seconds, checks, the submit), and what a payload says never changes. The
 * signature and the expiry are checked on every request all the same; only decoding is kept, and
 * the same claims object is handed out for the same payload (learner-session-auth.ts keys the
 * launch it reads from them on it). Bounded: about 3 kB a session, for the learners active at once.
 */
const verifiedPayloads = new BoundedCache<string, SessionBody>(4_000);

export function verifyLearnerSession(session: string, key: Buffer, now: Date): SessionCheck {
  const [format, payload, signature, ...rest] = session.split('.');
  if (format !== FORMAT || !payload || !signature || rest.length > 0) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  // Signed by us, so well-formed: a parse failure here would be a bug, not a user's doing.
  const body = verifiedPayloads.getOrCreate(
    payload,
    () => JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionBody,
  );
  if (Math.floor(now.getTime() / 1000) >= body.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims: body.c };
}

/** The name of the cookie ltijs sets at launch, holding the user id (its session binding). */
export function platformCookieName(claims: Pick<LearnerClaims, 'iss' | 'clientId' | 'deploymentId'>): string {
  return encodeURIComponent(`lti${Buffer.from(claims.iss + claims.clientId + claims.deploymentId).toString('base64')}`);
}
