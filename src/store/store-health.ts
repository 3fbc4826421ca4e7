import type { Connection } from 'mongoose';

export type StoreHealth = { writable: true } | { writable: false; reason: string };

/** A probe that has not answered within this is a store that cannot write, as far as a user can tell. */
const PROBE_DEADLINE_MS = 3_000;

/**
 * Whether the store accepts a durable write right now, found by making one (a tiny upsert with a
 * journaled write concern into `health`): a ping answers while a full disk or a failed journal
 * refuses every write, and "up" must mean "a submission made now would be kept". Calls made
 * while a probe runs share it, so a load balancer polling many times a second costs one write.
 */
export function storeHealthProbe(conn: Connection): () => Promise<StoreHealth> {
  let running: Promise<StoreHealth> | undefined;
  const probe = async (): Promise<StoreHealth> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_DEADLINE_MS / 1000} s`)), PROBE_DEADLINE_MS);
    });
    try {
      const db = conn.db;
      if (!db) throw new Error('not connected');
      await Promise.race([
        db
          .collection<{ _id: string; at: Date }>('health')
          .updateOne(
            { _id: 'write-probe' },
            { $set: { at: new Date() } },
            { upsert: true, writeConcern: { w: 1, j: true } },
          ),
        deadline,
      ]);
      return { writable: true };
    } catch (error) {
      return { writable: false, reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  };
  return () => (running ??= probe().finally(() => (running = undefined)));
}
