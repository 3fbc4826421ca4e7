import { createRequire } from 'node:module';
import mongoose9 from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeTargets, type TestDatabase } from 'embedded-mongo/testing';

// The same cases through mongoose 9 (the app, mongodb 7 driver) and through the mongoose 7 that
// ltijs bundles (mongodb 5 driver): both driver generations must work against the store.
const require = createRequire(import.meta.url);
// ltijs' nested copy is CommonJS without type declarations here; its API for these calls is the
// same as mongoose 9's, so it is typed as such.
const mongoose7 = require('ltijs/node_modules/mongoose') as typeof mongoose9;

const generations = [
  ['mongoose 9 (mongodb 7 driver)', mongoose9],
  ['ltijs mongoose 7 (mongodb 5 driver)', mongoose7],
] as const;

let mongo: TestDatabase;

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('both mongoose generations'), () => {
    beforeAll(async () => {
      mongo = await target.open();
    });
    afterAll(async () => {
      await mongo.close();
    });

    describe.each(generations)('%s', (label, m) => {
      let conn: mongoose9.Connection;
      beforeAll(async () => {
        conn = await m
          .createConnection(mongo.uri.replace(/\/([^/?]+)(\?|$)/, `/$1_${label.split(' ')[1]}$2`))
          .asPromise();
      });
      afterAll(async () => {
        await conn.dropDatabase().catch(() => undefined);
        await conn.close();
      });

      const submissionSchema = () => {
        const schema = new m.Schema({
          attemptId: { type: m.Schema.Types.ObjectId, required: true },
          idempotencyKey: { type: String, required: true },
          score: Number,
          parts: [{ key: String, raw: String, _id: false }],
          submittedAt: { type: Date, default: () => new Date() },
        });
        schema.index({ attemptId: 1, idempotencyKey: 1 }, { unique: true });
        return schema;
      };

      it('connects, builds indexes, and enforces the compound unique index with E11000', async () => {
        const Submission = conn.model('Submission', submissionSchema());
        await Submission.init();
        const attemptId = new m.Types.ObjectId();
        const created = await Submission.create({
          attemptId,
          idempotencyKey: 'k1',
          score: 1,
          parts: [{ key: 'a', raw: '[1,2]' }],
        });
        expect(created._id).toBeDefined();
        const error = await Submission.create({ attemptId, idempotencyKey: 'k1', score: 2 }).catch((e: unknown) => e);
        expect(error).toMatchObject({
          name: 'MongoServerError',
          code: 11000,
          keyValue: { attemptId, idempotencyKey: 'k1' },
        });
        await Submission.create({ attemptId, idempotencyKey: 'k2', score: 3 });
        const found = await Submission.find({ attemptId })
          .sort({ idempotencyKey: -1 })
          .select({ idempotencyKey: 1, _id: 0 })
          .lean();
        expect(found).toEqual([{ idempotencyKey: 'k2' }, { idempotencyKey: 'k1' }]);
        const byId = await Submission.findById(created._id).lean();
        expect(byId?.parts).toEqual([{ key: 'a', raw: '[1,2]' }]);
        expect(await Submission.countDocuments({ attemptId })).toBe(2);
        expect((await Submission.distinct('idempotencyKey', { attemptId })).sort()).toEqual(['k1', 'k2']);
        const indexes = await Submission.listIndexes();
        expect(indexes.find((i) => i.name === 'attemptId_1_idempotencyKey_1')?.unique).toBe(true);
      });

      it('findOneAndUpdate upserts with $setOnInsert and returns the new document', async () => {
        const Counter = conn.model(
          'Counter',
          new m.Schema({ name: { type: String, unique: true }, n: Number, createdBy: String }),
        );
        await Counter.init();
        const first = await Counter.findOneAndUpdate(
          { name: 'c' },
          { $inc: { n: 1 }, $setOnInsert: { createdBy: 'test' } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        expect(first).toMatchObject({ name: 'c', n: 1, createdBy: 'test' });
        const second = await Counter.findOneAndUpdate(
          { name: 'c' },
          { $inc: { n: 1 }, $setOnInsert: { createdBy: 'other' } },
          { upsert: true, returnDocument: 'after' },
        ).lean();
        expect(second).toMatchObject({ name: 'c', n: 2, createdBy: 'test' });
        const before = await Counter.findOneAndUpdate({ name: 'c' }, { $set: { n: 10 } }).lean();
        expect(before?.n).toBe(2);
        const result = await Counter.updateOne({ name: 'c' }, { $set: { n: 10 } });
        expect([result.matchedCount, result.modifiedCount]).toEqual([1, 0]);
        expect((await Counter.updateMany({}, { $inc: { n: 5 } })).modifiedCount).toBe(1);
        expect((await Counter.deleteOne({ name: 'c' })).deletedCount).toBe(1);
        expect(await Counter.findOneAndDelete({ name: 'c' })).toBeNull();
      });

      it('reports unordered insertMany duplicates and aggregates', async () => {
        const Item = conn.model(
          'Item',
          new m.Schema({ sku: { type: String, unique: true }, group: String, qty: Number }),
        );
        await Item.init();
        const error = await Item.insertMany(
          [
            { sku: 'a', group: 'g1', qty: 1 },
            { sku: 'a', group: 'g1', qty: 2 },
            { sku: 'b', group: 'g2', qty: 5 },
          ],
          { ordered: false },
        ).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 11000 });
        expect(await Item.countDocuments()).toBe(2);
        const totals = await Item.aggregate<{ _id: string; total: number }>([
          { $group: { _id: '$group', total: { $sum: '$qty' } } },
          { $sort: { _id: 1 } },
        ]);
        expect(totals).toEqual([
          { _id: 'g1', total: 1 },
          { _id: 'g2', total: 5 },
        ]);
      });

      it('streams a cursor across several getMore batches', async () => {
        const Row = conn.model('Row', new m.Schema({ i: Number }));
        await Row.insertMany(Array.from({ length: 45 }, (_, i) => ({ i })));
        const seen: number[] = [];
        for await (const row of Row.find().sort({ i: 1 }).batchSize(10).cursor()) seen.push(row.i as number);
        expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => i));
      });

      it('creates TTL indexes from `expires`', async () => {
        const Nonce = conn.model(
          'Nonce',
          new m.Schema({ nonce: String, createdAt: { type: Date, expires: 600, default: () => new Date() } }),
        );
        await Nonce.init();
        await Nonce.create({ nonce: 'n' });
        const ttl = (await Nonce.listIndexes()).find((i) => i.expireAfterSeconds !== undefined);
        expect(ttl).toMatchObject({ key: { createdAt: 1 }, expireAfterSeconds: 600 });
      });
    });
  });
}
