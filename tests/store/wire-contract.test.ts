import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testMongo, type TestMongo } from '../support/mongo.ts';

let mongo: TestMongo;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  mongo = await testMongo();
  client = await MongoClient.connect(mongo.uri);
  db = client.db();
});
afterAll(async () => {
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  await mongo.close();
});

describe('MongoDB contract through the official driver', () => {
  it('inserts, finds with filter, sort, skip, limit and projection', async () => {
    const c = db.collection('people');
    await c.insertMany([
      { name: 'Alice', age: 31, tags: ['a'] },
      { name: 'Bob', age: 25 },
      { name: 'Chloé', age: 40, tags: ['a', 'b'] },
    ]);
    const found = await c.find({ age: { $gte: 25 } }, { projection: { _id: 0, name: 1 } }).sort({ age: -1 }).skip(1).limit(1).toArray();
    expect(found).toEqual([{ name: 'Alice' }]);
    expect(await c.countDocuments({ tags: 'a' })).toBe(2);
    expect((await c.distinct('tags')).sort()).toEqual(['a', 'b']);
  });

  it('pages through a large result with getMore and kills cursors', async () => {
    const c = db.collection('many');
    await c.insertMany(Array.from({ length: 350 }, (_, i) => ({ i })));
    const all = await c.find({}, { batchSize: 50 }).toArray();
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 350 }, (_, i) => i));
    const cursor = c.find({}, { batchSize: 10 });
    await cursor.next();
    await cursor.close();
  });

  it('updates with operators, replacement, upsert and $setOnInsert, multi', async () => {
    const c = db.collection('upd');
    await c.insertMany([{ k: 1, n: 0 }, { k: 1, n: 5 }, { k: 2, n: 0 }]);
    expect((await c.updateMany({ k: 1 }, { $inc: { n: 1 } })).modifiedCount).toBe(2);
    const up = await c.updateOne({ k: 3 }, { $set: { n: 7 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(await c.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, n: 7, created: true });
    await c.replaceOne({ k: 2 }, { k: 2, replaced: true });
    expect(await c.findOne({ k: 2 }, { projection: { _id: 0 } })).toEqual({ k: 2, replaced: true });
    expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
  });

  it('findOneAndUpdate returns the document before or after, and upserts', async () => {
    const c = db.collection('fam');
    await c.insertOne({ q: 'x', v: 1 });
    const before = await c.findOneAndUpdate({ q: 'x' }, { $inc: { v: 1 } }, { returnDocument: 'before' });
    expect(before?.v).toBe(1);
    const after = await c.findOneAndUpdate({ q: 'x' }, { $inc: { v: 1 } }, { returnDocument: 'after' });
    expect(after?.v).toBe(3);
    const created = await c.findOneAndUpdate({ q: 'y' }, { $set: { v: 9 } }, { upsert: true, returnDocument: 'after' });
    expect(created?.v).toBe(9);
    expect(await c.findOneAndDelete({ q: 'y' })).toMatchObject({ q: 'y' });
  });

  it('enforces unique indexes with E11000 (code 11000), also compound and on update', async () => {
    const c = db.collection('uniq');
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await c.insertOne({ a: 1, b: 1 });
    await c.insertOne({ a: 1, b: 2 });
    await expect(c.insertOne({ a: 1, b: 1 })).rejects.toMatchObject({ code: 11000 });
    await expect(c.updateOne({ b: 2 }, { $set: { b: 1 } })).rejects.toMatchObject({ code: 11000 });
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toContain('a_1_b_1');
    await c.dropIndex('a_1_b_1');
    await c.insertOne({ a: 1, b: 1 });
  });

  it('aggregates', async () => {
    const c = db.collection('agg');
    await c.insertMany([{ g: 'x', v: 1 }, { g: 'x', v: 2 }, { g: 'y', v: 5 }]);
    const out = await c.aggregate([{ $group: { _id: '$g', total: { $sum: '$v' } } }, { $sort: { _id: 1 } }]).toArray();
    expect(out).toEqual([{ _id: 'x', total: 3 }, { _id: 'y', total: 5 }]);
  });

  it('expires documents through a TTL index', async () => {
    const c = db.collection('ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 1 });
    await c.insertOne({ at: new Date(Date.now() - 10_000) });
    await c.insertOne({ at: new Date(Date.now() + 3_600_000) });
    // mongod's TTL monitor runs every 60 s; the embedded store's much more often.
    const deadline = Date.now() + (mongo.kind === 'embedded store' ? 5_000 : 90_000);
    while ((await c.countDocuments()) > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await c.countDocuments()).toBe(1);
  }, 120_000);

  it('lists and drops collections', async () => {
    await db.createCollection('temp');
    expect((await db.listCollections({ name: 'temp' }).toArray()).map((c) => c.name)).toEqual(['temp']);
    await db.collection('temp').drop();
    expect(await db.listCollections({ name: 'temp' }).toArray()).toEqual([]);
  });

  it('answers an unknown command with code 59 CommandNotFound', async () => {
    await expect(db.command({ noSuchCommand: 1 })).rejects.toMatchObject({ code: 59 });
  });
});
