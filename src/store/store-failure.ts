import { StoreDeadlineError } from './store-deadline-error.ts';

/**
 * An error of the MongoDB driver or of mongoose's connection (MongoServerError, MongoBulkWriteError,
 * MongoNetworkError, ...), a store that did not answer in time, or an error caused by one of those
 * (ltijs' records report theirs so: lti/ltijs-database.ts).
 */
export function isStoreFailure(error: unknown): boolean {
  if (error instanceof StoreDeadlineError || isDriverSocketError(error)) return true;
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && /^Mongo(ose)?[A-Z]?\w*Error$/.test(name) && name !== 'MongooseError') return true;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== error && isStoreFailure(cause);
}

/**
 * The socket's own error, which the driver passes on as it is (not as a MongoNetworkError) when
 * the store closes a connection while a command is being written to it: Node reports the write
 * after the peer's FIN (EPIPE) or a reset through the socket's 'error' event, which the driver's
 * wait for 'drain' rethrows. Found by a launch while the store restarted (answered 500, not 503).
 */
function isDriverSocketError(error: unknown): boolean {
  const e = error as { code?: unknown; stack?: unknown } | null;
  return (
    typeof e?.code === 'string' &&
    /^E(PIPE|CONNRESET|CONNABORTED)$/.test(e.code) &&
    typeof e.stack === 'string' &&
    /[\\/]mongodb[\\/]lib[\\/]cmap[\\/]connection\.js/.test(e.stack)
  );
}
