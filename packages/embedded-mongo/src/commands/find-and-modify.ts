import type { Document } from 'bson';
import { commandError } from '../engine/errors.ts';
import { project, select } from '../engine/query.ts';
import { updatedDocument, upsertDocument } from '../engine/updates.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { assertDocumentSize, collectionName, type CommandHandler } from './context.ts';

/**
 * findAndModify (findOneAndUpdate/Replace/Delete): query, sort, update | remove, new, upsert,
 * fields, arrayFilters. Reply { lastErrorObject: { n, updatedExisting, upserted }, value }.
 * Errors (e.g. E11000) fail the whole command, as in mongod: there are no writeErrors here.
 */
export const findAndModify: CommandHandler = async (body, db, { storage }) => {
  const records: JournalRecord[] = [];
  const name = collectionName(body);
  const query = body.query as Document | undefined;
  const fields = body.fields as Document | undefined;
  const shown = (doc: Document | undefined): Document | null => (doc ? (project([doc], fields)[0] ?? null) : null);
  const u = body.update as Document | Document[] | undefined;
  if (body.remove && u !== undefined)
    throw commandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!body.remove && u === undefined)
    throw commandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (body.remove && body.upsert)
    throw commandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');

  if (body.remove) {
    const c = storage.get(db, name);
    const [current] = select(c, { filter: query, sort: body.sort as Document | undefined, limit: 1 });
    if (c && current) {
      c.remove(current);
      records.push({ t: 'del', db, c: name, id: current._id });
    }
    await storage.commit(records);
    return { lastErrorObject: { n: current ? 1 : 0 }, value: shown(current), ok: 1 };
  }

  const c = storage.ensure(db, name, records);
  const arrayFilters = body.arrayFilters as Document[] | undefined;
  const [current] = select(c, { filter: query, sort: body.sort as Document | undefined, limit: 1 });
  if (!current) {
    if (!body.upsert) {
      await storage.commit(records);
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    }
    const doc = upsertDocument(query, u as Document, arrayFilters);
    assertDocumentSize(doc);
    c.checkUnique(doc);
    c.put(doc);
    records.push({ t: 'put', db, c: name, doc });
    await storage.commit(records);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: body.new ? shown(doc) : null,
      ok: 1,
    };
  }
  const next = updatedDocument(current, u as Document, arrayFilters);
  assertDocumentSize(next);
  c.checkUnique(next, current);
  c.put(next);
  records.push({ t: 'put', db, c: name, doc: next });
  await storage.commit(records);
  return { lastErrorObject: { n: 1, updatedExisting: true }, value: shown(body.new ? next : current), ok: 1 };
};
