import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { NotFoundInStoreError } from '../store/repositories/not-found.ts';
import { StorageInputError } from '../store/storage-input-error.ts';
import { isStoreFailure } from '../store/store-failure.ts';
import { HttpError } from './http-error.ts';
import { errorPage } from './components/layout.html.ts';
import { responseLang, serverMessageText } from './server-message-text.ts';

const INTERNAL = 'Something went wrong on our side. Your saved answers are safe; please try again.';

interface Answer {
  status: number;
  message: string;
  /** Logged with the request line; internals go only here. */
  log?: string;
  retryAfterSeconds?: number;
}

/**
 * One handler for every route: errors a user caused keep their status and a message naming the
 * field and the rule; the store's refusals of what was sent are 400/413, a record that is not there
 * 404; a store that cannot be reached 503; anything else is logged and answered with a plain 500
 * that shows no internals. HTML or JSON, as the client asked.
 */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const answer = answerFor(error);
    if (answer.log) log(`${answer.log} ${req.method} ${req.path}: ${describe(error, answer.status === 500)}`);
    if (res.headersSent) return;
    if (answer.retryAfterSeconds) res.setHeader('Retry-After', String(answer.retryAfterSeconds));
    res.status(answer.status);
    // In the learner's language: the quiz script shows `error` in its "not sent" line.
    const lang = responseLang(req, res);
    const message = serverMessageText(answer.message, lang);
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: message, status: answer.status });
    else res.type('html').send(errorPage(answer.status, message, lang));
  };
}

export function answerFor(error: unknown): Answer {
  if (error instanceof HttpError)
    return error.status >= 500
      ? { status: error.status, message: error.message, log: 'error' }
      : { status: error.status, message: error.message };
  if (error instanceof StorageInputError)
    return {
      status: error.rule === 'max-raw-length' || error.rule === 'max-document-size' ? 413 : 400,
      message: error.message,
    };
  if (error instanceof NotFoundInStoreError)
    return { status: 404, message: `${error.kind}: no ${error.kind} with that id` };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    return { status: 422, message: `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}` };
  }
  if (isStoreFailure(error))
    // The store refused the write or cannot be reached: whatever was sent is NOT saved, and the
    // learner must hear exactly that (the page keeps the answers and offers to send them again).
    return {
      status: 503,
      message:
        'Not saved: the tool cannot store anything right now. Your answers are still in this page; try again in a moment.',
      log: 'store failure',
      retryAfterSeconds: 5,
    };
  const typed = error as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown } | null;
  if (typeof typed?.status === 'number' && typed.status >= 400 && typed.status < 500)
    // body-parser and friends mark client errors (too large, malformed JSON) as expose: true.
    return {
      status: typed.status,
      message:
        typed.type === 'entity.too.large'
          ? 'The request is too large.'
          : typed.expose === true && typeof typed.message === 'string'
            ? typed.message
            : 'Bad request.',
    };
  return { status: 500, message: INTERNAL, log: 'error' };
}

function describe(error: unknown, withStack: boolean): string {
  if (!(error instanceof Error)) return String(error);
  const text = withStack ? (error.stack ?? error.message) : error.message;
  return error.cause === undefined ? text : `${text} (cause: ${describe(error.cause, withStack)})`;
}
