import type { NextFunction, Request, Response } from 'express';
import { errorPage } from './html.ts';

/**
 * Last stop for the sandbox router: body-parser problems become a 4xx with a plain reason, anything
 * else a 500 without details (the stack goes to the log only). Machine endpoints get text, pages HTML.
 */
export function sandboxErrorHandler(log: (line: string) => void) {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown } | null)?.status;
    const known = typeof status === 'number' && status >= 400 && status < 500;
    const message = known
      ? (error as { type?: string }).type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : (error as { type?: string }).type === 'entity.too.large'
          ? 'The request body is too large.'
          : 'The request could not be read.'
      : 'The sandbox LMS failed to handle this request.';
    if (!known) log(`sandbox LMS: ${req.method} ${req.originalUrl}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const code = known ? status : 500;
    if (/^\/(ags|token|register)(\/|$)/.test(req.path)) res.status(code).type('text').send(message);
    else res.status(code).type('html').send(errorPage(code, message));
  };
}
