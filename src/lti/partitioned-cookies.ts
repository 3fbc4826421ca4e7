import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Adds `Partitioned` to one Set-Cookie value that is SameSite=None and Secure (CHIPS requires Secure). */
export function partitionCookie(cookie: string): string {
  const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
  if (attributes.includes('partitioned') || !attributes.includes('secure') || !attributes.includes('samesite=none'))
    return cookie;
  return `${cookie}; Partitioned`;
}

/**
 * In the LMS frame the tool is a third party: a browser that blocks third-party cookies still keeps
 * a Partitioned one (CHIPS), kept apart per top-level site. ltijs sets its state and session cookies
 * with only secure/sameSite/domain, so every Set-Cookie header of the response is rewritten here
 * (clearing included: a partitioned cookie is only cleared by a partitioned Set-Cookie).
 */
export function partitionedCookies(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = ((name: string, value: number | string | readonly string[]) => {
      if (name.toLowerCase() !== 'set-cookie') return setHeader(name, value);
      return setHeader(
        name,
        Array.isArray(value)
          ? value.map((v: string) => partitionCookie(v))
          : typeof value === 'string'
            ? partitionCookie(value)
            : value,
      );
    }) as Response['setHeader'];
    next();
  };
}
