import { randomFillSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * Scripts run only from our own origin or with this response's nonce: no 'unsafe-inline', so markup
 * that got into a page (a forgotten escape) cannot run. Each response gets a fresh nonce, made
 * before helmet writes the header and read by the few views with an inline script (the platform's
 * self-posting forms, the deep-linking return, the sandbox's platform storage).
 */
export function makeScriptNonce(_req: Request, res: Response, next: NextFunction): void {
  res.locals.cspNonce = freshNonce();
  next();
}

const NONCE_BYTES = 16;
/**
 * Nonces are cut from a block of CSPRNG bytes filled 256 nonces at a time (each byte used once):
 * one call into the CSPRNG per request was a visible share of a JSON answer's CPU.
 */
const pool = Buffer.alloc(NONCE_BYTES * 256);
let used = pool.length;

function freshNonce(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const nonce = pool.toString('base64', used, used + NONCE_BYTES);
  used += NONCE_BYTES;
  return nonce;
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
