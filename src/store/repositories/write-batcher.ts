/**
 * Group commit for one kind of write: calls made while a batch is being written (or within the
 * same tick, or the batcher's linger) are written together in the next one, each caller getting
 * its own outcome.
 *
 * Why: at the end of an exam a whole class submits within a minute. One bulk write of n records
 * costs a fraction of n single writes (measured through mongoose and the driver: an update 0.42 ms
 * alone, 0.05 ms in a bulk of 16; an insert 1.2 ms alone, 0.5 ms in a bulk of 16), and it is one
 * round trip and one journal sync instead of n. With one caller at a time nothing waits: a batch
 * of one goes out on the next tick.
 */
import { STORE_DEADLINE_MS, withinStoreDeadline } from '../store-deadline-error.ts';

export type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export class WriteBatcher<T, R> {
  private queued: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private writing = false;
  private scheduled = false;

  private readonly maxBatch: number;
  private readonly deadlineMs: number;
  private readonly lingerMs: number;

  constructor(
    /** Writes the items; returns one outcome per item, in order. A throw fails the whole batch. */
    private readonly writeBatch: (items: T[]) => Promise<Array<ItemOutcome<R>>>,
    {
      maxBatch = 256,
      deadlineMs = STORE_DEADLINE_MS,
      lingerMs = 0,
    }: {
      maxBatch?: number;
      /** A batch not written by then fails for its callers (see STORE_DEADLINE_MS), and the next one goes out. */
      deadlineMs?: number;
      /**
       * How long the first write of a batch waits for others before it goes out (0: the next tick).
       * Only for writes no person waits on: the grade-sync worker's outcomes arrive one LMS answer
       * at a time, so on the next tick a batch held one of them, a command each.
       */
      lingerMs?: number;
    } = {},
  ) {
    this.maxBatch = maxBatch;
    this.deadlineMs = deadlineMs;
    this.lingerMs = lingerMs;
  }

  write(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    const go = (): void => {
      this.scheduled = false;
      void this.flush();
    };
    if (this.lingerMs > 0) setTimeout(go, this.lingerMs);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queued.length === 0) return;
    this.writing = true;
    const batch = this.queued.splice(0, this.maxBatch);
    try {
      const outcomes = await withinStoreDeadline(this.writeBatch(batch.map((b) => b.item)), this.deadlineMs);
      batch.forEach((b, i) => {
        const outcome = outcomes[i];
        if (!outcome) b.reject(new Error(`write batch returned ${outcomes.length} outcomes for ${batch.length} items`));
        else if (outcome.ok) b.resolve(outcome.value);
        else b.reject(outcome.error);
      });
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      this.writing = false;
      // What arrived while this batch was being written goes out now, together.
      if (this.queued.length > 0) this.schedule();
    }
  }
}

/**
 * The driver's error for a bulk write the server ran, some of whose writes it refused: which
 * ones, and why. Undefined for every other failure, which says nothing about any single item.
 *
 * Why so strict: the driver raises MongoBulkWriteError also when the command as a whole failed
 * (connection closed, no server selectable, the journal refused the write): then `writeErrors` is
 * empty, and reading "no item named" as "every item written" told students `stored: true` for
 * work that was never stored. Only a non-empty `writeErrors` without a write concern error means
 * the server answered for each item; a write concern error (the write is not known to be durable)
 * fails them all.
 */
export function writeErrorsByIndex(error: unknown): Map<number, Error & { code?: unknown }> | undefined {
  const e = error as {
    writeErrors?: unknown;
    writeConcernError?: unknown;
    err?: unknown;
    result?: { getWriteConcernError?: () => unknown };
  } | null;
  const writeErrors = e?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return undefined;
  if (e?.writeConcernError || e?.err || e?.result?.getWriteConcernError?.()) return undefined;
  const byIndex = new Map<number, Error & { code?: unknown }>();
  for (const w of writeErrors as Array<{ index?: unknown; code?: unknown; errmsg?: unknown }>) {
    // The driver's WriteError is not an Error: callers get one, with the server's code (11000, ...).
    if (typeof w.index !== 'number') return undefined;
    byIndex.set(
      w.index,
      Object.assign(new Error(typeof w.errmsg === 'string' ? w.errmsg : 'write failed'), { code: w.code }),
    );
  }
  return byIndex;
}

/**
 * Outcomes of a bulk write with ordered: false: every item ok, except those the server named.
 * A failure of the whole command rejects (every caller of the batch is told it failed).
 */
export async function outcomesOfBulkWrite<T>(
  items: readonly T[],
  write: () => Promise<unknown>,
  isFine: (error: Error & { code?: unknown }) => boolean = () => false,
): Promise<Array<ItemOutcome<undefined>>> {
  try {
    await write();
    return items.map(() => ({ ok: true, value: undefined }));
  } catch (error) {
    const byIndex = writeErrorsByIndex(error);
    if (!byIndex) throw error;
    return items.map((_, i) => {
      const failure = byIndex.get(i);
      return failure && !isFine(failure) ? { ok: false, error: failure } : { ok: true, value: undefined };
    });
  }
}

/** One batcher per store connection (tests open several), made on first use. */
export function batcherPer<K extends object, T, R>(
  make: (key: K) => WriteBatcher<T, R>,
): (key: K) => WriteBatcher<T, R> {
  const batchers = new WeakMap<K, WriteBatcher<T, R>>();
  return (key) => {
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = make(key);
      batchers.set(key, batcher);
    }
    return batcher;
  };
}

/**
 * Inserts of the same moment in one insertMany (ordered: false) per store connection, each caller
 * told its own outcome: a duplicate key fails its own document alone.
 */
export function insertsInBatches<K extends object, T>(
  collectionOf: (key: K) => { insertMany(docs: T[], options: { ordered: false }): Promise<unknown> },
): (key: K) => WriteBatcher<T, undefined> {
  return batcherPer(
    (key: K) =>
      new WriteBatcher<T, undefined>((docs) =>
        outcomesOfBulkWrite(docs, () => collectionOf(key).insertMany(docs, { ordered: false })),
      ),
  );
}
