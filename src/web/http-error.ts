/** The statuses a route answers on purpose: what the user can fix (4xx) and what the tool cannot do now (5xx). */
export type HttpErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

/**
 * An answer a route chose: the status and a message for the person at the browser (it names the
 * field and the rule when there is one). `cause` is kept for the log, never shown.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: HttpErrorStatus,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
