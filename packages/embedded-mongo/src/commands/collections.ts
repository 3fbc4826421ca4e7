import type { Document } from 'bson';
import { Query } from 'mingo';
import { commandError } from '../engine/errors.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { collectionName, type CommandHandler } from './context.ts';

/** listCollections: filter (e.g. { name }), nameOnly. */
export const listCollections: CommandHandler = (body, db, { storage, cursors }) => {
  const q = new Query((body.filter as Document | undefined) ?? {}, {});
  const infos = storage
    .collections(db)
    .map((c) => ({
      name: c.name,
      type: 'collection',
      options: {},
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    }))
    .filter((info) => q.test(info));
  const docs = body.nameOnly ? infos.map((i) => ({ name: i.name, type: i.type })) : infos;
  const cursor = (body.cursor as Document | undefined) ?? {};
  return cursors.first(`${db}.$cmd.listCollections`, docs, cursor.batchSize);
};

export const create: CommandHandler = async (body, db, { storage }) => {
  const name = collectionName(body);
  if (storage.get(db, name)) throw commandError('NamespaceExists', `Collection ${db}.${name} already exists.`);
  const records: JournalRecord[] = [];
  storage.ensure(db, name, records);
  await storage.commit(records);
  return { ok: 1 };
};

/** drop: like MongoDB 7.0, dropping a collection that does not exist succeeds. */
export const drop: CommandHandler = async (body, db, { storage }) => {
  const name = collectionName(body);
  const c = storage.get(db, name);
  const nIndexesWas = c?.indexes.length ?? 0;
  if (storage.dropCollection(db, name)) await storage.commit([{ t: 'dropColl', db, c: name }]);
  return { ns: `${db}.${name}`, nIndexesWas, ok: 1 };
};

export const dropDatabase: CommandHandler = async (_body, db, { storage }) => {
  if (storage.dropDatabase(db)) await storage.commit([{ t: 'dropDb', db }]);
  return { dropped: db, ok: 1 };
};

export const listDatabases: CommandHandler = (body, _db, { storage }) => {
  const names = storage.databaseNames();
  if (body.nameOnly) return { databases: names.map((name) => ({ name })), ok: 1 };
  return {
    databases: names.map((name) => ({ name, sizeOnDisk: 0, empty: false })),
    totalSize: 0,
    totalSizeMb: 0,
    ok: 1,
  };
};

export const dbStats: CommandHandler = (_body, db, { storage }) => {
  const collections = storage.collections(db);
  return {
    db,
    collections: collections.length,
    views: 0,
    objects: collections.reduce((sum, c) => sum + c.docs.size, 0),
    indexes: collections.reduce((sum, c) => sum + c.indexes.length, 0),
    ok: 1,
  };
};
