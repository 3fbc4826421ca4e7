import type { Storage } from './database.ts';
import type { JournalRecord } from './journal.ts';

/** Removes documents whose TTL index date is older than expireAfterSeconds, as mongod's TTL monitor does. */
export async function sweepExpired(storage: Storage, now = Date.now()): Promise<number> {
  const records: JournalRecord[] = [];
  for (const db of storage.databaseNames()) {
    for (const c of storage.collections(db)) {
      for (const index of c.indexes) {
        if (index.expireAfterSeconds === undefined) continue;
        const [field] = Object.keys(index.key);
        if (!field) continue;
        const cutoff = now - index.expireAfterSeconds * 1000;
        for (const doc of [...c.docs.values()]) {
          const value = doc[field];
          const dates = (Array.isArray(value) ? value : [value]).filter((v): v is Date => v instanceof Date);
          if (dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) <= cutoff) {
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
