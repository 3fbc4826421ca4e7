import type { Document } from 'bson';
import { matching } from '../engine/query.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { collectionName, writeError, type CommandHandler } from './context.ts';

/** delete: statements { q, limit } (limit 1: the first match, 0: all). Reply { n }. */
export const remove: CommandHandler = async (body, db, { storage }) => {
  const name = collectionName(body);
  const c = storage.get(db, name);
  const ordered = body.ordered !== false;
  const records: JournalRecord[] = [];
  const writeErrors: Document[] = [];
  let n = 0;
  const statements = Array.isArray(body.deletes) ? (body.deletes as Document[]) : [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as Document;
    try {
      for (const doc of matching(c, s.q as Document | undefined, Number(s.limit) === 1 ? 1 : Infinity)) {
        c?.remove(doc);
        records.push({ t: 'del', db, c: name, id: doc._id });
        n++;
      }
    } catch (error) {
      writeErrors.push(writeError(i, error));
      if (ordered) break;
    }
  }
  await storage.commit(records);
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
};
