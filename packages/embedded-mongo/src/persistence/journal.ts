import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { compactionDue, DEFAULT_COMPACTION_POLICY, type CompactionPolicy } from './compaction-policy.ts';
import { acquireLock } from './lock.ts';
import { DEFAULT_REPAIR_COMMAND, JournalCorruptError } from './journal-corrupt-error.ts';
import { decodeFrames, encodeRecord, nextValidFrame, type FrameRecord, type JournalRecord } from './records.ts';
import {
  readSnapshot,
  readWholeFrames,
  SnapshotStoppedError,
  syncDirectory,
  writeAll,
  writeSnapshot,
} from './snapshot.ts';
import { makeDirectory } from './make-directory.ts';
import { rotatedJournalName, rotatedJournals } from './rotated-journals.ts';

/** What the journal has done since it opened: reported by serverStatus for benchmarks and operators. */
export interface JournalStats {
  /** Bytes of records written and synced since the journal opened. */
  appendedBytes: number;
  /** The journal's size now: what a restart replays after the snapshot. */
  journalBytes: number;
  snapshotBytes: number;
  /** Snapshots written since the journal opened. */
  compactions: number;
  /** Whether a snapshot is being written now. */
  compacting: boolean;
  /** The store's thread's time in compactions since the journal opened, the one under way included. */
  compactionWorkMs: number;
  /** The last snapshot written: the journal it covered, its size, its work and its time from start to end. */
  lastCompaction?: { journalBytes: number; snapshotBytes: number; workMs: number; ms: number };
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface JournalOptions {
  dir: string;
  /**
   * When the state is written as a snapshot and the journal restarts; what is not given is
   * DEFAULT_COMPACTION_POLICY's.
   */
  compaction?: Partial<CompactionPolicy>;
  /**
   * The whole current state as records, for a snapshot: the state when it is called (later changes
   * are not in it), read lazily while the store goes on answering commands.
   */
  snapshot: () => Iterable<JournalRecord>;
  /** How much of a snapshot is encoded between two turns of the event loop (default 1 MiB). */
  snapshotSliceBytes?: number;
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
  /** The number the next journal set aside takes (journal.<n>.log). */
  private nextRotation = 1;
  /** The snapshot being written in the background, if any: at most one at a time. */
  private compaction: Promise<void> | undefined;
  private readonly policy: CompactionPolicy;
  /** The size of the snapshot the journal's records follow (0: none). */
  private snapshotBytes = 0;
  private appendedBytes = 0;
  private compactions = 0;
  private compactionWorkMs = 0;
  private lastCompaction: JournalStats['lastCompaction'];
  /** When a record was last appended (performance.now()): the journal is quiet when it was a while ago. */
  private lastAppendAt = 0;
  /** Set while a compaction past the threshold waits for a quiet moment. */
  private quietCheck: NodeJS.Timeout | undefined;
  /** Set by close: a snapshot being written is given up (the journals it would cover stay). */
  private closing = false;
  private readonly journalPath: string;
  private readonly snapshotPath: string;
  private readonly repairCommand: string;

  constructor(private readonly options: JournalOptions) {
    this.journalPath = join(options.dir, 'journal.log');
    this.snapshotPath = join(options.dir, 'snapshot.bin');
    this.repairCommand = options.repairCommand ?? DEFAULT_REPAIR_COMMAND;
    this.policy = { ...DEFAULT_COMPACTION_POLICY, ...options.compaction };
  }

  /**
   * Takes the directory lock and returns every record to replay: the snapshot's, then those of the
   * journals compaction set aside that the snapshot does not cover, then the journal's. A bad frame
   * at the end of the journal is a write cut by a crash (never acknowledged): it is cut. A bad frame
   * with valid frames after it, or anywhere in a journal set aside (each was whole and synced when
   * it was), is damage: JournalCorruptError, and nothing is changed.
   */
  async open(): Promise<JournalRecord[]> {
    const dir = this.options.dir;
    makeDirectory(dir);
    this.releaseLock = await acquireLock(dir);
    this.closing = false;
    try {
      const snapshot = readSnapshot(this.snapshotPath, dir, this.repairCommand);
      this.snapshotBytes = existsSync(this.snapshotPath) ? statSync(this.snapshotPath).size : 0;
      const records = snapshot.records;
      const rotated = rotatedJournals(dir);
      for (const { n, file } of rotated) {
        if (n <= snapshot.coversUpTo) continue;
        for (const r of readWholeFrames(file, dir, this.repairCommand)) records.push(r as JournalRecord);
      }
      let goodLength = 0;
      if (existsSync(this.journalPath)) {
        const buf = readFileSync(this.journalPath);
        const decoded = decodeFrames(buf);
        goodLength = decoded.goodLength;
        if (goodLength < buf.length) {
          if (nextValidFrame(buf, goodLength + 1) !== undefined)
            throw new JournalCorruptError(this.journalPath, goodLength, dir, this.repairCommand);
          this.options.logger?.(
            `journal: cut a torn tail of ${buf.length - goodLength} bytes at byte ${goodLength} (a write cut by a crash, never acknowledged)`,
          );
        }
        for (const r of decoded.records) records.push(r as JournalRecord);
      }
      this.handle = await open(this.journalPath, 'a');
      // Cut the torn tail, or new records would sit behind garbage and be lost at the next replay.
      await this.handle.truncate(goodLength);
      await this.handle.datasync();
      this.size = goodLength;
      // Journals the snapshot covers are left only by a crash between its rename and their removal.
      const covered = rotated.filter((r) => r.n <= snapshot.coversUpTo);
      for (const { file } of covered) rmSync(file, { force: true });
      if (covered.length > 0) syncDirectory(dir);
      this.nextRotation = Math.max(snapshot.coversUpTo, ...rotated.map((r) => r.n)) + 1;
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
    this.lastAppendAt = performance.now();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  stats(): JournalStats {
    return {
      appendedBytes: this.appendedBytes,
      journalBytes: this.size,
      snapshotBytes: this.snapshotBytes,
      compactions: this.compactions,
      compacting: this.compaction !== undefined,
      compactionWorkMs: this.compactionWorkMs,
      ...(this.lastCompaction ? { lastCompaction: this.lastCompaction } : {}),
    };
  }

  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after this turn's I/O callbacks: every command decoded from the sockets in
    // this turn joins the same write + sync.
    setImmediate(() => {
      this.scheduled = false;
      this.exclusively(() => this.flushLoop());
    });
  }

  /**
   * Runs `work` as the journal's one writer: appends made meanwhile wait in `pending` and are
   * written after it, as they would be behind a flush.
   */
  private exclusively(work: () => Promise<void>): void {
    this.flushing = work().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0) this.schedule();
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
        await writeAll(handle, batch);
        await handle.datasync();
        this.syncs++;
        this.size += batch.length;
        this.appendedBytes += batch.length;
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
      if (this.pending.length === 0 && !this.compaction && !this.closing) {
        const due = compactionDue(this.policy, this.size, this.snapshotBytes);
        if (due === 'now') await this.startCompaction();
        else if (due === 'when-quiet') this.waitForQuiet(this.policy.quietMs);
      }
    }
  }

