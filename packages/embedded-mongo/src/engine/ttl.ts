import type { JournalRecord } from '../persistence/records.ts';
import type { Storage } from './storage.ts';
import { getPath } from './values.ts';

/**
 * Removes documents whose TTL-indexed date is older than expireAfterSeconds, as mongod's TTL
 * monitor does (an array of dates expires on its earliest). Deletions are journaled like any write.
 */
export async function sweepExpired(storage: Storage, now = Date.now()): Promise<number> {
  const records: JournalRecord[] = [];
  for (const db of storage.databaseNames()) {
    for (const c of storage.collections(db)) {
      for (const index of c.indexes) {
        const fields = Object.keys(index.key);
        if (index.expireAfterSeconds === undefined || fields.length !== 1) continue;
        const cutoff = now - index.expireAfterSeconds * 1000;
        for (const doc of [...c.docs.values()]) {
          if (earliestDate(getPath(doc, fields[0] as string)) <= cutoff) {
            c.remove(doc);
            records.push({ t: 'del', db, c: c.name, id: doc._id });
          }
        }
      }
    }
  }
  await storage.commit(records);
  return records.length;
}

function earliestDate(value: unknown): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const v of Array.isArray(value) ? value : [value])
    if (v instanceof Date && v.getTime() < earliest) earliest = v.getTime();
  return earliest;
}
