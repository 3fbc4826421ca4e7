import { existsSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock } from './lock.ts';
import { DEFAULT_REPAIR_COMMAND, JournalCorruptError } from './journal-corrupt-error.ts';
import { decodeFrames, encodeRecord, nextValidFrame, type JournalRecord } from './records.ts';
import { readSnapshot, writeSnapshot } from './snapshot.ts';
import { makeDirectory } from './make-directory.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface JournalOptions {
  dir: string;
  /** Past this many journal bytes the state is written as a snapshot and the journal restarts. */
  compactBytes: number;
  /** The whole current state as records, for a snapshot. */
  snapshot: () => Iterable<JournalRecord>;
  logger?: (line: string) => void;
  /** Named in the refusal of a damaged journal or snapshot (default DEFAULT_REPAIR_COMMAND). */
  repairCommand?: string;
}

/**
 * Append-only journal with group commit. A write is acknowledged only after its records are
 * written and fdatasync'ed. Writers arriving in the same event-loop turn, or while a sync is in
 * flight, share the next write + fdatasync, so 50 concurrent writers cost a handful of syncs.
 */
export class Journal {
  private handle: FileHandle | undefined;
  private pending: Buffer[] = [];
  private waiters: Waiter[] = [];
  /** The waiters of the batch being written and synced right now. */
  private inFlight: Waiter[] | undefined;
  private flushing: Promise<void> | undefined;
  private scheduled = false;
  private size = 0;
  /** fdatasync calls so far: with group commit, far fewer than acknowledged writes. */
  syncs = 0;
  /** After a failed write or sync the disk and memory may disagree: refuse further writes. */
  private failed: unknown;
  private releaseLock: (() => void) | undefined;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly repairCommand: string;

  constructor(private readonly options: JournalOptions) {
    this.journalPath = join(options.dir, 'journal.log');
    this.snapshotPath = join(options.dir, 'snapshot.bin');
    this.repairCommand = options.repairCommand ?? DEFAULT_REPAIR_COMMAND;
  }

  /**
   * Takes the directory lock and returns every record to replay: the snapshot's, then the journal's.
   * A bad frame at the end of the journal is a write cut by a crash (never acknowledged): it is cut.
   * A bad frame with valid frames after it is damage: JournalCorruptError, and nothing is changed.
   */
  async open(): Promise<JournalRecord[]> {
    makeDirectory(this.options.dir);
    this.releaseLock = await acquireLock(this.options.dir);
    try {
      const records = readSnapshot(this.snapshotPath, this.options.dir, this.repairCommand);
      let goodLength = 0;
      if (existsSync(this.journalPath)) {
        const buf = readFileSync(this.journalPath);
        const decoded = decodeFrames(buf);
        goodLength = decoded.goodLength;
        if (goodLength < buf.length) {
          if (nextValidFrame(buf, goodLength + 1) !== undefined)
            throw new JournalCorruptError(this.journalPath, goodLength, this.options.dir, this.repairCommand);
          this.options.logger?.(
            `journal: cut a torn tail of ${buf.length - goodLength} bytes at byte ${goodLength} (a write cut by a crash, never acknowledged)`,
          );
        }
        for (const r of decoded.records) records.push(r);
      }
      this.handle = await open(this.journalPath, 'a');
      // Cut the torn tail, or new records would sit behind garbage and be lost at the next replay.
      await this.handle.truncate(goodLength);
      await this.handle.datasync();
      this.size = goodLength;
      return records;
    } catch (error) {
      await this.handle?.close();
      this.handle = undefined;
      this.releaseLock();
      throw error;
    }
  }

  /**
   * Resolves once everything appended so far is on disk (at once if nothing is pending); rejects if
   * that write fails.
   */
  durable(): Promise<void> {
    const batch = this.pending.length > 0 ? this.waiters : this.inFlight;
    if (!batch) return Promise.resolve();
    return new Promise((resolve, reject) => batch.push({ resolve, reject }));
  }

  /** Resolves once `records` are on disk. */
  append(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.failed !== undefined) return Promise.reject(this.failedError());
    for (const r of records) this.pending.push(encodeRecord(r));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every command decoded from the sockets in
    // this turn joins the same write + sync.
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flushLoop().finally(() => {
        this.flushing = undefined;
        if (this.pending.length > 0) this.schedule();
      });
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      this.inFlight = waiters;
      try {
        const handle = this.requireHandle();
        let offset = 0;
        while (offset < batch.length)
          offset += (await handle.write(batch, offset, batch.length - offset, null)).bytesWritten;
        await handle.datasync();
        this.syncs++;
        this.size += batch.length;
      } catch (error) {
        this.failed = error;
        this.options.logger?.(`journal: write failed, the store refuses further writes: ${String(error)}`);
        await this.cutRefusedBatch();
        this.inFlight = undefined;
        for (const w of waiters) w.reject(this.failedError());
        for (const w of this.waiters) w.reject(this.failedError());
        this.waiters = [];
        this.pending = [];
        return;
      }
      this.inFlight = undefined;
      for (const w of waiters) w.resolve();
      // Only when nothing waits: memory is then exactly what is durable, and a snapshot must never
      // hold a change whose own journal write could still fail.
      if (this.size > this.options.compactBytes && this.pending.length === 0) await this.compact();
    }
  }

  /**
   * A batch that failed half-way (a full disk takes the first frames and refuses the rest) is
   * refused as a whole, so its complete frames must not come back at the next start: the journal is
   * cut back to its last acknowledged byte. If even that fails, the frames stay; they hold writes
   * whose clients were told "failed", which a retry with the same key finds.
   */
  private async cutRefusedBatch(): Promise<void> {
    try {
      const handle = this.requireHandle();
      await handle.truncate(this.size);
      await handle.datasync();
    } catch (error) {
      this.options.logger?.(`journal: could not cut the refused batch: ${String(error)}`);
    }
  }

  /**
   * Writes the whole state as a snapshot and empties the journal. Records still pending are
   * already in memory, so they are in the snapshot too and written again after it: replaying a
   * state record twice gives the same state.
   */
  private async compact(): Promise<void> {
    try {
      writeSnapshot(this.snapshotPath, this.options.dir, this.options.snapshot());
      const handle = this.requireHandle();
      await handle.truncate(0);
      await handle.datasync();
      this.size = 0;
    } catch (error) {
      // The old snapshot + journal are still complete; try again after the next batch.
      this.options.logger?.(`journal: compaction failed, keeping the journal: ${String(error)}`);
    }
  }

  async close(): Promise<void> {
    while (this.scheduled || this.flushing) {
      if (this.flushing) await this.flushing;
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await this.handle?.close();
    this.handle = undefined;
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  private failedError(): Error {
    return new Error(`the store's journal failed earlier (${String(this.failed)}); restart the store`);
  }

  private requireHandle(): FileHandle {
    if (!this.handle) throw new Error('journal is closed');
    return this.handle;
  }
}
