import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../src/store/embedded/index.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'ev-store-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function withStore<T>(dbPath: string, fn: (client: MongoClient) => Promise<T>, compactBytes?: number): Promise<T> {
  const store = await startEmbeddedStore({ dbPath, ...(compactBytes ? { compactBytes } : {}) });
  const client = await MongoClient.connect(`${store.uri}/d`);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await store.close();
  }
}

describe('durable embedded store', () => {
  it('keeps data, indexes and deletions across a restart', async () => {
    const dir = tempDir();
    await withStore(dir, async (c) => {
      const col = c.db().collection('s');
      await col.createIndex({ k: 1 }, { unique: true });
      await col.insertMany([{ k: 1 }, { k: 2 }, { k: 3 }]);
      await col.deleteOne({ k: 2 });
      await col.updateOne({ k: 3 }, { $set: { v: 'kept' } });
    });
    await withStore(dir, async (c) => {
      const col = c.db().collection('s');
      expect((await col.find({}, { projection: { _id: 0 } }).sort({ k: 1 }).toArray())).toEqual([{ k: 1 }, { k: 3, v: 'kept' }]);
      await expect(col.insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it('replays a journal with a torn last record up to the last complete one', async () => {
    const dir = tempDir();
    await withStore(dir, async (c) => {
      await c.db().collection('s').insertMany([{ k: 1 }, { k: 2 }]);
    });
    // A crash mid-write leaves half a frame at the end.
    appendFileSync(join(dir, 'journal.log'), Buffer.from([0x40, 0, 0, 0, 1, 2, 3]));
    await withStore(dir, async (c) => {
      expect(await c.db().collection('s').countDocuments()).toBe(2);
      await c.db().collection('s').insertOne({ k: 3 });
    });
    await withStore(dir, async (c) => {
      expect(await c.db().collection('s').countDocuments()).toBe(3);
    });
  });

  it('compacts the journal into a snapshot without losing data', async () => {
    const dir = tempDir();
    await withStore(
      dir,
      async (c) => {
        const col = c.db().collection('s');
        for (let i = 0; i < 50; i++) await col.updateOne({ k: i % 5 }, { $set: { v: i } }, { upsert: true });
      },
      2_000,
    );
    expect(statSync(join(dir, 'snapshot.bin')).size).toBeGreaterThan(0);
    expect(statSync(join(dir, 'journal.log')).size).toBeLessThan(2_000);
    await withStore(dir, async (c) => {
      const docs = await c.db().collection('s').find({}, { projection: { _id: 0 } }).sort({ k: 1 }).toArray();
      expect(docs).toEqual([0, 1, 2, 3, 4].map((k) => ({ k, v: 45 + k })));
    });
  });

  it('keeps every acknowledged submission when the writer is killed with SIGKILL mid-burst (5 rounds)', async () => {
    const dir = tempDir();
    const fixture = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
    const acknowledged = new Map<string, Record<string, unknown>>();
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir, String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buffer = '';
      let acks = 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('crash writer produced too few acknowledgements')), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (!line.startsWith('ACK ')) continue;
            const [, id, json] = /^ACK (\S+) (.*)$/.exec(line) ?? [];
            if (id && json) acknowledged.set(id, JSON.parse(json) as Record<string, unknown>);
            if (++acks === 300 + round * 50) {
              child.kill('SIGKILL');
              clearTimeout(timer);
              resolve();
            }
          }
        });
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
      expect(acks).toBeGreaterThanOrEqual(300);
      const store = await startEmbeddedStore({ dbPath: dir });
      const client = await MongoClient.connect(`${store.uri}/crash`);
      try {
        const col = client.db().collection('submissions');
        const stored = new Map((await col.find({}).toArray()).map((d) => [(d._id as ObjectId).toHexString(), d]));
        for (const [id, doc] of acknowledged) {
          expect(stored.get(id), `acknowledged submission ${id} is missing after the crash`).toMatchObject(doc);
        }
      } finally {
        await client.close();
        await store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(1500);
  }, 120_000);
});
