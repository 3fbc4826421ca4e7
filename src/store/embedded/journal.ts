import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { deserialize, serialize, type Document } from 'bson';

/** One change to the data, as written to disk: the resulting state, never the command. */
export type JournalRecord =
  | { t: 'put'; db: string; c: string; doc: Document }
  | { t: 'del'; db: string; c: string; id: unknown }
  | { t: 'create'; db: string; c: string }
  | { t: 'idx'; db: string; c: string; spec: Document }
  | { t: 'dropIdx'; db: string; c: string; name: string }
  | { t: 'dropColl'; db: string; c: string }
  | { t: 'dropDb'; db: string };

const FRAME_HEADER = 8;

export function encodeRecord(record: JournalRecord): Buffer {
  const body = Buffer.from(serialize(record as unknown as Document));
  const frame = Buffer.allocUnsafe(FRAME_HEADER + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  body.copy(frame, FRAME_HEADER);
  return frame;
}

/** Reads frames until the end or the first torn/corrupt one; returns the records and the good length. */
export function decodeFrames(buf: Buffer): { records: JournalRecord[]; goodLength: number } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + FRAME_HEADER <= buf.length) {
    const length = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    const end = offset + FRAME_HEADER + length;
    if (end > buf.length) break;
    const body = buf.subarray(offset + FRAME_HEADER, end);
    if (crc32(body) !== sum) break;
    records.push(deserialize(body, { promoteValues: true, bsonRegExp: true }) as unknown as JournalRecord);
    offset = end;
  }
  return { records, goodLength: offset };
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Append-only journal with group commit: writers that arrive while a flush is in progress share
 * the next write + fdatasync, so 50 concurrent writers cost a few syncs, not 50. A write is
 * acknowledged only after its sync. Past a size threshold the state is compacted into a snapshot.
 */
export class Journal {
  private handle: FileHandle | undefined;
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private size = 0;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly lockPath: string;

  constructor(
    private readonly dir: string,
    private readonly compactBytes: number,
    private readonly snapshot: () => Iterable<JournalRecord>,
  ) {
    this.journalPath = join(dir, 'journal.log');
    this.snapshotPath = join(dir, 'snapshot.bin');
    this.lockPath = join(dir, 'LOCK');
  }

  /** Takes the directory lock and returns every record to replay (snapshot first, then journal). */
  async open(): Promise<JournalRecord[]> {
    mkdirSync(this.dir, { recursive: true });
    this.lock();
    const records: JournalRecord[] = [];
    if (existsSync(this.snapshotPath)) records.push(...decodeFrames(readFileSync(this.snapshotPath)).records);
    let goodLength = 0;
    if (existsSync(this.journalPath)) {
      const decoded = decodeFrames(readFileSync(this.journalPath));
      records.push(...decoded.records);
      goodLength = decoded.goodLength;
    }
    this.handle = await open(this.journalPath, 'a+');
    // A torn last record (crash mid-write) was never acknowledged: cut it off.
    await this.handle.truncate(goodLength);
    this.size = goodLength;
    return records;
  }

  append(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) this.pending.push(encodeRecord(r));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = Buffer.concat(this.pending);
        const waiters = this.waiters;
        this.pending = [];
        this.waiters = [];
        try {
          const handle = this.requireHandle();
          await handle.write(batch, 0, batch.length, null);
          await handle.datasync();
          this.size += batch.length;
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
        if (this.size > this.compactBytes) await this.compact();
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Writes the whole state as a snapshot (temp file, fsync, rename, fsync dir) and empties the journal. */
  private async compact(): Promise<void> {
    const frames: Buffer[] = [];
    for (const record of this.snapshot()) frames.push(encodeRecord(record));
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, Buffer.concat(frames));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.snapshotPath);
    syncDirectory(this.dir);
    const handle = this.requireHandle();
    await handle.truncate(0);
    await handle.datasync();
    this.size = 0;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
    try {
      unlinkSync(this.lockPath);
    } catch {
      // Already gone: nothing to release.
    }
  }

  private requireHandle(): FileHandle {
    if (!this.handle) throw new Error('journal is closed');
    return this.handle;
  }

  /** One process per data directory: a second one would interleave journals and lose data. */
  private lock(): void {
    try {
      writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
    } catch {
      const holder = Number(readFileSync(this.lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new Error(`the data directory ${this.dir} is in use by process ${holder}`);
      }
      // A stale lock from a killed process: take it over.
      writeFileSync(this.lockPath, String(process.pid));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
