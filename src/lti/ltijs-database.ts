import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import {
  isLtijsRecordKind,
  type LtijsFilter,
  type LtijsRecord,
  type LtijsRecordKind,
  type LtijsRecords,
} from '../store/repositories/ltijs-records.ts';
import { isDuplicateKey } from '../store/repositories/duplicate-key.ts';
import { isStoreFailure } from '../store/store-failure.ts';

/**
 * The prefix of the message of every ltijs failure that is the store's (not reached, no answer in
 * time, a write refused): ltijs hands its error handlers the message only
 * (res.locals.err.details.message), and a store failure must be told apart from an invalid launch
 * there (setup-provider.ts, launch-binding.ts).
 */
export const STORE_FAILURE = 'STORE_FAILURE';

/** Whether a message ltijs reports for a failed request is a store failure. */
export function isStoreFailureMessage(message: unknown): boolean {
  return typeof message === 'string' && message.startsWith(`${STORE_FAILURE}:`);
}

/** A read or write of ltijs' records failed: the store could not be reached, did not answer in time, or refused to write. */
export class LtijsStoreFailureError extends Error {
  override readonly name = 'LtijsStoreFailureError';
  constructor(cause: unknown) {
    super(`${STORE_FAILURE}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * ltijs' database plugin (`lti.setup(key, { plugin })`, the interface of ltijs 5.9's
 * Utils/Database.js: setup, Close, Get, Insert, Replace, Modify, Delete, Encrypt, Decrypt) over
 * the app's own connection, in place of ltijs' built-in Database, which keeps a second driver and
 * a connection of its own that, after a store outage, it reconnects by a timer and a chain of
 * events of its own (a new client for every try, the first one never closed).
 *
 * Same collections, document shapes (store/repositories/ltijs-records.ts) and encryption as the
 * built-in one, so a store it wrote reads the same. ltijs keeps every check it makes (signature,
 * nonce, state, iss/aud, deployment): this is only where its records live.
 */
export class LtijsDatabase {
  constructor(private readonly records: LtijsRecords) {}

  /** ltijs' deploy opens its database here; ours is the app's connection, opened before (and its indexes made: prepare). */
  async setup(): Promise<true> {
    return true;
  }

  /** The indexes ltijs' schemas declare; before ltijs is deployed (a failing deploy exits the process). */
  async prepare(): Promise<void> {
    await this.records.ensureIndexes();
  }

  /** The connection is the app's: the store closes it. */
  async Close(): Promise<true> {
    return true;
  }

  /** Matching records (decrypted with `encryptionKey` when given), or false when there is none. */
  async Get(encryptionKey: string | false, collection: string, query?: LtijsFilter): Promise<LtijsRecord[] | false> {
    const found = await this.run(() => this.records.find(kindOf(collection), query));
    if (found.length === 0) return false;
    if (!encryptionKey) return found;
    return Promise.all(
      found.map(async (stored) => {
        const record = JSON.parse(
          await this.Decrypt(String(stored.data), String(stored.iv), encryptionKey),
        ) as LtijsRecord;
        // As ltijs' Database gives it: Date.parse of the date's text (whole seconds), which token expiry reads.
        if (stored.createdAt instanceof Date) record.createdAt = Date.parse(stored.createdAt.toString());
        return record;
      }),
    );
  }

  /** `index`: the fields an encrypted record is found by, stored in the clear beside `iv` and `data`. */
  async Insert(
    encryptionKey: string | false,
    collection: string,
    item: LtijsRecord,
    index?: LtijsRecord,
  ): Promise<true> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const record = await this.stored(encryptionKey, item, index);
    await this.run(() => this.records.insert(kindOf(collection), record));
    return true;
  }

  /** Replaces the matching record, or inserts it. */
  async Replace(
    encryptionKey: string | false,
    collection: string,
    query: LtijsFilter,
    item: LtijsRecord,
    index?: LtijsRecord,
  ): Promise<true> {
    if (!collection || !item || (encryptionKey && !index)) throw new Error('MISSING_PARAMS');
    const record = await this.stored(encryptionKey, item, index);
    await this.run(() => this.records.replace(kindOf(collection), query, record));
    return true;
  }

  /** Sets fields of the matching record; of an encrypted one, the first field given, inside its encrypted data. */
  async Modify(
    encryptionKey: string | false,
    collection: string,
    query: LtijsFilter,
    modification: LtijsRecord,
  ): Promise<true> {
    if (!collection || !query || !modification) throw new Error('MISSING_PARAMS');
    const kind = kindOf(collection);
    let fields = modification;
    if (encryptionKey) {
      const stored = await this.run(() => this.records.findOne(kind, query));
      if (stored) {
        const record = JSON.parse(
          await this.Decrypt(String(stored.data), String(stored.iv), encryptionKey),
        ) as LtijsRecord;
        const [name, value] = Object.entries(modification)[0] ?? [];
        if (name !== undefined) record[name] = value;
        fields = await this.Encrypt(JSON.stringify(record), encryptionKey);
      }
    }
    await this.run(() => this.records.update(kind, query, fields));
    return true;
  }

  Delete(collection: string, query: LtijsFilter): Promise<true> {
    const done = (async (): Promise<true> => {
      if (!collection || !query) throw new Error('MISSING_PARAMS');
      await this.run(() => this.records.remove(kindOf(collection), query));
      return true;
    })();
    // ltijs deletes a used login state without waiting for it: a failure nobody waits for must not
    // become an unhandled rejection, which ends the process. Whoever awaits still gets the error.
    done.catch(() => undefined);
    return done;
  }

  /** ltijs' encryption, byte for byte: AES-256-CBC, the key the SHA-256 of the secret, a random IV; hex. */
  async Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }> {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', keyOf(secret), iv);
    const encrypted = Buffer.concat([cipher.update(data), cipher.final()]);
    return { iv: iv.toString('hex'), data: encrypted.toString('hex') };
  }

  async Decrypt(data: string, iv: string, secret: string): Promise<string> {
    const decipher = createDecipheriv('aes-256-cbc', keyOf(secret), Buffer.from(iv, 'hex'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'hex')), decipher.final()]).toString();
  }

  private async stored(encryptionKey: string | false, item: LtijsRecord, index?: LtijsRecord): Promise<LtijsRecord> {
    if (!encryptionKey) return item;
    return { ...index, ...(await this.Encrypt(JSON.stringify(item), encryptionKey)) };
  }

  /** A store failure is reported so that ltijs' error handlers can say so (see STORE_FAILURE); a duplicate key is an answer about the data. */
  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isStoreFailure(error) && !isDuplicateKey(error) ? new LtijsStoreFailureError(error) : error;
    }
  }
}

function kindOf(collection: string): LtijsRecordKind {
  if (!isLtijsRecordKind(collection)) throw new Error(`MISSING_COLLECTION: ${collection}`);
  return collection;
}

/** The derived key of ltijs' secret: one SHA-256 per secret, not per record. */
const derivedKeys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let key = derivedKeys.get(secret);
  if (!key) {
    key = createHash('sha256').update(secret).digest();
    derivedKeys.set(secret, key);
  }
  return key;
}
