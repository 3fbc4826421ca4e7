import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Scripts run only from our own origin or with this response's nonce: no 'unsafe-inline', so markup
 * that got into a page (a forgotten escape) cannot run. Each response gets a fresh nonce, made
 * before helmet writes the header and read by the few views with an inline script (the platform's
 * self-posting forms, the deep-linking return, the sandbox's platform storage).
 */
export function makeScriptNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals.cspNonce = randomBytes(16).toString('base64');
  next();
}

/** This response's script nonce (made by makeScriptNonce for every request). */
export function scriptNonce(res: Response | ServerResponse): string {
  const nonce: unknown = (res as Response).locals?.cspNonce;
  if (typeof nonce !== 'string') throw new Error('no script nonce: makeScriptNonce runs before every route');
  return nonce;
}

/**
 * A page a library made (ltijs' deep-linking form and its registration-done page, each a fixed
 * template with one inline script), its inline scripts allowed by this response's nonce.
 */
export function withScriptNonce(page: string, res: Response | ServerResponse): string {
  return page.replace(/<script>/g, `<script nonce="${scriptNonce(res)}">`);
}

/** helmet's script-src: our origin and this response's nonce. */
export const scriptSources = ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${scriptNonce(res)}'`];
