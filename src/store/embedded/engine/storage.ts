import type { Document } from 'bson';
import { Journal } from '../persistence/journal.ts';
import type { JournalRecord } from '../persistence/records.ts';
import { Collection } from './collection.ts';
import type { IndexSpec } from './indexes.ts';

export interface StorageOptions {
  /** null: in memory only (tests), the same code without files. */
  dbPath: string | null;
  compactBytes?: number;
  logger?: (line: string) => void;
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

/**
 * All databases and collections, and the one place where changes become durable: commands change
 * the in-memory state, collect the resulting records, and await `commit` before they answer.
 */
export class Storage {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal | undefined;

  static async open(options: StorageOptions): Promise<Storage> {
    const storage = new Storage();
    if (options.dbPath) {
      const journal = new Journal({
        dir: options.dbPath,
        compactBytes: options.compactBytes ?? DEFAULT_COMPACT_BYTES,
        snapshot: () => storage.snapshotRecords(),
        ...(options.logger ? { logger: options.logger } : {}),
      });
      const records = await journal.open();
      for (const record of records) storage.replay(record, options.logger);
      storage.journal = journal;
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
      c = new Collection(db, name);
      collections.set(name, c);
      records.push({ t: 'create', db, c: name });
    }
    return c;
  }

  dropCollection(db: string, name: string): boolean {
    const collections = this.dbs.get(db);
    const dropped = collections?.delete(name) ?? false;
    if (collections?.size === 0) this.dbs.delete(db);
    return dropped;
  }

  dropDatabase(db: string): boolean {
    return this.dbs.delete(db);
  }

  /** Resolves once `records` are durable (at once in memory). */
  commit(records: JournalRecord[]): Promise<void> {
    return this.journal ? this.journal.append(records) : Promise.resolve();
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
      logger?.(`replay: skipped a ${r.t} record that no longer applies: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private *snapshotRecords(): Iterable<JournalRecord> {
    for (const [db, collections] of this.dbs) {
      for (const [name, c] of collections) {
        yield { t: 'create', db, c: name };
        for (const spec of c.indexes) if (spec.name !== '_id_') yield { t: 'idx', db, c: name, spec: spec as unknown as Document };
        for (const doc of c.docs.values()) yield { t: 'put', db, c: name, doc };
      }
    }
  }
}
