import type { RequestHandler, Response } from 'express';

/** How long the LMS waits for ltijs' keyset before it gets the last one the store gave. */
const STORE_ANSWER_MS = 1_500;

/**
 * The tool's public keyset (LTI_ROUTES.keys) stays available while the tool's store is away.
 *
 * Why: ltijs reads the public keys from the store on every request. An LMS fetches that keyset to
 * check the tool's signed client assertion before it issues an access token; while the store was
 * restarting, ltijs answered 500 (or nothing until the LMS's own fetch gave up) and the LMS refused
 * the token, so scores queued in that minute failed and waited for an instructor. This remembers
 * the last keyset ltijs answered and gives it when ltijs fails or is slower than STORE_ANSWER_MS.
 *
 * Why a remembered keyset is safe to give: it holds public keys only; keys change only when a
 * platform registers (which needs the store, so cannot happen while it is away); a key of a
 * platform removed meanwhile verifies nothing that platform does not sign.
 */
export function keysetWithLastKnown(): RequestHandler {
  let lastKnown: string | undefined;
  return (_req, res, next) => {
    const send = res.send.bind(res) as (body: unknown) => Response;
    const answerLastKnown = (): Response => {
      res.status(200).type('application/json');
      return send(lastKnown);
    };
    const timer = setTimeout(() => {
      if (lastKnown !== undefined && !res.headersSent) answerLastKnown();
    }, STORE_ANSWER_MS);
    res.on('close', () => clearTimeout(timer));
    // ltijs answers with res.status(...).send(object); express's send turns an object into JSON
    // and calls send again with the string.
    res.send = (body: unknown) => {
      if (res.statusCode === 200) lastKnown = typeof body === 'string' ? body : JSON.stringify(body);
      // Already answered from memory: ltijs' late answer only refreshes what is remembered.
      if (res.headersSent) return res;
      if (res.statusCode >= 500 && lastKnown !== undefined) {
        clearTimeout(timer);
        return answerLastKnown();
      }
      return send(body);
    };
    next();
  };
}
