import { withinDeadline } from '../lib/within-deadline.ts';

/**
 * The store did not answer a group of reads or writes in time. Nothing is known about the outcome
 * (a write may or may not have been applied), so whoever asked is told it failed, as for a store
 * that cannot be reached: a submit is answered "Not saved" and sent again with its key.
 */
export class StoreDeadlineError extends Error {
  override readonly name = 'StoreDeadlineError';
}

/**
 * How long a group of store commands may take before its callers are told it failed.
 *
 * Why a deadline of our own: the driver (mongodb 7) writes a command to a connection that has just
 * closed and then waits for the socket's 'drain', which Node never emits for a destroyed socket;
 * with no timeout in that wait (timeoutMS, which would bound it, has no effect in this driver
 * version), the command never settles. The store-kill fault test saw writes to a store killed at
 * that moment wait forever, and every later write of the same group waited behind them.
 * 30 s is the socket timeout every other wait of the driver has.
 */
export const STORE_DEADLINE_MS = 30_000;

/** `work`, or a StoreDeadlineError once `ms` have passed: how every wait for the store is bounded. */
export function withinStoreDeadline<T>(work: Promise<T>, ms = STORE_DEADLINE_MS): Promise<T> {
  return withinDeadline(work, ms, () => new StoreDeadlineError(`the store did not answer within ${ms / 1000} s`));
}
