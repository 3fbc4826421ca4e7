import { Long, MongoBulkWriteError, MongoClient, MongoServerError, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets, type TestDatabase } from '../src/testing.ts';

// The MongoDB behaviour this store promises, through the official mongodb 7 driver. Runs against
// the embedded store and, with TEST_MONGODB_URI set, a real MongoDB: both must pass.
let mongo: TestDatabase;
let client: MongoClient;
let db: Db;

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('MongoDB contract through the official driver'), () => {
    beforeAll(async () => {
      mongo = await target.open();
      client = await MongoClient.connect(mongo.uri);
      db = client.db();
    });
    afterAll(async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await mongo.close();
    });

    it('answers hello as a writable standalone a modern driver accepts', async () => {
      const hello = await db.admin().command({ hello: 1 });
      expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
      expect(hello.maxWireVersion).toBeGreaterThanOrEqual(8);
      expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
      expect(await db.admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
      expect((await db.admin().command({ buildInfo: 1 })).version).toMatch(/^\d+\.\d+/);
    });

    it('inserts, finds with filter, sort, skip, limit and projection', async () => {
      const c = db.collection('people');
      await c.insertMany([
        { name: 'Alice', age: 31, tags: ['a'], address: { city: 'Lyon' } },
        { name: 'Bob', age: 25 },
        { name: 'Chloé', age: 40, tags: ['a', 'b'], address: { city: 'Gent' } },
      ]);
      const found = await c
        .find({ age: { $gte: 25 } }, { projection: { _id: 0, name: 1 } })
        .sort({ age: -1 })
        .skip(1)
        .limit(1)
        .toArray();
      expect(found).toEqual([{ name: 'Alice' }]);
      expect(await c.countDocuments({ tags: 'a' })).toBe(2);
      expect(await c.countDocuments({}, { skip: 1, limit: 1 })).toBe(1);
      expect(await c.estimatedDocumentCount()).toBe(3);
      expect((await c.distinct('tags')).sort()).toEqual(['a', 'b']);
      expect((await c.distinct('address.city', { age: { $gt: 30 } })).sort()).toEqual(['Gent', 'Lyon']);
      expect(await c.findOne({ 'address.city': 'Gent' }, { projection: { _id: 0, name: 1 } })).toEqual({
        name: 'Chloé',
      });
    });

    it('a projection or a pipeline shapes the answer, never the stored documents', async () => {
      const c = db.collection<{ _id: number; [field: string]: unknown }>('shaped');
      const stored = {
        _id: 1,
        who: 'a',
        parts: [
          { key: 'p1', raw: '1, 2', feedback: 'Correct.', score: 1 },
          { key: 'p2', raw: '', feedback: 'No answer given.', score: 0 },
        ],
        meta: { note: 'kept', extra: { deep: true } },
      };
      await c.insertOne(stored);
      const shapes: Array<[string, () => Promise<unknown>]> = [
        ['nested exclusion', () => c.findOne({ _id: 1 }, { projection: { 'parts.raw': 0, 'parts.feedback': 0 } })],
        ['nested inclusion', () => c.findOne({ _id: 1 }, { projection: { 'parts.score': 1, 'meta.note': 1 } })],
        ['sub-document exclusion', () => c.findOne({ _id: 1 }, { projection: { 'meta.extra': 0 } })],
        [
          'findOneAndUpdate',
          () =>
            c.findOneAndUpdate(
              { _id: 1 },
              { $set: { who: 'a' } },
              { returnDocument: 'after', projection: { 'parts.feedback': 0 } },
            ),
        ],
        ['$slice', () => c.findOne({ _id: 1 }, { projection: { parts: { $slice: 1 } } })],
        ['$elemMatch', () => c.findOne({ _id: 1 }, { projection: { parts: { $elemMatch: { score: 1 } } } })],
        ['$project', () => c.aggregate([{ $project: { 'parts.raw': 0, 'meta.extra': 0 } }]).toArray()],
        ['$project inclusion', () => c.aggregate([{ $project: { 'parts.key': 1 } }]).toArray()],
        ['$unset', () => c.aggregate([{ $unset: ['parts.feedback', 'meta.note'] }]).toArray()],
        ['$addFields', () => c.aggregate([{ $addFields: { 'meta.note': 'changed', 'parts.score': 5 } }]).toArray()],
      ];
      const answers = new Map<string, unknown>();
      for (const [label, read] of shapes) answers.set(label, await read());
      expect(answers.get('nested exclusion')).toEqual({
        _id: 1,
        who: 'a',
        parts: [
          { key: 'p1', score: 1 },
          { key: 'p2', score: 0 },
        ],
        meta: { note: 'kept', extra: { deep: true } },
      });
      expect(answers.get('$unset')).toEqual([
        {
          _id: 1,
          who: 'a',
          parts: [
            { key: 'p1', raw: '1, 2', score: 1 },
            { key: 'p2', raw: '', score: 0 },
          ],
          meta: { extra: { deep: true } },
        },
      ]);
      // After all of them, each read once more: the stored document is as it was inserted.
      expect(await c.findOne({ _id: 1 })).toEqual(stored);
      for (const [label, read] of shapes) expect(await read(), label).toEqual(answers.get(label));
    });

    it('pages through a large result in batches with getMore, and kills cursors', async () => {
      const c = db.collection('many');
      await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
      const first = await db.command({ find: 'many', filter: {}, sort: { i: 1 }, batchSize: 100 });
      expect(first.cursor.firstBatch).toHaveLength(100);
      expect(first.cursor.id).toBeInstanceOf(Long);
      expect(first.cursor.id.isZero()).toBe(false);
      const second = await db.command({ getMore: first.cursor.id, collection: 'many', batchSize: 100 });
      expect(second.cursor.nextBatch.map((d: { i: number }) => d.i)).toEqual(
        Array.from({ length: 100 }, (_, i) => 100 + i),
      );
      const killed = await db.command({ killCursors: 'many', cursors: [second.cursor.id] });
      expect(killed.cursorsKilled).toHaveLength(1);
      await expect(db.command({ getMore: second.cursor.id, collection: 'many' })).rejects.toMatchObject({ code: 43 });
      const all = await c.find({}, { batchSize: 30 }).sort({ i: 1 }).toArray();
      expect(all.map((d) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));
      const cursor = c.find({}, { batchSize: 10 });
      await cursor.next();
      await cursor.close();
    });

    it('updates with operators, replacement, upsert with $setOnInsert, multi and arrayFilters', async () => {
      const c = db.collection<{
        k: number;
        n?: number;
        items?: Array<{ g: number; v: number }>;
        created?: boolean;
        replaced?: boolean;
      }>('upd');
      await c.insertMany([
        { k: 1, n: 0 },
        { k: 1, n: 5 },
        { k: 2, n: 0 },
      ]);
      const many = await c.updateMany({ k: 1 }, { $inc: { n: 1 } });
      expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
      const same = await c.updateOne({ k: 2 }, { $set: { n: 0 } });
      expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
      const up = await c.updateOne({ k: 3 }, { $set: { n: 7 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(up.upsertedCount).toBe(1);
      expect(await c.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, n: 7, created: true });
      await c.updateOne({ k: 3 }, { $set: { n: 8 }, $setOnInsert: { created: false } }, { upsert: true });
      expect(await c.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, n: 8, created: true });
      await c.replaceOne({ k: 2 }, { k: 2, replaced: true });
      expect(await c.findOne({ k: 2 }, { projection: { _id: 0 } })).toEqual({ k: 2, replaced: true });
      await c.insertOne({
        k: 9,
        items: [
          { g: 1, v: 0 },
          { g: 2, v: 0 },
        ],
      });
      await c.updateOne({ k: 9 }, { $set: { 'items.$[e].v': 5 } }, { arrayFilters: [{ 'e.g': 2 }] });
      expect((await c.findOne({ k: 9 }))?.items).toEqual([
        { g: 1, v: 0 },
        { g: 2, v: 5 },
      ]);
      await c.updateOne({ k: 9 }, { $push: { items: { g: 3, v: 1 } }, $unset: { nothing: '' } });
      expect((await c.findOne({ k: 9 }))?.items).toHaveLength(3);
      expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
      expect((await c.deleteOne({ k: { $gt: 0 } })).deletedCount).toBe(1);
    });

    it('reports upserted ids and counts in the raw update reply shape', async () => {
      const reply = await db.command({
        update: 'raw',
        updates: [
          { q: { r: 1 }, u: { $set: { v: 1 } }, upsert: true },
          { q: { r: 2 }, u: { $set: { v: 2 } }, upsert: true },
        ],
      });
      expect(reply).toMatchObject({ n: 2, nModified: 0, ok: 1 });
      expect(reply.upserted.map((u: { index: number }) => u.index)).toEqual([0, 1]);
      const again = await db.command({
        update: 'raw',
        updates: [{ q: { r: { $in: [1, 2] } }, u: { $inc: { v: 1 } }, multi: true }],
      });
      expect(again).toMatchObject({ n: 2, nModified: 2, ok: 1 });
      expect(again.upserted).toBeUndefined();
    });

    it('findOneAndUpdate returns the document before or after, projects, upserts and deletes', async () => {
      const c = db.collection('fam');
      await c.insertOne({ q: 'x', v: 1, hidden: 'h' });
      const before = await c.findOneAndUpdate({ q: 'x' }, { $inc: { v: 1 } }, { returnDocument: 'before' });
      expect(before?.v).toBe(1);
      const after = await c.findOneAndUpdate(
        { q: 'x' },
        { $inc: { v: 1 } },
        { returnDocument: 'after', projection: { _id: 0, v: 1 } },
      );
      expect(after).toEqual({ v: 3 });
      const raw = await c.findOneAndUpdate(
        { q: 'y' },
        { $set: { v: 9 } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true },
      );
      expect(raw.value?.v).toBe(9);
      expect(raw.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
      expect(raw.lastErrorObject?.upserted).toEqual(raw.value?._id);
      const missing = await c.findOneAndUpdate({ q: 'nope' }, { $set: { v: 0 } }, { includeResultMetadata: true });
      expect(missing.value).toBeNull();
      expect(missing.lastErrorObject).toMatchObject({ n: 0, updatedExisting: false });
      expect(await c.findOneAndDelete({ q: 'y' })).toMatchObject({ q: 'y' });
      expect(
        await c.findOneAndReplace(
          { q: 'x' },
          { q: 'x', replaced: true },
          { returnDocument: 'after', projection: { _id: 0 } },
        ),
      ).toEqual({ q: 'x', replaced: true });
    });

    it('enforces unique indexes with E11000 in MongoDB format, compound and _id, on insert and update', async () => {
      const c = db.collection('uniq');
      await c.createIndex({ a: 1, b: 1 }, { unique: true });
      await c.insertOne({ _id: 'one' as never, a: 1, b: 'x' });
      await c.insertOne({ a: 1, b: 'y' });
      const dup = await c.insertOne({ a: 1, b: 'x' }).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(MongoServerError);
      expect(dup).toMatchObject({ code: 11000, keyPattern: { a: 1, b: 1 }, keyValue: { a: 1, b: 'x' } });
      expect((dup as Error).message).toBe(
        `E11000 duplicate key error collection: ${db.databaseName}.uniq index: a_1_b_1 dup key: { a: 1, b: "x" }`,
      );
      await expect(c.insertOne({ _id: 'one' as never })).rejects.toMatchObject({ code: 11000, keyPattern: { _id: 1 } });
      await expect(c.updateOne({ b: 'y' }, { $set: { b: 'x' } })).rejects.toMatchObject({ code: 11000 });
      await expect(c.findOneAndUpdate({ b: 'y' }, { $set: { b: 'x' } })).rejects.toMatchObject({ code: 11000 });
      const names = (await c.listIndexes().toArray()).map((i) => i.name);
      expect(names).toEqual(['_id_', 'a_1_b_1']);
      await c.dropIndex('a_1_b_1');
      await c.insertOne({ a: 1, b: 'x' });
      await expect(c.createIndex({ a: 1, b: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
      await expect(c.dropIndex('no_such_index')).rejects.toMatchObject({ code: 27 });
    });

    it('keeps ordered inserts stopping at the first error and unordered ones going on', async () => {
      const c = db.collection('ordered');
      await c.createIndex({ k: 1 }, { unique: true });
      const ordered = (await c
        .insertMany([{ k: 1 }, { k: 1 }, { k: 2 }])
        .catch((e: unknown) => e)) as MongoBulkWriteError;
      expect(ordered).toBeInstanceOf(MongoBulkWriteError);
      expect(ordered.insertedCount).toBe(1);
      expect(await c.countDocuments()).toBe(1);
      const unordered = (await c
        .insertMany([{ k: 3 }, { k: 1 }, { k: 4 }, { k: 3 }], { ordered: false })
        .catch((e: unknown) => e)) as MongoBulkWriteError;
      expect(unordered.insertedCount).toBe(2);
      const errors = Array.isArray(unordered.writeErrors) ? unordered.writeErrors : [unordered.writeErrors];
      expect(errors.map((e) => [e.index, e.code])).toEqual([
        [1, 11000],
        [3, 11000],
      ]);
      expect(await c.countDocuments()).toBe(3);
    });

    it('honours sparse and partial unique indexes', async () => {
      const c = db.collection('sparse');
      await c.createIndex({ email: 1 }, { unique: true, sparse: true });
      await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await c.insertMany([
        { n: 1 },
        { n: 2 },
        { email: 'a@x' },
        { code: 'c', active: false },
        { code: 'c', active: false },
        { code: 'c', active: true },
      ]);
      await expect(c.insertOne({ email: 'a@x' })).rejects.toMatchObject({ code: 11000 });
      await expect(c.insertOne({ code: 'c', active: true })).rejects.toMatchObject({ code: 11000 });
    });

    it('aggregates through $match, $group, $sort, $project and $lookup', async () => {
      const c = db.collection('agg');
      await c.insertMany([
        { g: 'x', v: 1 },
        { g: 'x', v: 2 },
        { g: 'y', v: 5 },
      ]);
      await db.collection('labels').insertMany([{ g: 'x', label: 'ex' }]);
      const out = await c
        .aggregate([
          { $match: { v: { $gte: 1 } } },
          { $group: { _id: '$g', total: { $sum: '$v' } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      expect(out).toEqual([
        { _id: 'x', total: 3 },
        { _id: 'y', total: 5 },
      ]);
      const joined = await c
        .aggregate([
          { $match: { g: 'x', v: 1 } },
          { $lookup: { from: 'labels', localField: 'g', foreignField: 'g', as: 'l' } },
          { $project: { _id: 0, label: { $first: '$l.label' } } },
        ])
        .toArray();
      expect(joined).toEqual([{ label: 'ex' }]);
      const batched = await db.command({ aggregate: 'agg', pipeline: [], cursor: { batchSize: 2 } });
      expect(batched.cursor.firstBatch).toHaveLength(2);
      await db.command({ killCursors: 'agg', cursors: [batched.cursor.id] });
    });

    it('expires documents through a TTL index', async () => {
      const c = db.collection('ttl');
      await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
      expect((await c.listIndexes().toArray()).find((i) => i.name === 'at_1')?.expireAfterSeconds).toBe(1);
      await c.insertOne({ at: new Date(Date.now() - 10_000) });
      await c.insertOne({ at: new Date(Date.now() + 3_600_000) });
      await c.insertOne({ at: 'not a date' });
      // mongod's TTL monitor runs every 60 s; the embedded store's every 200 ms in tests.
      const deadline = Date.now() + (target.kind === 'embedded store' ? 5_000 : 90_000);
      while ((await c.countDocuments()) > 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await c.countDocuments()).toBe(2);
    }, 120_000);

    it('lists, creates and drops collections', async () => {
      await db.createCollection('temp');
      await expect(db.createCollection('temp')).rejects.toMatchObject({ code: 48 });
      expect((await db.listCollections({ name: 'temp' }).toArray()).map((c) => c.name)).toEqual(['temp']);
      expect(await db.listCollections({ name: 'temp' }, { nameOnly: true }).toArray()).toEqual([
        { name: 'temp', type: 'collection' },
      ]);
      expect(await db.collection('temp').drop()).toBe(true);
      expect(await db.listCollections({ name: 'temp' }).toArray()).toEqual([]);
    });

    it('rejects a document over 16 MiB with BSONObjectTooLarge', async () => {
      const c = db.collection('big');
      const error = await c.insertOne({ blob: 'x'.repeat(16 * 1024 * 1024) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      if (target.kind === 'embedded store') expect(error).toMatchObject({ code: 10334 });
      expect(await c.countDocuments()).toBe(0);
    });

    it('answers an unknown command with code 59 CommandNotFound', async () => {
      const error = await db.command({ noSuchCommand: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
      expect((error as Error).message).toBe("no such command: 'noSuchCommand'");
    });

    it('refuses transactions on a standalone server', async () => {
      await expect(db.admin().command({ commitTransaction: 1 })).rejects.toBeInstanceOf(MongoServerError);
    });
  });
}
