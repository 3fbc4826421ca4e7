import { MongoClient, type ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { startEmbeddedStore } from 'embedded-mongo';
import { mountSmallDisk, smallDiskUnavailable } from './support/tmpfs.ts';

const unavailable = smallDiskUnavailable();
if (unavailable) console.warn(`store-full-disk: skipped, ${unavailable}`);

describe.skipIf(unavailable !== undefined)('embedded store on a disk that fills up (tmpfs)', () => {
  it('refuses the write it cannot journal, leaves memory untouched, refuses every later write, and comes back with exactly what it acknowledged', async () => {
    const disk = mountSmallDisk(384);
    if ('notPermitted' in disk) throw new Error(disk.notPermitted);
    try {
      const acknowledged = new Set<string>();
      const refused = new Set<string>();
      const store = await startEmbeddedStore({ dbPath: disk.dir });
      const client = await MongoClient.connect(`${store.uri}/d`);
      const col = client.db().collection<{ _id?: ObjectId; n: number; body: string }>('submissions');
      // Bursts of 16 concurrent inserts (group commits of several writers) until the disk is full.
      let n = 0;
      while (refused.size === 0 && n < 2_000) {
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            const doc = { n: n++, body: 'x'.repeat(6_000) };
            try {
              const r = await col.insertOne(doc);
              acknowledged.add(r.insertedId.toHexString());
            } catch {
              refused.add(String(doc.n));
            }
          }),
        );
      }
      expect(refused.size, 'the disk never filled').toBeGreaterThan(0);
      expect(acknowledged.size).toBeGreaterThan(10);
      // Memory untouched: what reads return is exactly what was acknowledged.
      const seen = async () =>
        new Set((await col.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id.toHexString()));
      expect(await seen()).toEqual(acknowledged);
      // Every later write is refused too, whatever the command, and changes nothing in memory.
      await expect(col.insertOne({ n: -1, body: 'late' })).rejects.toThrow(/journal/);
      await expect(col.updateMany({}, { $set: { body: 'changed' } })).rejects.toThrow(/journal/);
      await expect(col.deleteMany({})).rejects.toThrow(/journal/);
      await expect(client.db().collection('other').insertOne({ x: 1 })).rejects.toThrow(/journal/);
      expect(await seen()).toEqual(acknowledged);
      expect(await col.countDocuments({ body: 'changed' })).toBe(0);
      expect((await client.db().listCollections().toArray()).map((c) => c.name)).toEqual(['submissions']);
      await client.close();
      await store.close();

      const again = await startEmbeddedStore({ dbPath: disk.dir });
      const reader = await MongoClient.connect(`${again.uri}/d`);
      try {
        const after = new Set(
          (
            await reader
              .db()
              .collection('submissions')
              .find({}, { projection: { _id: 1 } })
              .toArray()
          ).map((d) => d._id.toHexString()),
        );
        expect(after).toEqual(acknowledged);
      } finally {
        await reader.close();
        await again.close();
      }
    } finally {
      disk.unmount();
    }
  });
});
