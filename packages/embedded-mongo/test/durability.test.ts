import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startEmbeddedStore } from '../src/index.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function withStore<T>(
  dbPath: string,
  fn: (client: MongoClient) => Promise<T>,
  compactBytes?: number,
): Promise<T> {
  const store = await startEmbeddedStore({
    dbPath,
    ...(compactBytes ? { compaction: { minBytes: compactBytes } } : {}),
  });
  const client = await MongoClient.connect(`${store.uri}/d`);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await store.close();
  }
}

describe('durable embedded store', () => {
  it('keeps data, indexes, updates and deletions across a restart', async () => {
    const dir = tempDir();
    await withStore(dir, async (c) => {
      const col = c.db().collection('s');
      await col.createIndex({ k: 1 }, { unique: true });
      await col.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      await col.insertMany([{ k: 1 }, { k: 2 }, { k: 3, at: new Date(0) }]);
      await col.deleteOne({ k: 2 });
      await col.updateOne({ k: 3 }, { $set: { v: 'kept' } });
      await c.db().collection('gone').insertOne({ x: 1 });
      await c.db().collection('gone').drop();
    });
    await withStore(dir, async (c) => {
      const col = c.db().collection('s');
      expect(
        await col
          .find({}, { projection: { _id: 0, at: 0 } })
          .sort({ k: 1 })
          .toArray(),
      ).toEqual([{ k: 1 }, { k: 3, v: 'kept' }]);
      await expect(col.insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
      expect((await col.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1', 'at_1']);
      expect((await c.db().listCollections().toArray()).map((x) => x.name)).toEqual(['s']);
    });
  });

  it('stores what was inserted and updated, in its field order, the same before and after a restart', async () => {
    // Inserted documents are journaled as the bytes they came in when those are their stored BSON,
    // and updated ones as the bytes their size check made: each shape where that could go wrong.
    const dir = tempDir();
    const sent = [
      { _id: 1, a: 'first', n: 4.0, big: 2 ** 40, nested: { z: 1, y: [1, 'two', { x: null }] } },
      { b: 'no _id: the store adds one, first' },
      { c: 'the _id after another field: the store moves it first', _id: 3 },
      { _id: 4, 5: 'an integer key, which JavaScript orders first', d: 'ž ünïcödé ✓' },
      { _id: null, e: 'a null _id: the store gives it an ObjectId' },
      { _id: 6, when: new Date(0), bytes: 'x'.repeat(300) },
    ];
    // Any _id, as a test of what the store keeps (the driver's default types it as an ObjectId).
    const docs = (c: MongoClient) =>
      c.db().collection<{ _id?: number | ObjectId | null; [field: string]: unknown }>('s');
    const everything = async (c: MongoClient) => JSON.stringify(await docs(c).find().sort({ _id: 1 }).toArray());
    const before = await withStore(dir, async (c) => {
      const col = docs(c);
      await col.insertMany(sent.slice(0, 4).map((d) => ({ ...d })));
      for (const d of sent.slice(4)) await col.insertOne({ ...d });
      await col.updateOne({ _id: 1 }, { $set: { 'nested.z': 2, added: ['a', 'b'] } });
      await col.updateOne({ _id: 7 }, { $set: { upserted: true } }, { upsert: true });
      await col.findOneAndUpdate({ _id: 6 }, { $set: { bytes: 'y'.repeat(500) } });
      return everything(c);
    });
    await withStore(dir, async (c) => {
      expect(await everything(c)).toBe(before);
      const nullId = await docs(c).findOne({ e: { $exists: true } });
      expect(nullId?._id).toBeInstanceOf(ObjectId);
      const moved = await docs(c).findOne({ _id: 3 });
      expect(Object.keys(moved ?? {})).toEqual(['_id', 'c']);
    });
  });

  it('replays a journal with a torn last record up to the last complete one', async () => {
    const dir = tempDir();
    await withStore(dir, async (c) => {
      await c
        .db()
        .collection('s')
        .insertMany([{ k: 1 }, { k: 2 }]);
    });
    // A crash mid-write leaves half a frame at the end: a length promising more than is there.
    appendFileSync(join(dir, 'journal.log'), Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    await withStore(dir, async (c) => {
      expect(await c.db().collection('s').countDocuments()).toBe(2);
      await c.db().collection('s').insertOne({ k: 3 });
    });
    await withStore(dir, async (c) => {
      expect(await c.db().collection('s').countDocuments()).toBe(3);
    });
  });

  it('stops replay at a record whose checksum does not match', async () => {
    const dir = tempDir();
    await withStore(dir, async (c) => {
      await c.db().collection('s').insertOne({ k: 1 });
      await c.db().collection('s').insertOne({ k: 2 });
    });
    const journal = readFileSync(join(dir, 'journal.log'));
    journal[journal.length - 3] = (journal[journal.length - 3] as number) ^ 0xff; // flip a byte of the last record
    writeFileSync(join(dir, 'journal.log'), journal);
    await withStore(dir, async (c) => {
      expect(
        await c
          .db()
          .collection('s')
          .find({}, { projection: { _id: 0 } })
          .toArray(),
      ).toEqual([{ k: 1 }]);
    });
  });

  it('compacts the journal into a snapshot without losing data', async () => {
    const dir = tempDir();
    await withStore(
      dir,
      async (c) => {
        const col = c.db().collection('s');
        await col.createIndex({ k: 1 }, { unique: true });
        for (let i = 0; i < 60; i++) await col.updateOne({ k: i % 5 }, { $set: { v: i } }, { upsert: true });
        await col.deleteOne({ k: 4 });
      },
      2_000,
    );
    expect(statSync(join(dir, 'snapshot.bin')).size).toBeGreaterThan(0);
    expect(statSync(join(dir, 'journal.log')).size).toBeLessThan(2_000);
    expect(existsSync(join(dir, 'snapshot.bin.tmp'))).toBe(false);
    await withStore(dir, async (c) => {
      const col = c.db().collection('s');
      expect(
        await col
          .find({}, { projection: { _id: 0 } })
          .sort({ k: 1 })
          .toArray(),
      ).toEqual([0, 1, 2, 3].map((k) => ({ k, v: 55 + k })));
      await expect(col.insertOne({ k: 0 })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it("reports its journal's figures in serverStatus, as a client reads them", async () => {
    const dir = tempDir();
    await withStore(
      dir,
      async (c) => {
        const status = () => c.db('admin').command({ serverStatus: 1 });
        const journal = async () => (await status()).embeddedJournal as Record<string, unknown>;
        expect(await journal()).toMatchObject({ appendedBytes: 0, compactions: 0 });
        await c
          .db()
          .collection('s')
          .insertMany(Array.from({ length: 20 }, (_, i) => ({ i, v: 'x'.repeat(200) })));
        const afterInsert = await journal();
        expect(afterInsert.appendedBytes).toBe(statSync(join(dir, 'journal.log')).size);
        expect(afterInsert.appendedBytes).toBeGreaterThan(20 * 200);
        // Past the threshold: compacted at the next quiet moment.
        await c
          .db()
          .collection('s')
          .insertOne({ v: 'y'.repeat(20_000) });
        await vi.waitFor(async () => expect((await journal()).compactions).toBe(1), { timeout: 5_000 });
        expect((await journal()).lastCompaction).toMatchObject({
          snapshotBytes: statSync(join(dir, 'snapshot.bin')).size,
        });
      },
      20_000,
    );
    const inMemory = await startEmbeddedStore();
    const client = await MongoClient.connect(`${inMemory.uri}/d`);
    try {
      const status = () => client.db('admin').command({ serverStatus: 1 });
      expect((await status()).embeddedJournal).toBeUndefined();
      // Each command counted under mongod's name for it (metrics.commands), its failures too.
      const before = (await status()).metrics.commands as Record<string, { total: number; failed: number }>;
      const col = client.db().collection('counted');
      await col.insertMany([{ a: 1 }, { a: 2 }]);
      await col.find({ a: 1 }).toArray();
      await col.findOneAndUpdate({ a: 2 }, { $set: { b: 1 } });
      await expect(client.db().collection('bad$name').find({}).toArray()).rejects.toThrow();
      const after = (await status()).metrics.commands as Record<string, { total: number; failed: number }>;
      const delta = (name: string) => ({
        total: (after[name]?.total ?? 0) - (before[name]?.total ?? 0),
        failed: (after[name]?.failed ?? 0) - (before[name]?.failed ?? 0),
      });
      expect(delta('insert')).toEqual({ total: 1, failed: 0 });
      expect(delta('find')).toEqual({ total: 2, failed: 1 });
      expect(delta('findAndModify')).toEqual({ total: 1, failed: 0 });
    } finally {
      await client.close();
      await inMemory.close();
    }
  });

  it('keeps every change made while it compacts in the background, with its unique index', async () => {
    const dir = tempDir();
    // 4 MB of documents and a compaction every 1 MB of journal: each snapshot takes several slices,
    // and the writers below change, delete and insert documents while it is written. Keys freed
    // by one document are taken by another, so a snapshot that mixed two moments, or a replay that
    // confused them, would leave a key twice or an index that no longer refuses a duplicate.
    const DOCS = 4_000;
    const pad = 'x'.repeat(1_000);
    const expected = new Map<number, { k: number; v: number }>();
    let compactedWhileWriting = false;
    await withStore(
      dir,
      async (c) => {
        const col = c.db().collection<{ _id: number; k: number; v: number; pad: string }>('s');
        await col.createIndex({ k: 1 }, { unique: true });
        await col.insertMany(Array.from({ length: DOCS }, (_, i) => ({ _id: i, k: i, v: 0, pad })));
        for (let i = 0; i < DOCS; i++) expected.set(i, { k: i, v: 0 });
        let nextKey = DOCS;
        await Promise.all(
          Array.from({ length: 20 }, async (_, writer) => {
            const freed: number[] = [];
            for (let step = 1; step <= 150; step++) {
              const id = writer + 20 * ((step * 7919) % (DOCS / 20));
              const current = expected.get(id);
              if (current && step % 5 === 0) {
                await col.deleteOne({ _id: id });
                expected.delete(id);
                freed.push(current.k);
              } else if (current) {
                const k = nextKey++;
                await col.updateOne({ _id: id }, { $set: { k, v: step } });
                expected.set(id, { k, v: step });
                freed.push(current.k);
              } else {
                const k = freed.shift() ?? nextKey++;
                await col.insertOne({ _id: id, k, v: step, pad });
                expected.set(id, { k, v: step });
              }
              if (readdirSync(dir).some((f) => /^journal\.\d+\.log$/.test(f))) compactedWhileWriting = true;
            }
          }),
        );
      },
      1024 * 1024,
    );
    expect(compactedWhileWriting, 'a write was acknowledged while a compaction was under way').toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.bin']);
    await withStore(dir, async (c) => {
      const col = c.db().collection<{ _id: number; k: number; v: number }>('s');
      const stored = await col.find({}, { projection: { pad: 0 } }).toArray();
      expect(new Map(stored.map((d) => [d._id, { k: d.k, v: d.v }]))).toEqual(expected);
      for (const { k } of expected.values())
        await expect(col.insertOne({ _id: -1 - k, k, v: -1 })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it('refuses a second store on a data directory that is in use, and releases it on close', async () => {
    const dir = tempDir();
    const first = await startEmbeddedStore({ dbPath: dir });
    await expect(startEmbeddedStore({ dbPath: dir })).rejects.toThrow(/already open|in use/);
    await first.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
    const second = await startEmbeddedStore({ dbPath: dir });
    await second.close();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = tempDir();
    // 2^22 + 1 is above Linux's largest possible pid_max, so no process has this pid.
    writeFileSync(join(dir, 'LOCK'), String(4_194_305));
    const store = await startEmbeddedStore({ dbPath: dir });
    await store.close();
  });

  it('flushes writes acknowledged just before close', async () => {
    const dir = tempDir();
    const store = await startEmbeddedStore({ dbPath: dir });
    const client = await MongoClient.connect(`${store.uri}/d`);
    await Promise.all(Array.from({ length: 50 }, (_, i) => client.db().collection('burst').insertOne({ i })));
    await client.close();
    await store.close();
    await withStore(dir, async (c) => {
      expect(await c.db().collection('burst').countDocuments()).toBe(50);
    });
  });
});
