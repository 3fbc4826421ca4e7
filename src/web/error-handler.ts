import type { ErrorRequestHandler } from 'express';
import { errorPage } from './pages/layout.ts';
import { BadRequestError } from './read-answer-fields.ts';

/**
 * One handler for every route: user-caused errors keep their status and message; anything else is
 * logged and answered with a plain 500 that shows no internals. HTML or JSON, as the client asked.
 */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let status = 500;
    let message = 'Something went wrong on our side. Your saved answers are safe; please try again.';
    const typed = error as {
      status?: unknown;
      statusCode?: unknown;
      type?: unknown;
      expose?: unknown;
      message?: unknown;
    } | null;
    if (isStoreFailure(error)) {
      // The store refused the write or cannot be reached: whatever was sent is NOT saved, and the
      // learner must hear exactly that (the page keeps the answers and offers to send them again).
      status = 503;
      message =
        'Not saved: the tool cannot store anything right now. Your answers are still in this page; try again in a moment.';
      res.setHeader('Retry-After', '5');
      log(`store failure ${req.method} ${req.path}: ${error instanceof Error ? error.message : String(error)}`);
    } else if (error instanceof BadRequestError) {
      status = error.status;
      message = error.message;
    } else if (typeof typed?.status === 'number' && typed.status >= 400 && typed.status < 500) {
      // body-parser and friends mark client errors (too large, malformed JSON) as expose: true.
      status = typed.status;
      message =
        typed.type === 'entity.too.large'
          ? 'The request is too large.'
          : typed.expose === true && typeof typed.message === 'string'
            ? typed.message
            : 'Bad request.';
    } else {
      log(
        `error ${req.method} ${req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    if (res.headersSent) return;
    res.status(status);
    if (req.accepts(['html', 'json']) === 'json') res.json({ error: message, status });
    else res.type('html').send(errorPage(status, message));
  };
}

/** An error of the MongoDB driver or of mongoose's connection (MongoServerError, MongoBulkWriteError, MongoNetworkError, ...). */
function isStoreFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && /^Mongo(ose)?[A-Z]?\w*Error$/.test(name) && name !== 'MongooseError';
}
