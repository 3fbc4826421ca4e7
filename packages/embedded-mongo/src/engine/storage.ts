import type { Document } from 'bson';
import type { CompactionPolicy } from '../persistence/compaction-policy.ts';
import { Journal, type JournalStats } from '../persistence/journal.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { Collection } from './collection.ts';
import type { IndexSpec } from './indexes.ts';

export interface StorageOptions {
  /** null: in memory only (tests), the same code without files. */
  dbPath: string | null;
  /** See JournalOptions.compaction. */
  compaction?: Partial<CompactionPolicy>;
  logger?: (line: string) => void;
  /** Named in the refusal of a damaged journal (the journal has a default). */
  repairCommand?: string;
}

/**
 * All databases and collections, and the one place where changes become durable: commands change
 * the in-memory state, collect the resulting records, and await `commit` before they answer.
 *
 * Memory changes are provisional until their journal commit: each one is logged with its undo,
 * and a failed commit undoes every change not yet durable (newest first) before anyone is
 * answered, so memory is as it was and a refused write is never read back. Nor is a write still in
 * flight: a command's reply waits until everything it could have seen is durable (`durable()`).
 */
export class Storage {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal | undefined;
  /** Undo of every memory change whose journal commit has not succeeded yet, oldest first. */
  private undo: Array<() => void> = [];
  /** How many undo entries were ever logged before `undo[0]` (for trimming by position). */
  private undoBase = 0;
  private rollingBack = false;
  private readonly logUndo = (undo: () => void): void => {
    if (!this.rollingBack) this.undo.push(undo);
  };

  static async open(options: StorageOptions): Promise<Storage> {
    const storage = new Storage();
    if (options.dbPath) {
      const journal = new Journal({
        dir: options.dbPath,
        ...(options.compaction ? { compaction: options.compaction } : {}),
        snapshot: () => storage.snapshotRecords(),
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.repairCommand ? { repairCommand: options.repairCommand } : {}),
      });
      const records = await journal.open();
      for (const record of records) storage.replay(record, options.logger);
      storage.journal = journal;
      for (const collections of storage.dbs.values()) for (const c of collections.values()) c.undoLog = storage.logUndo;
    }
    return storage;
  }

  databaseNames(): string[] {
    return [...this.dbs.keys()];
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created on first use as MongoDB does (the creation is added to `records`). */
  ensure(db: string, name: string, records: JournalRecord[]): Collection {
    let collections = this.dbs.get(db);
    if (!collections) {
      collections = new Map();
      this.dbs.set(db, collections);
    }
    let c = collections.get(name);
    if (!c) {
      const created = new Collection(db, name);
      c = created;
      if (this.journal) {
        created.undoLog = this.logUndo;
        this.logUndo(() => {
          if (this.get(db, name) === created) this.dropCollection(db, name);
        });
      }
      collections.set(name, c);
      records.push({ t: 'create', db, c: name });
    }
    return c;
  }

  dropCollection(db: string, name: string): boolean {
    const collections = this.dbs.get(db);
    const dropped = collections?.get(name);
    if (!collections || !dropped) return false;
    collections.delete(name);
    if (collections.size === 0) this.dbs.delete(db);
    if (this.journal) this.logUndo(() => this.restoreCollection(dropped));
    return true;
  }

  dropDatabase(db: string): boolean {
    const dropped = this.dbs.get(db);
    if (!dropped) return false;
    this.dbs.delete(db);
    if (this.journal) this.logUndo(() => this.dbs.set(db, dropped));
    return true;
  }

  private restoreCollection(c: Collection): void {
    let collections = this.dbs.get(c.db);
    if (!collections) {
      collections = new Map();
      this.dbs.set(c.db, collections);
    }
    collections.set(c.name, c);
  }

  /**
   * Resolves once `records` are durable (at once in memory). Rejects if the journal refused them;
   * then every memory change not yet durable has been undone.
   */
  commit(records: JournalRecord[]): Promise<void> {
    const journal = this.journal;
    if (!journal) return Promise.resolve();
    // Every change logged so far belongs to this commit or an earlier one (a command's changes and
    // its commit happen in one synchronous run): they are durable once this commit is.
    const upTo = this.undoBase + this.undo.length;
    return (records.length > 0 ? journal.append(records) : journal.durable()).then(
      () => this.forgetUndo(upTo),
      (error: unknown) => {
        this.rollBack();
        throw error;
      },
    );
  }

  /**
   * Resolves once everything changed in memory so far is durable: a command's reply waits for it,
   * so no client is told about a state (a document found, a duplicate key) that a failed commit
   * could still take back. Rejects if that commit fails.
   */
  durable(): Promise<void> {
    return this.journal ? this.journal.durable() : Promise.resolve();
  }

  private forgetUndo(upTo: number): void {
    const n = upTo - this.undoBase;
    if (n <= 0) return;
    this.undo.splice(0, n);
    this.undoBase = upTo;
  }

  private rollBack(): void {
    this.rollingBack = true;
    try {
      for (let i = this.undo.length - 1; i >= 0; i--) (this.undo[i] as () => void)();
    } finally {
      this.rollingBack = false;
      this.undoBase += this.undo.length;
      this.undo = [];
    }
  }

  /** The journal's figures; undefined in memory. */
  journalStats(): JournalStats | undefined {
    return this.journal?.stats();
  }

  async close(): Promise<void> {
    await this.journal?.close();
    this.journal = undefined;
  }

  /** Applies one record at start-up; records describe states that were valid, so no checks. */
  private replay(r: JournalRecord, logger?: (line: string) => void): void {
    const ignore: JournalRecord[] = [];
    try {
      switch (r.t) {
        case 'create':
          this.ensure(r.db, r.c, ignore);
          break;
        case 'put':
          this.ensure(r.db, r.c, ignore).put(r.doc);
          break;
        case 'del': {
          const c = this.get(r.db, r.c);
          const doc = c?.getById(r.id);
          if (c && doc) c.remove(doc);
          break;
        }
        case 'idx':
          this.ensure(r.db, r.c, ignore).addIndex(r.spec as IndexSpec);
          break;
        case 'dropIdx':
          this.get(r.db, r.c)?.dropIndex(r.name);
          break;
        case 'dropColl':
          this.dropCollection(r.db, r.c);
          break;
        case 'dropDb':
          this.dropDatabase(r.db);
          break;
      }
    } catch (error) {
      logger?.(
        `replay: skipped a ${r.t} record that no longer applies: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * The state as it is now, as records read lazily: a snapshot is written slice by slice while
   * commands go on changing the collections, so their documents and index specs are listed here at
   * once. A stored document is never changed in place (an update stores a changed copy, and the
   * undo of a failed commit holds on to the old one), so listing the documents fixes their contents.
   */
  private snapshotRecords(): Iterable<JournalRecord> {
    const listed = [...this.dbs].flatMap(([db, collections]) =>
      [...collections].map(([name, c]) => ({ db, name, indexes: [...c.indexes], docs: [...c.docs.values()] })),
    );
    return (function* () {
      for (const { db, name, indexes, docs } of listed) {
        yield { t: 'create', db, c: name } as const;
        for (const spec of indexes)
          if (spec.name !== '_id_') yield { t: 'idx', db, c: name, spec: spec as unknown as Document } as const;
        for (const doc of docs) yield { t: 'put', db, c: name, doc } as const;
      }
    })();
  }
}