  /**
   * Compacts once nothing has been appended for the policy's quiet time. A flush that ends
   * meanwhile decides again (and compacts at once if the journal has grown to the cap).
   */
  private waitForQuiet(delayMs: number): void {
    if (this.quietCheck) return;
    this.quietCheck = setTimeout(() => {
      this.quietCheck = undefined;
      if (this.closing || this.compaction || this.failed !== undefined) return;
      // A flush under way, or about to start, decides again when it ends.
      if (this.flushing || this.scheduled || this.pending.length > 0) return;
      const quietFor = performance.now() - this.lastAppendAt;
      if (quietFor < this.policy.quietMs) this.waitForQuiet(this.policy.quietMs - quietFor);
      else if (compactionDue(this.policy, this.size, this.snapshotBytes) !== 'no')
        this.exclusively(() => this.startCompaction());
    }, delayMs);
    // A store with nothing else to do must still be able to exit.
    this.quietCheck.unref();
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
   * Sets the journal aside (journal.<n>.log) and starts writing a snapshot of the state as it is
   * now, which is exactly what the last snapshot and the journals set aside hold: nothing is
   * pending, and a command changes memory and appends its records in one synchronous run. The
   * snapshot is written in the background, slice by slice, while new records go to a fresh journal
   * and the store keeps answering: a large state takes seconds to write, and a store that answered
   * nothing meanwhile would have its clients time out. Once the snapshot is durable it covers those
   * journals and they are removed. A crash at any point
   * leaves a snapshot, the journals it does not cover and the journal, which replay to the state
   * that was acknowledged.
   */
  private async startCompaction(): Promise<void> {
    const state = this.options.snapshot();
    const upTo = this.nextRotation;
    const journalBytes = this.size;
    try {
      await this.rotate(rotatedJournalName(upTo));
    } catch (error) {
      this.options.logger?.(`journal: could not set the journal aside for compaction, keeping it: ${String(error)}`);
      return;
    }
    this.nextRotation = upTo + 1;
    this.options.logger?.(`journal: compacting: set aside as ${rotatedJournalName(upTo)}, writing a snapshot`);
    this.compaction = this.writeCompaction(state, upTo, journalBytes).finally(() => {
      this.compaction = undefined;
    });
  }

  /** Renames the journal to `name` and appends to a fresh one from now on. */
  private async rotate(name: string): Promise<void> {
    const dir = this.options.dir;
    const rotatedPath = join(dir, name);
    const old = this.requireHandle();
    renameSync(this.journalPath, rotatedPath);
    let fresh: FileHandle | undefined;
    try {
      fresh = await open(this.journalPath, 'a');
      // The rename and the new file must be on disk before a record written to it is acknowledged.
      syncDirectory(dir);
    } catch (error) {
      await fresh?.close();
      // The old handle still writes to the renamed file, which is replayed at start as long as no
      // snapshot covers it; renaming it back keeps the data directory as it was.
      try {
        renameSync(rotatedPath, this.journalPath);
      } catch {
        // It keeps its rotated name: still replayed, as said.
      }
      throw error;
    }
    this.handle = fresh;
    this.size = 0;
    await old.close();
  }

  private async writeCompaction(state: Iterable<JournalRecord>, upTo: number, journalBytes: number): Promise<void> {
    const dir = this.options.dir;
    function* covering(): Iterable<FrameRecord> {
      yield { t: 'covers', upTo };
      yield* state;
    }
    const started = performance.now();
    try {
      const written = await writeSnapshot(this.snapshotPath, dir, covering(), {
        ...(this.options.snapshotSliceBytes ? { sliceBytes: this.options.snapshotSliceBytes } : {}),
        stopped: () => this.closing,
        onWork: (ms) => (this.compactionWorkMs += ms),
      });
      const ms = performance.now() - started;
      this.snapshotBytes = written.bytes;
      this.compactions++;
      this.lastCompaction = { journalBytes, snapshotBytes: written.bytes, workMs: written.workMs, ms };
      this.options.logger?.(
        `journal: snapshot written in ${Math.round(ms)} ms (${Math.round(written.workMs)} ms of work), covering ${rotatedJournalName(upTo)} and those before it`,
      );
    } catch (error) {
      if (error instanceof SnapshotStoppedError) {
        // A shutdown should not wait for a large state to be written: the journals stay and are
        // replayed at the next start, and the next compaction covers them.
        this.options.logger?.(`journal: compaction given up as the store closes; ${rotatedJournalName(upTo)} stays`);
        return;
      }
      // The old snapshot and the journals set aside are still complete; the next compaction covers them.
      this.options.logger?.(`journal: compaction failed, keeping the journals: ${String(error)}`);
      return;
    }
    try {
      for (const { n, file } of rotatedJournals(dir)) if (n <= upTo) rmSync(file, { force: true });
      syncDirectory(dir);
    } catch (error) {
      // Covered, so never replayed; the next start removes them.
      this.options.logger?.(`journal: could not remove journals the snapshot covers: ${String(error)}`);
    }
  }

  /**
   * Waits until everything appended is on disk, gives up a snapshot under way (its journals stay
   * and are replayed at the next start), and releases the directory.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.quietCheck);
    this.quietCheck = undefined;
    while (this.scheduled || this.flushing || this.compaction) {
      if (this.flushing) await this.flushing;
      else if (this.compaction) await this.compaction;
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
