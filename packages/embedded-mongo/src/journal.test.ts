import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from './persistence/journal.ts';
import { decodeFrames, encodeRecord, type JournalRecord } from './persistence/records.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const put = (i: number): JournalRecord => ({ t: 'put', db: 'd', c: 'c', doc: { _id: i, v: `value ${i}` } });

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

  it('group-commits concurrent writers: 200 acknowledged appends, a handful of fdatasyncs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ev-journal-'));
    dirs.push(dir);
    const journal = new Journal({ dir, compactBytes: 1 << 30, snapshot: () => [] });
    expect(await journal.open()).toEqual([]);
    await Promise.all(Array.from({ length: 200 }, (_, i) => journal.append([put(i)])));
    expect(journal.syncs).toBeGreaterThan(0);
    expect(journal.syncs).toBeLessThanOrEqual(5);
    await journal.close();
    const reopened = new Journal({ dir, compactBytes: 1 << 30, snapshot: () => [] });
    expect(await reopened.open()).toHaveLength(200);
    await reopened.close();
  });
});
