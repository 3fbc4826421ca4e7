import type { NextFunction, Request, Response } from 'express';
import type { AgsFailure, PlatformContext } from './context.ts';

/** What real LMSs answer in these cases, so error classification in the tool meets realistic bodies. */
function defaultBody(status: number): string {
  if (status === 400) return 'Incorrect score received: the user cannot be graded in this course'; // Moodle
  if (status === 403) return '{"errors":[{"message":"Rate Limit Exceeded"}]}'; // Canvas throttling
  if (status === 429) return 'Too Many Requests';
  if (status === 503) return 'Service Unavailable: the LMS is down for maintenance';
  return `Simulated failure ${status}`;
}

/** Checks a fault description before it is armed, so a typo in a test fails loudly there. */
export function validateFailure(mode: AgsFailure | null): AgsFailure | null {
  if (mode === null) return null;
  if (!Number.isInteger(mode.status) || mode.status < 400 || mode.status > 599) throw new RangeError('setAgsFailure: status must be an HTTP error status (400-599)');
  if (mode.count !== undefined && (!Number.isInteger(mode.count) || mode.count < 1)) throw new RangeError('setAgsFailure: count must be a positive whole number');
  return { ...mode };
}

/** Fails AGS requests while a fault is armed (every request, or the next `count`), before any other check. */
export function agsFaultMiddleware(ctx: PlatformContext) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const failure = ctx.faults.agsFailure;
    if (!failure) return next();
    if (failure.count !== undefined) {
      failure.count -= 1;
      if (failure.count <= 0) ctx.faults.agsFailure = null;
    }
    if (failure.retryAfterSeconds !== undefined) res.set('Retry-After', String(failure.retryAfterSeconds));
    const body = failure.body ?? defaultBody(failure.status);
    res.status(failure.status).type(body.startsWith('{') ? 'json' : 'text').send(body);
  };
}
