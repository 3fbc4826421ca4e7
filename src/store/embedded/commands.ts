import { randomBytes } from 'node:crypto';
import { calculateObjectSize, deserialize, Long, ObjectId, serialize, type Document } from 'bson';
import { Aggregator, Query, update as applyUpdate } from 'mingo';
import type { Collection, IndexSpec } from './collection.ts';
import { CommandError } from './command-error.ts';
import type { Storage } from './database.ts';
import type { JournalRecord } from './journal.ts';
import { getPath, setPath } from './value-key.ts';
import { MAX_BSON_OBJECT_BYTES, MAX_MESSAGE_BYTES } from './wire.ts';

interface CursorState {
  ns: string;
  docs: Document[];
  position: number;
}

type Handler = (body: Document, db: string) => Promise<Document> | Document;

/** What mongoose, ltijs' mongoose 7 and the official drivers send in this app, and a bit more. */
export class CommandHandler {
  private readonly cursors = new Map<string, CursorState>();
  private readonly handlers: Record<string, Handler>;
  private connectionIds = 0;

  constructor(private readonly storage: Storage) {
    const hello: Handler = () => this.hello();
    this.handlers = {
      hello,
      ismaster: hello,
      ping: () => ({ ok: 1 }),
      buildinfo: () => ({ version: '7.0.0', gitVersion: 'exam-variants-embedded', versionArray: [7, 0, 0, 0], bits: 64, maxBsonObjectSize: MAX_BSON_OBJECT_BYTES, ok: 1 }),
      getparameter: () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
      hostinfo: () => ({ system: { hostname: '127.0.0.1' }, ok: 1 }),
      serverstatus: () => ({ host: '127.0.0.1', version: '7.0.0', process: 'exam-variants-store', uptime: process.uptime(), ok: 1 }),
      getlog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
      whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
      connectionstatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
      endsessions: () => ({ ok: 1 }),
      killallsessions: () => ({ ok: 1 }),
      refreshsessions: () => ({ ok: 1 }),
      starttransaction: () => this.noTransactions(),
      committransaction: () => this.noTransactions(),
      aborttransaction: () => this.noTransactions(),
      listdatabases: () => ({ databases: this.storage.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false })), totalSize: 0, ok: 1 }),
      insert: (b, db) => this.insert(b, db),
      find: (b, db) => this.find(b, db),
      getmore: (b, db) => this.getMore(b, db),
      killcursors: (b) => this.killCursors(b),
      update: (b, db) => this.update(b, db),
      delete: (b, db) => this.delete(b, db),
      findandmodify: (b, db) => this.findAndModify(b, db),
      count: (b, db) => this.count(b, db),
      aggregate: (b, db) => this.aggregate(b, db),
      distinct: (b, db) => this.distinct(b, db),
      createindexes: (b, db) => this.createIndexes(b, db),
      listindexes: (b, db) => this.listIndexes(b, db),
      dropindexes: (b, db) => this.dropIndexes(b, db),
      listcollections: (b, db) => this.listCollections(b, db),
      create: (b, db) => this.create(b, db),
      drop: (b, db) => this.drop(b, db),
      dropdatabase: (_b, db) => this.dropDatabase(db),
    };
  }

  /** Runs one command; every failure becomes MongoDB's error document, never a crash. */
  async run(body: Document): Promise<Document> {
    const name = Object.keys(body)[0] ?? '';
    const db = typeof body.$db === 'string' ? body.$db : 'test';
    const handler = this.handlers[name.toLowerCase()];
    try {
      if (!handler) throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
      return await handler(body, db);
    } catch (error) {
      if (error instanceof CommandError) {
        return { ok: 0, errmsg: error.message, code: error.code, codeName: error.codeName, ...extraErrorFields(error) };
      }
      return { ok: 0, errmsg: error instanceof Error ? error.message : String(error), code: 1, codeName: 'InternalError' };
    }
  }

  private hello(): Document {
    return {
      helloOk: true,
      ismaster: true,
      isWritablePrimary: true,
      maxBsonObjectSize: MAX_BSON_OBJECT_BYTES,
      maxMessageSizeBytes: MAX_MESSAGE_BYTES,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId: ++this.connectionIds,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
      ok: 1,
    };
  }

  private noTransactions(): never {
    throw new CommandError(20, 'IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos (the embedded store runs standalone)');
  }

  private collectionName(body: Document): string {
    const name = Object.values(body)[0];
    if (typeof name !== 'string' || name === '') throw new CommandError(73, 'InvalidNamespace', 'collection name must be a non-empty string');
    return name;
  }

  private async insert(body: Document, db: string): Promise<Document> {
    const records: JournalRecord[] = [];
    const c = this.storage.ensure(db, this.collectionName(body), records);
    const docs = (body.documents as Document[] | undefined) ?? [];
    const ordered = body.ordered !== false;
    const writeErrors: Document[] = [];
    let n = 0;
    for (let i = 0; i < docs.length; i++) {
      const given = docs[i] as Document;
      try {
        // mongod stores _id as the first field whatever order the client sent.
        const { _id, ...rest } = given;
        const doc: Document = { _id: _id ?? new ObjectId(), ...rest };
        assertSize(doc);
        c.checkUnique(doc);
        c.put(doc);
        records.push({ t: 'put', db, c: c.name, doc });
        n++;
      } catch (error) {
        writeErrors.push(writeError(i, error));
        if (ordered) break;
      }
    }
    await this.storage.commit(records);
    return { n, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
  }

  private matching(c: Collection | undefined, filter: Document | undefined): Document[] {
    if (!c) return [];
    const f = filter ?? {};
    const keys = Object.keys(f);
    // _id equality is a hash lookup, not a scan.
    if (keys.length === 1 && keys[0] === '_id' && isPlainId(f._id)) {
      const doc = c.getById(f._id);
      return doc ? [doc] : [];
    }
    if (keys.length === 0) return [...c.docs.values()];
    const q = new Query(f, {});
    // An equality on an indexed field narrows the scan to that value's documents.
    let source: Iterable<Document> = c.docs.values();
    for (const k of keys) {
      if (k.startsWith('$') || !isPlainEquality(f[k])) continue;
      const candidates = c.candidatesFor(k, f[k]);
      if (candidates) {
        source = candidates;
        break;
      }
    }
    const out: Document[] = [];
    for (const doc of source) if (q.test(doc)) out.push(doc);
    return out;
  }

  private select(c: Collection | undefined, body: { filter?: Document; sort?: Document; skip?: number; limit?: number; projection?: Document }): Document[] {
    let docs = this.matching(c, body.filter);
    if (body.sort && Object.keys(body.sort).length > 0) docs = new Query({}, {}).find(docs).sort(body.sort as Record<string, 1 | -1>).all() as Document[];
    const skip = Number(body.skip ?? 0);
    const limit = Math.abs(Number(body.limit ?? 0));
    if (skip > 0) docs = docs.slice(skip);
    if (limit > 0) docs = docs.slice(0, limit);
    if (body.projection && Object.keys(body.projection).length > 0) docs = new Query({}, {}).find(docs, body.projection).all() as Document[];
    return docs;
  }

  private find(body: Document, db: string): Document {
    const name = this.collectionName(body);
    const docs = this.select(this.storage.get(db, name), {
      filter: body.filter as Document | undefined,
      sort: body.sort as Document | undefined,
      skip: body.skip as number | undefined,
      limit: body.limit as number | undefined,
      projection: body.projection as Document | undefined,
    });
    // Copies: a reader must never see a later in-place change.
    return this.firstBatch(`${db}.${name}`, docs.map(cloneDoc), body.batchSize as number | undefined, body.singleBatch === true);
  }

  private firstBatch(ns: string, docs: Document[], batchSize: number | undefined, single: boolean): Document {
    const size = batchSize && batchSize > 0 ? batchSize : 101;
    if (single || docs.length <= size) return { cursor: { id: Long.ZERO, ns, firstBatch: docs }, ok: 1 };
    const id = Long.fromBigInt(BigInt.asIntN(63, randomBytes(8).readBigInt64LE()) || 1n);
    this.cursors.set(id.toString(), { ns, docs, position: size });
    return { cursor: { id, ns, firstBatch: docs.slice(0, size) }, ok: 1 };
  }

  private getMore(body: Document, _db: string): Document {
    const id = body.getMore as Long | number;
    const key = id.toString();
    const state = this.cursors.get(key);
    if (!state) throw new CommandError(43, 'CursorNotFound', `cursor id ${key} not found`);
    const size = Number(body.batchSize ?? 0) || 101;
    const batch = state.docs.slice(state.position, state.position + size);
    state.position += batch.length;
    const done = state.position >= state.docs.length;
    if (done) this.cursors.delete(key);
    return { cursor: { id: done ? Long.ZERO : Long.fromString(key), ns: state.ns, nextBatch: batch }, ok: 1 };
  }

  private killCursors(body: Document): Document {
    const ids = (body.cursors as Array<Long | number> | undefined) ?? [];
    const killed: Array<Long | number> = [];
    for (const id of ids) if (this.cursors.delete(id.toString())) killed.push(id);
    return { cursorsKilled: killed, cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private async update(body: Document, db: string): Promise<Document> {
    const records: JournalRecord[] = [];
    const c = this.storage.ensure(db, this.collectionName(body), records);
    const ordered = body.ordered !== false;
    let n = 0;
    let nModified = 0;
    const upserted: Document[] = [];
    const writeErrors: Document[] = [];
    const statements = (body.updates as Document[] | undefined) ?? [];
    for (let i = 0; i < statements.length; i++) {
      const s = statements[i] as Document;
      try {
        const targets = this.matching(c, s.q as Document);
        const chosen = s.multi ? targets : targets.slice(0, 1);
        if (chosen.length === 0 && s.upsert) {
          const doc = upsertDocument(s.q as Document, s.u as Document | Document[], s.arrayFilters as Document[] | undefined);
          assertSize(doc);
          c.checkUnique(doc);
          c.put(doc);
          records.push({ t: 'put', db, c: c.name, doc });
          upserted.push({ index: i, _id: doc._id });
          n++;
          continue;
        }
        for (const current of chosen) {
          const next = updatedDocument(current, s.u as Document | Document[], s.arrayFilters as Document[] | undefined);
          n++;
          if (Buffer.from(serialize(next)).equals(serialize(current))) continue;
          assertSize(next);
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
    await this.storage.commit(records);
    return { n, nModified, ...(upserted.length ? { upserted } : {}), ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
  }

  private async delete(body: Document, db: string): Promise<Document> {
    const c = this.storage.get(db, this.collectionName(body));
    const records: JournalRecord[] = [];
    let n = 0;
    for (const s of (body.deletes as Document[] | undefined) ?? []) {
      const targets = this.matching(c, s.q as Document);
      const chosen = Number(s.limit) === 1 ? targets.slice(0, 1) : targets;
      for (const doc of chosen) {
        c?.remove(doc);
        records.push({ t: 'del', db, c: c?.name ?? '', id: doc._id });
        n++;
      }
    }
    await this.storage.commit(records);
    return { n, ok: 1 };
  }

  private async findAndModify(body: Document, db: string): Promise<Document> {
    const records: JournalRecord[] = [];
    const c = this.storage.ensure(db, this.collectionName(body), records);
    const [current] = this.select(c, { filter: body.query as Document, sort: body.sort as Document, limit: 1 });
    const fields = body.fields as Document | undefined;
    const project = (doc: Document | undefined): Document | null =>
      doc ? (fields && Object.keys(fields).length ? (new Query({}, {}).find([doc], fields).all()[0] as Document) : cloneDoc(doc)) : null;
    if (body.remove) {
      if (current) {
        c.remove(current);
        records.push({ t: 'del', db, c: c.name, id: current._id });
      }
      await this.storage.commit(records);
      return { lastErrorObject: { n: current ? 1 : 0 }, value: project(current), ok: 1 };
    }
    const u = body.update as Document | Document[] | undefined;
    if (!u) throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
    if (!current) {
      if (!body.upsert) {
        await this.storage.commit(records);
        return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
      }
      const doc = upsertDocument((body.query as Document) ?? {}, u, body.arrayFilters as Document[] | undefined);
      assertSize(doc);
      c.checkUnique(doc);
      c.put(doc);
      records.push({ t: 'put', db, c: c.name, doc });
      await this.storage.commit(records);
      return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: body.new ? project(doc) : null, ok: 1 };
    }
    const next = updatedDocument(current, u, body.arrayFilters as Document[] | undefined);
    assertSize(next);
    c.checkUnique(next, current);
    const before = project(current);
    c.put(next);
    records.push({ t: 'put', db, c: c.name, doc: next });
    await this.storage.commit(records);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: body.new ? project(next) : before, ok: 1 };
  }

  private count(body: Document, db: string): Document {
    const docs = this.select(this.storage.get(db, this.collectionName(body)), { filter: body.query as Document, skip: body.skip as number, limit: body.limit as number });
    return { n: docs.length, ok: 1 };
  }

  private aggregate(body: Document, db: string): Document {
    const name = Object.values(body)[0];
    const pipeline = (body.pipeline as Document[] | undefined) ?? [];
    if (pipeline.some((stage) => '$out' in stage || '$merge' in stage)) throw new CommandError(40324, 'UnsupportedStage', '$out and $merge are not supported by the embedded store');
    const source = typeof name === 'string' ? [...(this.storage.get(db, name)?.docs.values() ?? [])] : [];
    const result = new Aggregator(pipeline, {}).run(source.map(cloneDoc)) as Document[];
    const cursor = (body.cursor as Document | undefined) ?? {};
    return this.firstBatch(`${db}.${String(name)}`, result, cursor.batchSize as number | undefined, false);
  }

  private distinct(body: Document, db: string): Document {
    const docs = this.matching(this.storage.get(db, this.collectionName(body)), body.query as Document);
    const key = String(body.key);
    const seen = new Map<string, unknown>();
    for (const doc of docs) {
      const v = getPath(doc, key);
      for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) seen.set(JSON.stringify(serialize({ v: item })), item);
    }
    return { values: [...seen.values()], ok: 1 };
  }

  private async createIndexes(body: Document, db: string): Promise<Document> {
    const records: JournalRecord[] = [];
    const c = this.storage.ensure(db, this.collectionName(body), records);
    const before = c.indexes.length;
    for (const raw of (body.indexes as Document[] | undefined) ?? []) {
      const spec: IndexSpec = {
        name: String(raw.name ?? defaultIndexName(raw.key as Document)),
        key: raw.key as Record<string, number>,
        ...(raw.unique ? { unique: true } : {}),
        ...(raw.sparse ? { sparse: true } : {}),
        ...(typeof raw.expireAfterSeconds === 'number' ? { expireAfterSeconds: raw.expireAfterSeconds } : {}),
        ...(raw.partialFilterExpression ? { partialFilterExpression: raw.partialFilterExpression as Document } : {}),
      };
      const had = c.indexes.length;
      c.addIndex(spec);
      if (c.indexes.length > had) records.push({ t: 'idx', db, c: c.name, spec: spec as unknown as Document });
    }
    await this.storage.commit(records);
    return { numIndexesBefore: before, numIndexesAfter: c.indexes.length, createdCollectionAutomatically: false, ok: 1 };
  }

  private listIndexes(body: Document, db: string): Document {
    const name = this.collectionName(body);
    const c = this.storage.get(db, name);
    if (!c) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${db}.${name}`);
    return this.firstBatch(`${db}.${name}`, c.indexes.map((i) => ({ v: 2, ...i })), undefined, true);
  }

  private async dropIndexes(body: Document, db: string): Promise<Document> {
    const name = this.collectionName(body);
    const c = this.storage.get(db, name);
    if (!c) throw new CommandError(26, 'NamespaceNotFound', `ns not found ${db}.${name}`);
    const which = body.index;
    const names = which === '*' ? c.indexes.filter((i) => i.name !== '_id_').map((i) => i.name) : Array.isArray(which) ? which.map(String) : [String(typeof which === 'object' ? defaultIndexName(which as Document) : which)];
    const records: JournalRecord[] = [];
    const before = c.indexes.length;
    for (const n of names) {
      if (!c.dropIndex(n) && which !== '*') throw new CommandError(27, 'IndexNotFound', `index not found with name [${n}]`);
      records.push({ t: 'dropIdx', db, c: name, name: n });
    }
    await this.storage.commit(records);
    return { nIndexesWas: before, ok: 1 };
  }

  private listCollections(body: Document, db: string): Document {
    const filter = (body.filter as Document | undefined) ?? {};
    const q = new Query(filter, {});
    const infos = this.storage
      .collections(db)
      .map((c) => ({ name: c.name, type: 'collection', options: {}, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } }))
      .filter((info) => q.test(info));
    return this.firstBatch(`${db}.$cmd.listCollections`, body.nameOnly ? infos.map((i) => ({ name: i.name, type: i.type })) : infos, undefined, true);
  }

  private async create(body: Document, db: string): Promise<Document> {
    const name = this.collectionName(body);
    if (this.storage.get(db, name)) throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
    const records: JournalRecord[] = [];
    this.storage.ensure(db, name, records);
    await this.storage.commit(records);
    return { ok: 1 };
  }

  private async drop(body: Document, db: string): Promise<Document> {
    const name = this.collectionName(body);
    if (!this.storage.dropCollection(db, name)) throw new CommandError(26, 'NamespaceNotFound', 'ns not found');
    await this.storage.commit([{ t: 'dropColl', db, c: name }]);
    return { ns: `${db}.${name}`, ok: 1 };
  }

  private async dropDatabase(db: string): Promise<Document> {
    this.storage.dropDatabase(db);
    await this.storage.commit([{ t: 'dropDb', db }]);
    return { dropped: db, ok: 1 };
  }
}

function extraErrorFields(error: CommandError): Document {
  const e = error as CommandError & { keyPattern?: Document; keyValue?: Document };
  return e.keyPattern ? { keyPattern: e.keyPattern, keyValue: e.keyValue } : {};
}

function writeError(index: number, error: unknown): Document {
  if (error instanceof CommandError) return { index, code: error.code, errmsg: error.message, ...extraErrorFields(error) };
  return { index, code: 2, errmsg: error instanceof Error ? error.message : String(error) };
}

function assertSize(doc: Document): void {
  if (calculateObjectSize(doc) > MAX_BSON_OBJECT_BYTES) throw new CommandError(10334, 'BSONObjectTooLarge', `object to insert too large. size in bytes exceeds ${MAX_BSON_OBJECT_BYTES}`);
}

/** A value matched by plain equality (not an operator object, array or regex), as indexes store it. */
function isPlainEquality(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return true;
  return (v as { _bsontype?: string })._bsontype === 'ObjectId';
}

function isPlainId(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || v instanceof ObjectId || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'ObjectId');
}

/** A deep copy that keeps BSON types (structuredClone would lose ObjectId's class). */
export function cloneDoc(doc: Document): Document {
  return deserialize(serialize(doc), { promoteValues: true, bsonRegExp: true });
}

function isOperatorUpdate(u: Document): boolean {
  return Object.keys(u).some((k) => k.startsWith('$'));
}

function updatedDocument(current: Document, u: Document | Document[], arrayFilters: Document[] | undefined, inserting = false): Document {
  if (Array.isArray(u)) {
    const [out] = new Aggregator(u, {}).run([cloneDoc(current)]) as Document[];
    return { ...(out ?? {}), _id: current._id };
  }
  if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && !sameId(u._id, current._id)) throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    return { _id: current._id, ...u };
  }
  const next = cloneDoc(current);
  const { $setOnInsert, ...rest } = u;
  if (Object.keys(rest).length > 0) applyUpdate(next, rest, arrayFilters, undefined, { cloneMode: 'none' });
  if (inserting && $setOnInsert) applyUpdate(next, { $set: $setOnInsert as Document }, undefined, undefined, { cloneMode: 'none' });
  if (!sameId(next._id, current._id)) throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  return next;
}

/** The document an upsert inserts: the filter's equality fields, then the update applied. */
function upsertDocument(filter: Document, u: Document | Document[], arrayFilters: Document[] | undefined): Document {
  const seed: Document = {};
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (k.startsWith('$')) continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v as Document).some((x) => x.startsWith('$'))) {
      const eq = (v as Document).$eq;
      if (eq !== undefined) setPath(seed, k, eq);
      continue;
    }
    setPath(seed, k, v);
  }
  if (!Array.isArray(u) && !isOperatorUpdate(u)) return { _id: seed._id ?? u._id ?? new ObjectId(), ...u };
  const id = seed._id ?? new ObjectId();
  return updatedDocument({ ...seed, _id: id }, u, arrayFilters, true);
}

function sameId(a: unknown, b: unknown): boolean {
  return Buffer.from(serialize({ v: a })).equals(serialize({ v: b }));
}

function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}
