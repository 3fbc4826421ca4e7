/** What to do with a failed score delivery, and a reason an instructor can read. */
export type AgsFailure =
  { retry: true; reason: string; status?: number } | { retry: false; reason: string; status?: number };

/**
 * How many times a refused access-token request is tried before the score is marked failed. A
 * refusal usually means a broken registration (a human must fix it), but an LMS also refuses when
 * it could not fetch the tool's public keyset just then (the tool's store restarting, a network
 * blip, the LMS's own fetch timeout): a few tries over about two and a half minutes (5, 10, 20, 40
 * and 80 s apart) ride that out before an instructor is asked to act.
 */
export const TOKEN_REFUSAL_TRIES = 6;

/**
 * Known LMS answers, so the instructor sees "why" instead of a status code: Moodle answers 400 for
 * a user who cannot be graded; Canvas answers 403 both for its rate limit (retry) and while a
 * course is unpublished (no retry until someone publishes it).
 */
/** `attempt`: which try of this score failed (1 for the first). */
export function classifyAgsError(error: unknown, { attempt }: { attempt: number }): AgsFailure {
  const response = (error as { response?: { statusCode?: number; body?: unknown } } | null)?.response;
  const status = response?.statusCode;
  const body = typeof response?.body === 'string' ? response.body : JSON.stringify(response?.body ?? '');
  const snippet = body.slice(0, 300);
  if (status !== undefined && (error as { name?: unknown } | null)?.name === 'AgsTokenRequestError') {
    if (status === 429 || status >= 500)
      return { retry: true, status, reason: `The LMS answered ${status} to the access token request; retrying later.` };
    if (attempt < TOKEN_REFUSAL_TRIES)
      return {
        retry: true,
        status,
        reason: `The LMS refused to issue an access token (${status}: ${snippet}); trying again (${attempt} of ${TOKEN_REFUSAL_TRIES}) in case it could not reach the tool's public keyset just then.`,
      };
    return {
      retry: false,
      status,
      reason: `The LMS refused to issue an access token (${status}: ${snippet}): check the tool's registration in the LMS (client id, public keyset URL), then resend.`,
    };
  }
  if (status === undefined) {
    const code = (error as { code?: string } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'PLATFORM_NOT_FOUND')
      return { retry: false, reason: 'The LMS platform is no longer registered with the tool.' };
    if (message === 'PLATFORM_NOT_ACTIVATED')
      return { retry: false, reason: 'The LMS platform registration is not activated.' };
    return { retry: true, reason: `The LMS could not be reached (${code ?? message}).` };
  }
  if (status === 429 || status >= 500)
    return { retry: true, status, reason: `The LMS answered ${status}; retrying later.` };
  if (status === 403 && /rate limit/i.test(body))
    return { retry: true, status, reason: 'Canvas rate limit (403); retrying later.' };
  if (status === 403 && /unpublished|not published|publish/i.test(body)) {
    return {
      retry: false,
      status,
      reason: 'Canvas refuses grades while the course is unpublished: publish the course, then resend.',
    };
  }
  if (status === 400 && /cannot be graded|not.*gradable|user.*not.*enrol|invalid user|isn't enrol/i.test(body)) {
    return {
      retry: false,
      status,
      reason: 'The LMS says this user cannot be graded (not enrolled as a student, or suspended).',
    };
  }
  // The sender has already retried once with a newly issued token (send-score.ts): not a stale one.
  if (status === 401)
    return {
      retry: false,
      status,
      reason: `The LMS refused the score even with a newly issued access token (401: ${snippet}): check the tool's registration in the LMS, then resend.`,
    };
  return { retry: false, status, reason: `The LMS refused the score with ${status}: ${snippet}` };
}

/** Exponential backoff with jitter, capped at one hour: 5 s, 10 s, 20 s, ... */
export function retryDelayMs(tries: number, jitter: number): number {
  const base = Math.min(3_600_000, 5_000 * 2 ** Math.min(tries, 20));
  return Math.round(base * (0.5 + 0.5 * jitter));
}
