/** Central finite differences for the derivative property tests (floats only). */
import { expect } from 'vitest';
import { toNumber } from './scalar.ts';
import type { Scalar } from './scalar.ts';

/** d f / d p at p, with a step scaled to p so the relative rounding error stays small. */
export function centralDiff(f: (p: number) => number, p: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(p));
  return (f(p + h) - f(p - h)) / (2 * h);
}

/**
 * FD error is about h^2 |f'''| plus eps |f| / h; `scale` is the size of the function values, so
 * the tolerance follows the latter instead of failing on large but accurate outputs.
 */
export function expectDerivative(analytic: Scalar, fd: number, scale = 1): void {
  const a = toNumber(analytic);
  const tol = 1e-5 * Math.max(1, Math.abs(a), Math.abs(scale));
  expect(Math.abs(a - fd), `analytic ${a} vs finite difference ${fd}`).toBeLessThanOrEqual(tol);
}
