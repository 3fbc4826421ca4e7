import type { Document } from 'bson';
import { Collection, type IndexSpec } from './collection.ts';
import { Journal, type JournalRecord } from './journal.ts';

export interface StorageOptions {
  /** null: in memory only (tests). */
  dbPath: string | null;
  compactBytes?: number;
}

/**
 * All databases and collections of the store, and the one place where changes become durable:
 * commands apply their changes here and await `commit` before they answer.
 */
export class Storage {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private journal: Journal | undefined;

  static async open(options: StorageOptions): Promise<Storage> {
    const storage = new Storage();
    if (options.dbPath) {
      storage.journal = new Journal(options.dbPath, options.compactBytes ?? 64 * 1024 * 1024, () => storage.snapshotRecords());
      for (const record of await storage.journal.open()) storage.apply(record);
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

  /** The collection, created on first use as MongoDB does; returns the records to journal. */
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
    return this.dbs.get(db)?.delete(name) ?? false;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  /** Makes the records durable (no-op in memory). */
  commit(records: JournalRecord[]): Promise<void> {
    return this.journal ? this.journal.append(records) : Promise.resolve();
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  /** Replays one journal record into memory. */
  private apply(r: JournalRecord): void {
    const ignore: JournalRecord[] = [];
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
