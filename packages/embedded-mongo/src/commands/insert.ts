import { ObjectId, type Document } from 'bson';
import { rememberEncoding, takeEncoding } from '../engine/document-size.ts';
import { commandError } from '../engine/errors.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { assertDocumentSize, collectionName, writeError, type CommandHandler } from './context.ts';

/**
 * insert: each document checked (size, _id, unique indexes) and stored; ordered stops at the first
 * error, unordered carries on. Acknowledged once every stored document is durable.
 */
export const insert: CommandHandler = async (body, db, { storage, requestBytes }) => {
  const records: JournalRecord[] = [];
  const c = storage.ensure(db, collectionName(body), records);
  const docs = Array.isArray(body.documents) ? (body.documents as Document[]) : [];
  const ordered = body.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      const given = docs[i] as Document;
      if (Array.isArray(given._id)) throw commandError('BadValue', "can't use an array for _id");
      // mongod stores _id first whatever order the client sent.
      const { _id, ...rest } = given;
      const doc: Document = { _id: _id ?? new ObjectId(), ...rest };
      // The bytes it came in are its BSON when they start with the _id it keeps (not one added here
      // or moved to the front): then they deserialize to exactly `doc`.
      const wire = takeEncoding(given);
      if (wire && _id !== undefined && _id !== null && firstKey(given) === '_id') rememberEncoding(doc, wire);
      assertDocumentSize(doc, requestBytes);
      c.checkUnique(doc);
      c.put(doc);
      records.push({ t: 'put', db, c: c.name, doc });
      n++;
    } catch (error) {
      writeErrors.push(writeError(i, error));
      if (ordered) break;
    }
  }
  await storage.commit(records);
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
};

/** The key a document's fields start with, in the order it is stored and serialised. */
function firstKey(doc: Document): string | undefined {
  for (const key in doc) return key;
  return undefined;
}
