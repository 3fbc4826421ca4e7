/**
 * ltijs runs on its own copy of express 4, which ignores the promise an async handler returns. When
 * one of ltijs' handlers rejects (its error path reads the store again, and the store has just
 * failed), the request would never be answered and the rejection, unhandled, would end the
 * process. Each of its handlers' rejections is passed to `next` instead, as express 5 does, so it
 * reaches the app's error handler (a store failure: 503 "open the activity again in a moment").
 */
export function forwardAsyncRejections(app: unknown): void {
  for (const layer of stackOf((app as { _router?: unknown })._router)) {
    for (const routeLayer of stackOf(layer.route)) wrap(routeLayer);
    if (!layer.route) wrap(layer);
  }
}

interface Layer {
  handle: (...args: unknown[]) => unknown;
  route?: unknown;
}

function stackOf(router: unknown): Layer[] {
  const stack = (router as { stack?: unknown } | undefined)?.stack;
  return Array.isArray(stack) ? (stack as Layer[]) : [];
}

function wrap(layer: Layer): void {
  const handle = layer.handle;
  // Error handlers (four parameters) are told apart by their arity in express 4: left as they are.
  if (handle.length > 3) return;
  layer.handle = function forwardingRejection(this: unknown, req: unknown, res: unknown, next: unknown) {
    const returned = handle.call(this, req, res, next);
    if (returned instanceof Promise && typeof next === 'function') returned.catch((error: unknown) => next(error));
    return returned;
  };
}
