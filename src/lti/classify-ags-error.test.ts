import { describe, expect, it } from 'vitest';
import { classifyAgsError, retryDelayMs } from './classify-ags-error.ts';

const http = (statusCode: number, body: unknown) => ({ response: { statusCode, body } });

describe('classifyAgsError', () => {
  it.each([
    [http(503, 'down'), true, /503/],
    [http(429, 'slow down'), true, /429/],
    [http(403, '{"errors":[{"message":"Rate limit exceeded"}]}'), true, /rate limit/i],
    [http(403, 'Course is unpublished'), false, /unpublished/],
    [http(400, '{"message":"User cannot be graded"}'), false, /cannot be graded/],
    [http(404, 'no such line item'), false, /404/],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), true, /could not be reached/],
    [new Error('PLATFORM_NOT_FOUND'), false, /no longer registered/],
  ])('%j -> retry %s', (error, retry, reason) => {
    const c = classifyAgsError(error, { attempt: 1 });
    expect(c.retry).toBe(retry);
    expect(c.reason).toMatch(reason);
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(0, 1)).toBe(5000);
    expect(retryDelayMs(3, 1)).toBe(40000);
    expect(retryDelayMs(3, 0)).toBe(20000);
    expect(retryDelayMs(40, 1)).toBe(3_600_000);
  });
});
