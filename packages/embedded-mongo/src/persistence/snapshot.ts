import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { JournalCorruptError } from './journal-corrupt-error.ts';
import { decodeFrames, encodeRecord, type FrameRecord, type JournalRecord } from './records.ts';

/**
 * How much of the state is encoded at a time. The store answers commands between slices, so this
 * bounds how long a compaction holds it up (a few milliseconds per MiB), not how long it takes.
 */
export const SNAPSHOT_SLICE_BYTES = 1024 * 1024;

/**
 * Replaces the file at `path` atomically with `records` as frames: a temp file written slice by
 * slice (other work runs while each slice is written), fsync'ed, renamed over the old one, and the
 * directory fsync'ed so the rename itself survives a power cut. A crash at any point leaves either
 * the old file or the new one, never a mix. `records` is read lazily, one slice at a time.
 */
export async function writeSnapshot(
  path: string,
  dir: string,
  records: Iterable<FrameRecord>,
  {
    sliceBytes = SNAPSHOT_SLICE_BYTES,
    stopped = () => false,
    onWork = () => undefined,
  }: {
    sliceBytes?: number;
    /** Asked between slices: true gives up (SnapshotStoppedError), leaving the old file as it was. */
    stopped?: () => boolean;
    /** Told each synchronous run's milliseconds as it ends (see SnapshotWritten.workMs). */
    onWork?: (ms: number) => void;
  } = {},
): Promise<SnapshotWritten> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  let written = 0;
  let workMs = 0;
  let resumedAt = performance.now();
  const worked = () => {
    const ms = performance.now() - resumedAt;
    workMs += ms;
    onWork(ms);
  };
  /** Waits for `io`, counting the synchronous run before it as the snapshot's work. */
  const after = async (io: Promise<void>): Promise<void> => {
    worked();
    await io;
    resumedAt = performance.now();
  };
  try {
    let slice: Buffer[] = [];
    let size = 0;
    for (const record of records) {
      const frame = encodeRecord(record);
      slice.push(frame);
      size += frame.length;
      written += frame.length;
      if (size >= sliceBytes) {
        if (stopped()) throw new SnapshotStoppedError();
        await after(writeAll(handle, Buffer.concat(slice)));
        slice = [];
        size = 0;
      }
    }
    if (slice.length > 0) await after(writeAll(handle, Buffer.concat(slice)));
    else worked();
    await handle.sync();
  } catch (error) {
    await handle.close();
    // A full disk should not stay full of a snapshot that will never be used.
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
  syncDirectory(dir);
  return { bytes: written, workMs };
}

/** A snapshot on disk: its size, and the time its records took to read and encode. */
export interface SnapshotWritten {
  bytes: number;
  /**
   * Milliseconds of the store's thread spent reading the state and encoding it, summed over the
   * slices (the writes and the sync, done off the thread, are not in it).
   */
  workMs: number;
}

/** A snapshot given up on request (the store closing): nothing was replaced. */
export class SnapshotStoppedError extends Error {
  override readonly name = 'SnapshotStoppedError';
  constructor() {
    super('the snapshot was given up before it was complete; the old one stays');
  }
}

/**
 * The records of the snapshot (none if there is none) and the highest rotated journal it covers
 * (0: none). A snapshot is complete by construction (rename), so any bad frame in it is damage:
 * JournalCorruptError (the repair keeps what can be read).
 */
export function readSnapshot(
  path: string,
  dataDir: string,
  repairCommand: string,
): { records: JournalRecord[]; coversUpTo: number } {
  rmSync(`${path}.tmp`, { force: true });
  if (!existsSync(path)) return { records: [], coversUpTo: 0 };
  const records = readWholeFrames(path, dataDir, repairCommand);
  const first = records[0];
  if (first?.t !== 'covers') return { records: records as JournalRecord[], coversUpTo: 0 };
  return { records: records.slice(1) as JournalRecord[], coversUpTo: first.upTo };
}

/**
 * The records of a file that was complete and synced when it was last written (a snapshot, a
 * journal compaction set aside): any bad frame in it is damage, JournalCorruptError.
 */
export function readWholeFrames(path: string, dataDir: string, repairCommand: string): FrameRecord[] {
  const buf = readFileSync(path);
  const { records, goodLength } = decodeFrames(buf);
  if (goodLength < buf.length) throw new JournalCorruptError(path, goodLength, dataDir, repairCommand);
  return records;
}

/** Writes all of `buf` at the file's position (a write may take fewer bytes than given). */
export async function writeAll(handle: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) offset += (await handle.write(buf, offset, buf.length - offset, null)).bytesWritten;
}

export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
