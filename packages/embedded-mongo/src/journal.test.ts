import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { serialize } from 'bson';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { journaledDocumentSize, rememberEncoding } from './engine/document-size.ts';
import type { CompactionPolicy } from './persistence/compaction-policy.ts';
import { Journal } from './persistence/journal.ts';
import { repairDataDirectory } from './persistence/repair.ts';
import { decodeFrames, encodeRecord, type JournalRecord } from './persistence/records.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const put = (i: number): JournalRecord => ({ t: 'put', db: 'd', c: 'c', doc: { _id: i, v: `value ${i}` } });
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ev-journal-'));
  dirs.push(dir);
  return dir;
};
/** What replaying `records` leaves: the value of each document id (a put's state wins over an earlier one). */
const replayed = (records: JournalRecord[]): Map<unknown, unknown> => {
  const state = new Map<unknown, unknown>();
  for (const r of records) if (r.t === 'put') state.set(r.doc._id, r.doc.v);
  return state;
};
const reopen = async (dir: string): Promise<JournalRecord[]> => {
  const journal = new Journal({ dir, compaction: { minBytes: 1 << 30 }, snapshot: () => [] });
  const records = await journal.open();
  await journal.close();
  return records;
};

describe('journal', () => {
  it('frames records with length and crc32, stopping at a torn or corrupt frame', () => {
    const frames = Buffer.concat([encodeRecord(put(1)), encodeRecord(put(2))]);
    expect(decodeFrames(frames).records).toEqual([put(1), put(2)]);
    const torn = frames.subarray(0, frames.length - 5);
    expect(decodeFrames(torn)).toMatchObject({ records: [put(1)], goodLength: encodeRecord(put(1)).length });
    const corrupt = Buffer.from(frames);
    corrupt[corrupt.length - 2] = (corrupt[corrupt.length - 2] as number) ^ 1;
    expect(decodeFrames(corrupt).records).toEqual([put(1)]);
  });

  it("frames a put from its document's bytes exactly as it frames it by serialising the record", () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
    const document = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.includes('\0')),
      fc.jsonValue({ maxDepth: 3 }),
    );
    fc.assert(
      fc.property(name, name, document, fc.boolean(), (db, c, fields, measured) => {
        const doc = { _id: 1, ...fields };
        const record: JournalRecord = { t: 'put', db, c, doc };
        const serialised = encodeRecord({ ...record });
        // Its bytes as a size check leaves them, or as the wire brought them.
        if (measured) journaledDocumentSize(doc);
        else rememberEncoding(doc, serialize(doc));
        expect(encodeRecord(record)).toEqual(serialised);
        expect(decodeFrames(encodeRecord(record)).records).toEqual([record]);
      }),
      { numRuns: 300 },
    );
  });

  it('group-commits concurrent writers: 200 acknowledged appends, a handful of fdatasyncs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-journal-'));
    dirs.push(dir);
    const journal = new Journal({ dir, compaction: { minBytes: 1 << 30 }, snapshot: () => [] });
    expect(await journal.open()).toEqual([]);
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append([put(i)])));
    expect(journal.syncs).toBeGreaterThan(0);
    expect(journal.syncs).toBeLessThanOrEqual(5);
    await journal.close();
    const reopened = new Journal({ dir, compaction: { minBytes: 1 << 30 }, snapshot: () => [] });
    expect(await reopened.open()).toHaveLength(200);
    await reopened.close();
  });

  it('keeps acknowledging writes while it writes a snapshot, which then covers the journal it set aside', async () => {
    const dir = tempDir();
    const memory = [put(1)];
    // The snapshot is the state when compaction starts, then copies of one record for as long as
    // the write below waits (the same state: a put replayed twice is one put). A compaction that
    // answered nothing while it wrote would read all PADDING of them first.
    const PADDING = 1_000_000;
    let acknowledged = false;
    let padded = 0;
    let crashCopy: string | undefined;
    const journal = new Journal({
      dir,
      compaction: { minBytes: 1 },
      snapshotSliceBytes: 64 * 1024,
      snapshot: () => {
        const state = [...memory];
        return (function* () {
          yield* state;
          for (; padded < PADDING && !acknowledged; padded++) yield put(1);
          // A crash now: the journal is set aside, the snapshot not yet renamed over the old one.
          crashCopy = tempDir();
          cpSync(dir, crashCopy, { recursive: true });
          rmSync(join(crashCopy, 'LOCK'));
        })();
      },
    });
    await journal.open();
    await journal.append([put(1)]);
    // The append above made the journal pass its threshold: compaction has started.
    expect(readdirSync(dir)).toContain('journal.1.log');
    memory.push(put(2));
    await journal.append([put(2)]);
    acknowledged = true;
    expect(padded, 'snapshot records read before the write was acknowledged').toBeLessThan(PADDING);
    await journal.close();

    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.bin']);
    const records = await reopen(dir);
    expect(replayed(records)).toEqual(
      new Map([
        [1, 'value 1'],
        [2, 'value 2'],
      ]),
    );
    // The journal set aside is covered: its put(1) is not replayed again after the snapshot.
    expect(records.at(-1)).toEqual(put(2));
    expect(records.filter((r) => r.t === 'put' && r.doc._id === 2)).toHaveLength(1);

    // The crash mid-snapshot: the old state (none) with the journal set aside and the new one.
    if (!crashCopy) throw new Error('the snapshot was not written');
    expect(readdirSync(crashCopy)).toContain('journal.1.log');
    expect(replayed(await reopen(crashCopy))).toEqual(
      new Map([
        [1, 'value 1'],
        [2, 'value 2'],
      ]),
    );
  });

  it('replays the journals a failed compaction set aside, and the next snapshot covers them all', async () => {
    const dir = tempDir();
    let failing = true;
    let crashCopy: string | undefined;
    const memory: JournalRecord[] = [];
    const journal = new Journal({
      dir,
      compaction: { minBytes: 1 },
      logger: () => undefined,
      snapshot: () => {
        const state = [...memory];
        const fail = failing;
        return (function* () {
          yield* state;
          if (fail) throw new Error('no space left on device (simulated)');
          // A crash between the rename of the finished snapshot and the removal of what it covers.
          crashCopy = tempDir();
          cpSync(dir, crashCopy, { recursive: true });
        })();
      },
    });
    await journal.open();
    memory.push(put(1));
    await journal.append([put(1)]);
    await journal.close();
    expect(readdirSync(dir).sort()).toEqual(['journal.1.log', 'journal.log']);
    expect(replayed(await reopen(dir))).toEqual(new Map([[1, 'value 1']]));

    failing = false;
    await journal.open();
    memory.push(put(2));
    await journal.append([put(2)]);
    await journal.close();
    expect(readdirSync(dir).sort()).toEqual(['journal.log', 'snapshot.bin']);
    expect(await reopen(dir)).toEqual([put(1), put(2)]);

    // The crash copy holds the journals set aside beside the snapshot that covers them (taken
    // before the rename, so the snapshot is put in place as the rename would have).
    if (!crashCopy) throw new Error('the snapshot was not written');
    rmSync(join(crashCopy, 'LOCK'));
    renameSync(join(dir, 'snapshot.bin'), join(crashCopy, 'snapshot.bin'));
    expect(readdirSync(crashCopy)).toEqual(expect.arrayContaining(['journal.1.log', 'journal.2.log']));
    expect(await reopen(crashCopy)).toEqual([put(1), put(2)]);
    expect(existsSync(join(crashCopy, 'journal.1.log')) || existsSync(join(crashCopy, 'journal.2.log'))).toBe(false);
  });

  it('refuses to start on a damaged journal that compaction set aside, naming it, and repair keeps what reads', async () => {
    const dir = tempDir();
    const frames = [put(1), put(2), put(3)].map(encodeRecord);
    const damaged = Buffer.concat(frames);
    const second = (frames[0] as Buffer).length + 12;
    damaged[second] = (damaged[second] as number) ^ 0xff;
    writeFileSync(join(dir, 'journal.1.log'), damaged);
    await expect(reopen(dir)).rejects.toThrow(/journal\.1\.log is corrupt at byte \d+/);
    expect(readdirSync(dir)).toEqual(['journal.1.log']);
    const repaired = await repairDataDirectory(dir);
    expect(repaired).toMatchObject([{ file: join(dir, 'journal.1.log'), records: 2 }]);
    expect(await reopen(dir)).toEqual([put(1), put(3)]);
  });

  it('gives up a snapshot under way when it closes, rather than wait for a large state; nothing is lost', async () => {
    const dir = tempDir();
    const STATE = 1_000_000;
    let read = 0;
    const journal = new Journal({
      dir,
      compaction: { minBytes: 1 },
      snapshotSliceBytes: 64 * 1024,
      logger: () => undefined,
      snapshot: () =>
        (function* () {
          for (; read < STATE; read++) yield put(1);
        })(),
    });
    await journal.open();
    await journal.append([put(1)]);
    await journal.append([put(2)]);
    await journal.close();
    expect(read, 'snapshot records read before the close returned').toBeLessThan(STATE);
    expect(readdirSync(dir).sort()).toEqual(['journal.1.log', 'journal.log']);
    expect(replayed(await reopen(dir))).toEqual(
      new Map([
        [1, 'value 1'],
        [2, 'value 2'],
      ]),
    );
  });

  describe('compaction past its threshold', () => {
    /** A record of about `bytes` bytes. */
    const sized = (i: number, bytes: number): JournalRecord => ({
      t: 'put',
      db: 'd',
      c: 'c',
      doc: { _id: i, v: 'x'.repeat(bytes) },
    });
    const journalBytes = (dir: string) => statSync(join(dir, 'journal.log')).size;
    const compacting = (lines: string[]) => lines.filter((l) => l.startsWith('journal: compacting')).length;
    /**
     * A journal in a fresh directory whose state is `memory` (a store changes its memory before it
     * appends), with its log lines kept.
     */
    const compactingJournal = async (
      options: { compaction: Partial<CompactionPolicy>; snapshotSliceBytes?: number },
      memory: () => Iterable<JournalRecord>,
      dir = tempDir(),
    ) => {
      const lines: string[] = [];
      const journal = new Journal({ dir, ...options, logger: (line) => lines.push(line), snapshot: memory });
      await journal.open();
      /** Changes memory, then appends, as a store's command does. */
      const write = (record: JournalRecord, remember: (r: JournalRecord) => void) => {
        remember(record);
        return journal.append([record]);
      };
      return { dir, lines, journal, write };
    };

    it('waits while records keep coming, and compacts anyway once the journal is twice the threshold', async () => {
      const memory: JournalRecord[] = [];
      // A quiet time far longer than the pauses between appends, even on a busy machine.
      const { dir, journal, write } = await compactingJournal(
        { compaction: { minBytes: 20_000, quietMs: 5_000 } },
        () => [...memory],
      );
      // Compaction sets the journal aside (a rename) before an append's caller runs again.
      const setAside = () => existsSync(join(dir, 'journal.1.log')) || existsSync(join(dir, 'snapshot.bin'));
      let appended = 0;
      let sizeAtCompaction: number | undefined;
      for (let i = 0; sizeAtCompaction === undefined && i < 100; i++) {
        await write(sized(i, 1_000), (r) => memory.push(r));
        appended += encodeRecord(sized(i, 1_000)).length;
        if (setAside()) sizeAtCompaction = appended;
        await sleep(2);
      }
      expect(sizeAtCompaction, 'the journal size that started the compaction').toBeGreaterThan(40_000);
      expect(sizeAtCompaction).toBeLessThan(42_000);
      await journal.close();
      expect(replayed(await reopen(dir)).size).toBe(memory.length);
    });

    it('compacts once nothing has been written for its quiet time', async () => {
      const memory: JournalRecord[] = [];
      const { dir, lines, journal, write } = await compactingJournal(
        { compaction: { minBytes: 20_000, quietMs: 50 } },
        () => [...memory],
      );
      for (let i = 0; i < 25; i++) await write(sized(i, 1_000), (r) => memory.push(r));
      expect(journalBytes(dir)).toBeGreaterThan(20_000);
      expect(compacting(lines), 'compacted without waiting for a quiet moment').toBe(0);
      const files = () => readdirSync(dir).filter((f) => f !== 'LOCK');
      await vi.waitFor(() => expect(files().sort()).toEqual(['journal.log', 'snapshot.bin']), { timeout: 5_000 });
      expect(compacting(lines)).toBe(1);
      // Written after the compaction: kept in the fresh journal.
      await write(sized(99, 10), (r) => memory.push(r));
      await journal.close();
      expect(replayed(await reopen(dir)).size).toBe(26);
    });

    it('a crash while a compaction started in a quiet moment writes its snapshot loses nothing acknowledged', async () => {
      const memory: JournalRecord[] = [];
      let crashCopy: string | undefined;
      const { dir, lines, journal, write } = await compactingJournal(
        { compaction: { minBytes: 8_000, quietMs: 20 }, snapshotSliceBytes: 1_024 },
        () => {
          const state = [...memory];
          return (function* () {
            for (const [i, record] of state.entries()) {
              // Half-way through the snapshot: the journal set aside, the snapshot not yet in place.
              if (i === Math.floor(state.length / 2) && !crashCopy) {
                crashCopy = tempDir();
                cpSync(dir, crashCopy, { recursive: true });
                rmSync(join(crashCopy, 'LOCK'));
              }
              yield record;
            }
          })();
        },
      );
      for (let i = 0; i < 10; i++) await write(sized(i, 1_000), (r) => memory.push(r));
      expect(compacting(lines), 'past the threshold, below twice it: waits for a quiet moment').toBe(0);
      await vi.waitFor(() => expect(crashCopy).toBeDefined(), { timeout: 5_000 });
      // Acknowledged while the snapshot is being written: in the fresh journal.
      await write(sized(10, 1_000), (r) => memory.push(r));
      await journal.close();
      if (!crashCopy) throw new Error('the snapshot was not written');
      expect(readdirSync(crashCopy)).toContain('journal.1.log');
      const beforeCrash = replayed(await reopen(crashCopy));
      expect(beforeCrash).toEqual(replayed(memory.slice(0, 10)));
      expect(replayed(await reopen(dir))).toEqual(replayed(memory));
    });

    it('counts the bytes it made durable, and what each compaction covered and cost', async () => {
      const memory: JournalRecord[] = [];
      const { dir, journal, write } = await compactingJournal({ compaction: { minBytes: 20_000, quietMs: 50 } }, () => [
        ...memory,
      ]);
      for (let i = 0; i < 25; i++) await write(sized(i, 1_000), (r) => memory.push(r));
      const before = journal.stats();
      expect(before.appendedBytes).toBe(journalBytes(dir));
      expect(before).toMatchObject({
        journalBytes: journalBytes(dir),
        compactions: 0,
        compacting: false,
        compactionWorkMs: 0,
      });
      expect(before.lastCompaction).toBeUndefined();

      await vi.waitFor(() => expect(journal.stats().compactions).toBe(1), { timeout: 5_000 });
      const after = journal.stats();
      const snapshotBytes = statSync(join(dir, 'snapshot.bin')).size;
      expect(after.lastCompaction).toMatchObject({ journalBytes: before.journalBytes, snapshotBytes });
      expect(after.snapshotBytes).toBe(snapshotBytes);
      const last = after.lastCompaction;
      if (!last) throw new Error('no compaction reported');
      expect(last.workMs).toBeGreaterThan(0);
      expect(last.workMs, 'its work is part of its time from start to end').toBeLessThanOrEqual(last.ms);
      expect(after.compactionWorkMs).toBe(last.workMs);
      expect(after.journalBytes).toBe(0);
      expect(after.compacting).toBe(false);

      // A write after it: in the fresh journal, and counted on top of what came before.
      const record = sized(99, 10);
      await write(record, (r) => memory.push(r));
      expect(journal.stats()).toMatchObject({
        journalBytes: encodeRecord(record).length,
        appendedBytes: before.appendedBytes + encodeRecord(record).length,
      });
      await journal.close();
    });

    it('lets the journal grow to half the last snapshot before compacting again', async () => {
      // A state of about 100 kB: after its snapshot, the journal may grow to about 50 kB.
      const state = Array.from({ length: 100 }, (_, i) => sized(i, 1_000));
      const options = { compaction: { minBytes: 5_000, quietMs: 0 } };
      const { dir, lines, journal } = await compactingJournal(options, () => [...state]);
      await journal.append([sized(0, 6_000)]);
      await vi.waitFor(() => expect(readdirSync(dir)).not.toContain('journal.1.log'));
      expect(compacting(lines)).toBe(1);
      const snapshotBytes = statSync(join(dir, 'snapshot.bin')).size;
      expect(snapshotBytes).toBeGreaterThan(100_000);
      for (let i = 0; journalBytes(dir) < snapshotBytes / 2 - 2_000; i++) await journal.append([sized(i, 1_000)]);
      await sleep(50);
      expect(compacting(lines), 'compacted again below half the snapshot').toBe(1);
      await journal.append([sized(0, 3_000)]);
      await vi.waitFor(() => expect(compacting(lines)).toBe(2));
      await journal.close();

      // The snapshot's size is read again at the next start.
      const reopened = await compactingJournal(options, () => [...state], dir);
      await reopened.journal.append([sized(0, 6_000)]);
      await sleep(50);
      expect(compacting(reopened.lines), 'compacted below half the snapshot after a restart').toBe(0);
      await reopened.journal.close();
    });

    it('keeps every acknowledged write when compactions start in the pauses between bursts of writes', async () => {
      // The state, as the store keeps it: the latest value of each id.
      const memory = new Map<number, JournalRecord>();
      const { dir, lines, journal, write } = await compactingJournal(
        { compaction: { minBytes: 3_000, quietMs: 4 }, snapshotSliceBytes: 512 },
        () => [...memory.values()],
      );
      const acknowledged = new Map<number, unknown>();
      let n = 0;
      for (let burst = 0; burst < 150; burst++) {
        // Writers that overlap, as a store's connections do; then a pause around the quiet time,
        // so compactions start before, during and after the next burst's first writes.
        await Promise.all(
          Array.from({ length: 1 + (burst % 7) }, async (_, w) => {
            const id = (burst * 3 + w) % 40;
            const record = sized(id, 100 + ((n++ * 37) % 400));
            await write(record, (r) => memory.set(id, r));
            if (record.t === 'put') acknowledged.set(id, record.doc.v);
          }),
        );
        await sleep(burst % 3 === 0 ? 1 : 3 + (burst % 5));
      }
      await journal.close();
      expect(compacting(lines), 'compactions started in the pauses').toBeGreaterThan(3);
      expect(replayed(await reopen(dir))).toEqual(acknowledged);
    });
  });
});
