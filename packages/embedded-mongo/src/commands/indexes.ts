import type { Document } from 'bson';
import { commandError } from '../engine/errors.ts';
import { defaultIndexName, normalizeIndexSpec } from '../engine/indexes.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { collectionName, type CommandHandler } from './context.ts';

/** createIndexes: unique, sparse, partialFilterExpression, expireAfterSeconds (TTL); others ignored. */
export const createIndexes: CommandHandler = async (body, db, { storage }) => {
  const name = collectionName(body);
  const existed = storage.get(db, name) !== undefined;
  const records: JournalRecord[] = [];
  // Checked before the collection is made: a refused command changes nothing.
  const raws = Array.isArray(body.indexes) ? (body.indexes as Document[]) : [];
  if (raws.length === 0) throw commandError('BadValue', 'Must specify at least one index');
  const c = storage.ensure(db, name, records);
  const before = c.indexes.length;
  try {
    for (const raw of raws) {
      const spec = normalizeIndexSpec(raw);
      if (c.addIndex(spec)) records.push({ t: 'idx', db, c: name, spec: spec as unknown as Document });
    }
  } finally {
    // Indexes built before a failing one stay, as in mongod; journal what did happen.
    await storage.commit(records);
  }
  return {
    numIndexesBefore: before,
    numIndexesAfter: c.indexes.length,
    createdCollectionAutomatically: !existed,
    ...(c.indexes.length === before ? { note: 'all indexes already exist' } : {}),
    ok: 1,
  };
};

export const listIndexes: CommandHandler = (body, db, { storage, cursors }) => {
  const name = collectionName(body);
  const c = storage.get(db, name);
  if (!c) throw commandError('NamespaceNotFound', `ns does not exist: ${db}.${name}`);
  const cursor = (body.cursor as Document | undefined) ?? {};
  return cursors.first(
    `${db}.${name}`,
    c.indexes.map((spec) => ({ v: 2, ...spec })),
    cursor.batchSize,
  );
};

/** dropIndexes: index "*" (all but _id), a name, a list of names, or a key pattern. */
export const dropIndexes: CommandHandler = async (body, db, { storage }) => {
  const name = collectionName(body);
  const c = storage.get(db, name);
  if (!c) throw commandError('NamespaceNotFound', `ns not found ${db}.${name}`);
  const which = body.index;
  let names: string[];
  if (which === '*') names = c.indexes.filter((i) => i.name !== '_id_').map((i) => i.name);
  else if (Array.isArray(which)) names = which.map(String);
  else if (typeof which === 'object' && which !== null) {
    const spec = c.indexes.find((i) => JSON.stringify(i.key) === JSON.stringify(which));
    if (!spec) throw commandError('IndexNotFound', `can't find index with key: ${JSON.stringify(which)}`);
    names = [spec.name];
  } else names = [String(which ?? defaultIndexName({}))];
  const before = c.indexes.length;
  for (const n of names)
    if (!c.indexes.some((i) => i.name === n)) throw commandError('IndexNotFound', `index not found with name [${n}]`);
  const records: JournalRecord[] = [];
  for (const n of names) if (c.dropIndex(n)) records.push({ t: 'dropIdx', db, c: name, name: n });
  await storage.commit(records);
  return { nIndexesWas: before, ok: 1 };
};
