import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore } from 'embedded-mongo';
import { encodeRecord } from 'embedded-mongo/records';
import { STORE_COMMAND } from '../../src/store/store-command.ts';
import { runCli } from '../cli/run-cli.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A store directory whose journal holds 30 submissions, one insert (one frame) each. */
async function journalOf30(): Promise<{ dir: string; frameStarts: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ev-corrupt-'));
  dirs.push(dir);
  const store = await startEmbeddedStore({ dbPath: dir });
  const client = await MongoClient.connect(`${store.uri}/d`);
  for (let n = 0; n < 30; n++)
    await client
      .db()
      .collection('submissions')
      .insertOne({ _id: n as never, answer: `answer ${n}` });
  await client.close();
  await store.close();
  // Frame boundaries, read from the file's own length prefixes.
  const buf = readFileSync(join(dir, 'journal.log'));
  const frameStarts: number[] = [];
  for (let at = 0; at < buf.length; at += 8 + buf.readUInt32LE(at)) frameStarts.push(at);
  return { dir, frameStarts };
}

const ids = async (uri: string): Promise<number[]> => {
  const client = await MongoClient.connect(`${uri}/d`);
  try {
    return (await client.db().collection('submissions').find({}).sort({ _id: 1 }).toArray()).map(
      (d) => d._id as unknown as number,
    );
  } finally {
    await client.close();
  }
};

describe('a corrupt journal (one flipped byte in the middle)', () => {
  it('refuses to start with one line naming the offset and store repair, changing nothing; repair keeps every readable record and the damaged original', async () => {
    const { dir, frameStarts } = await journalOf30();
    const journal = join(dir, 'journal.log');
    const original = readFileSync(journal);
    // The frames are: create collection, then one per insert. Damage the 10th submission's body.
    const damaged = frameStarts[10] as number;
    const bytes = Buffer.from(original);
    bytes[damaged + 20] = (bytes[damaged + 20] as number) ^ 0x5a;
    writeFileSync(journal, bytes);

    // As the app starts it (connection.ts): the refusal names the app's own repair command.
    const refusal = await startEmbeddedStore({ dbPath: dir, repairCommand: `${STORE_COMMAND} repair` }).then(
      (s) => s.close().then(() => 'started'),
      (error: unknown) => (error as Error).message,
    );
    expect(refusal).toContain(`corrupt at byte ${damaged}`);
    expect(refusal).toContain(`exam-variants store repair --dbpath ${dir}`);
    expect(refusal).not.toContain('\n');
    // Nothing was cut: every later record is still on disk.
    expect(readFileSync(journal).equals(bytes)).toBe(true);

    // The same refusal from the command line: one line, exit 1, no stack trace.
    const cli = runCli(['store', '--port', '0', '--dbpath', dir]);
    expect(cli.status).toBe(1);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toContain(`corrupt at byte ${damaged}`);

    const repair = runCli(['store', 'repair', '--dbpath', dir]);
    expect(repair.status, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(/kept 30 records/);
    const kept = readdirSync(dir).find((f) => f.startsWith('journal.log.damaged-'));
    expect(kept).toBeDefined();
    expect(readFileSync(join(dir, kept as string)).equals(bytes)).toBe(true);

    const store = await startEmbeddedStore({ dbPath: dir });
    try {
      // 30 frames of 31 survive: all submissions but the damaged one (the 10th insert, _id 9).
      expect(await ids(store.uri)).toEqual(Array.from({ length: 30 }, (_, n) => n).filter((n) => n !== 9));
    } finally {
      await store.close();
    }
  });

  it('still cuts a torn tail (a crash mid-append: nothing valid after it) and starts', async () => {
    const { dir } = await journalOf30();
    const journal = join(dir, 'journal.log');
    const half = encodeRecord({ t: 'put', db: 'd', c: 'submissions', doc: { _id: 99, answer: 'never acknowledged' } });
    writeFileSync(journal, Buffer.concat([readFileSync(journal), half.subarray(0, half.length - 7)]));
    const store = await startEmbeddedStore({ dbPath: dir });
    try {
      expect(await ids(store.uri)).toEqual(Array.from({ length: 30 }, (_, n) => n));
    } finally {
      await store.close();
    }
  });

  it('refuses a damaged snapshot too (written whole by rename, so any bad frame is damage)', async () => {
    const { dir } = await journalOf30();
    // Compaction: a store with a tiny threshold writes a snapshot at its next write.
    const store = await startEmbeddedStore({ dbPath: dir, compaction: { minBytes: 100 } });
    const client = await MongoClient.connect(`${store.uri}/d`);
    await client
      .db()
      .collection('submissions')
      .insertOne({ _id: 30 as never, answer: 'answer 30' });
    await client.close();
    await store.close();
    const snapshot = join(dir, 'snapshot.bin');
    const bytes = readFileSync(snapshot);
    bytes[200] = (bytes[200] as number) ^ 0xff;
    writeFileSync(snapshot, bytes);
    await expect(startEmbeddedStore({ dbPath: dir })).rejects.toThrow(
      /snapshot\.bin is corrupt at byte \d+.*repair --dbpath/,
    );
    expect(runCli(['store', 'repair', '--dbpath', dir]).status).toBe(0);
    const repaired = await startEmbeddedStore({ dbPath: dir });
    try {
      expect((await ids(repaired.uri)).length).toBe(30);
    } finally {
      await repaired.close();
    }
  });
});
