import type { Document } from 'bson';
import { matching } from '../engine/query.ts';
import { sameDocument, updatedDocument, upsertDocument } from '../engine/updates.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { assertDocumentSize, collectionName, writeError, type CommandHandler } from './context.ts';

/**
 * update: statements { q, u, upsert, multi, arrayFilters }. Reply { n, nModified, upserted:
 * [{ index, _id }], writeErrors }, as mongod: n counts matched (and upserted) documents, nModified
 * only those that actually changed.
 */
export const update: CommandHandler = async (body, db, { storage }) => {
  const records: JournalRecord[] = [];
  const c = storage.ensure(db, collectionName(body), records);
  const ordered = body.ordered !== false;
  const statements = Array.isArray(body.updates) ? (body.updates as Document[]) : [];
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i] as Document;
    const arrayFilters = s.arrayFilters as Document[] | undefined;
    try {
      const chosen = matching(c, s.q as Document | undefined, s.multi ? Infinity : 1);
      if (chosen.length === 0 && s.upsert) {
        const doc = upsertDocument(s.q as Document | undefined, s.u as Document, arrayFilters);
        assertDocumentSize(doc);
        c.checkUnique(doc);
        c.put(doc);
        records.push({ t: 'put', db, c: c.name, doc });
        upserted.push({ index: i, _id: doc._id });
        n++;
        continue;
      }
      for (const current of chosen) {
        const next = updatedDocument(current, s.u as Document, arrayFilters);
        n++;
        if (sameDocument(next, current)) continue;
        assertDocumentSize(next);
        c.checkUnique(next, current);
        c.put(next);
        records.push({ t: 'put', db, c: c.name, doc: next });
        nModified++;
      }
    } catch (error) {
      writeErrors.push(writeError(i, error));
      if (ordered) break;
    }
  }
  await storage.commit(records);
  return {
    n,
    nModified,
    ...(upserted.length > 0 ? { upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
    ok: 1,
  };
};
