import mongoose, { type Connection, type mongo } from 'mongoose';
import { withinStoreDeadline } from '../store-deadline-error.ts';
import { withoutUndefined } from '../without-undefined.ts';

/**
 * ltijs' records (platform registrations and their status, the tool's key pairs, access tokens,
 * launch sessions, login states and nonces) kept in ltijs' own collections, with the document
 * shapes its built-in Database (mongoose 7) writes, through the app's own connection: one pool,
 * one reconnect policy (the driver's, with the monitor watchdog) and the store deadline.
 *
 * The shapes are the ones ltijs 5.9's schemas give (node_modules/ltijs/dist/Utils/Database.js):
 * mongoose's collection names, `__v: 0` on every document written whole, `createdAt` set on every
 * whole write where the schema has one (its TTL index expires the record), an empty `roles` list by
 * default, fields outside the schema left out, undefined values left out, numbers and booleans in a
 * string field stored as strings. A store written by ltijs' own Database reads the same here, and
 * the other way round.
 */
type FieldType = 'string' | 'strings' | 'boolean' | 'mixed' | 'authConfig';

/** The kinds of ltijs' records, by the names ltijs gives them (its mongoose model names). */
export type LtijsRecordKind =
  | 'idtoken'
  | 'contexttoken'
  | 'platform'
  | 'platformStatus'
  | 'privatekey'
  | 'publickey'
  | 'accesstoken'
  | 'nonce'
  | 'state';

interface RecordKind {
  collection: string;
  fields: Readonly<Record<string, FieldType>>;
  /** Seconds after `createdAt` at which the store drops the record (ltijs' `expires`). */
  expiresAfterSeconds?: number;
  indexes: ReadonlyArray<{ key: Record<string, 1>; unique?: true }>;
}

const KEY_PAIR_HALF: RecordKind['fields'] = {
  kid: 'string',
  platformUrl: 'string',
  clientId: 'string',
  iv: 'string',
  data: 'string',
};

const KINDS: Readonly<Record<LtijsRecordKind, RecordKind>> = {
  idtoken: {
    collection: 'idtokens',
    fields: {
      iss: 'string',
      user: 'string',
      userInfo: 'mixed',
      platformInfo: 'mixed',
      clientId: 'string',
      platformId: 'string',
      deploymentId: 'string',
    },
    expiresAfterSeconds: 3600 * 24,
    indexes: [{ key: { iss: 1, clientId: 1, deploymentId: 1, user: 1 } }],
  },
  contexttoken: {
    collection: 'contexttokens',
    fields: {
      contextId: 'string',
      user: 'string',
      roles: 'strings',
      path: 'string',
      targetLinkUri: 'string',
      context: 'mixed',
      resource: 'mixed',
      custom: 'mixed',
      launchPresentation: 'mixed',
      messageType: 'string',
      version: 'string',
      deepLinkingSettings: 'mixed',
      lis: 'mixed',
      endpoint: 'mixed',
      namesRoles: 'mixed',
    },
    expiresAfterSeconds: 3600 * 24,
    indexes: [{ key: { contextId: 1, user: 1 } }],
  },
  platform: {
    collection: 'platforms',
    fields: {
      platformUrl: 'string',
      platformName: 'string',
      clientId: 'string',
      authEndpoint: 'string',
      accesstokenEndpoint: 'string',
      authorizationServer: 'string',
      kid: 'string',
      authConfig: 'authConfig',
    },
    indexes: [
      { key: { platformUrl: 1 } },
      { key: { kid: 1 }, unique: true },
      { key: { platformUrl: 1, clientId: 1 }, unique: true },
    ],
  },
  platformStatus: {
    collection: 'platformstatuses',
    fields: { id: 'string', active: 'boolean' },
    indexes: [{ key: { id: 1 }, unique: true }],
  },
  privatekey: { collection: 'privatekeys', fields: KEY_PAIR_HALF, indexes: [{ key: { kid: 1 }, unique: true }] },
  publickey: { collection: 'publickeys', fields: KEY_PAIR_HALF, indexes: [{ key: { kid: 1 }, unique: true }] },
  accesstoken: {
    collection: 'accesstokens',
    fields: { platformUrl: 'string', clientId: 'string', scopes: 'string', iv: 'string', data: 'string' },
    expiresAfterSeconds: 3600,
    indexes: [{ key: { platformUrl: 1, clientId: 1, scopes: 1 }, unique: true }],
  },
  nonce: {
    collection: 'nonces',
    fields: { nonce: 'string' },
    expiresAfterSeconds: 10,
    indexes: [{ key: { nonce: 1 } }],
  },
  state: {
    collection: 'states',
    fields: { state: 'string', query: 'mixed' },
    expiresAfterSeconds: 600,
    indexes: [{ key: { state: 1 }, unique: true }],
  },
};

/** A record as ltijs reads it: the stored fields without `_id` and `__v`. */
export type LtijsRecord = Record<string, unknown>;

export function isLtijsRecordKind(name: unknown): name is LtijsRecordKind {
  return typeof name === 'string' && Object.hasOwn(KINDS, name);
}

/** ltijs' queries are equalities on its own fields; a value that is not a plain value is refused, never an operator. */
export type LtijsFilter = Record<string, unknown>;

export interface LtijsRecords {
  /** Every matching record; an empty list when there is none. No filter: every record of the kind. */
  find(kind: LtijsRecordKind, filter?: LtijsFilter): Promise<LtijsRecord[]>;
  /** One matching record as stored (with `iv` and `data` for an encrypted one), or null. */
  findOne(kind: LtijsRecordKind, filter: LtijsFilter): Promise<LtijsRecord | null>;
  insert(kind: LtijsRecordKind, record: LtijsRecord): Promise<void>;
  /** Replaces the matching record whole, or inserts it (ltijs' Replace). */
  replace(kind: LtijsRecordKind, filter: LtijsFilter, record: LtijsRecord): Promise<void>;
  /** Sets the given fields of the first matching record (ltijs' Modify). */
  update(kind: LtijsRecordKind, filter: LtijsFilter, fields: LtijsRecord): Promise<void>;
  remove(kind: LtijsRecordKind, filter: LtijsFilter): Promise<void>;
  /** The indexes ltijs' schemas declare (the TTL ones expire sessions, states and nonces). */
  ensureIndexes(): Promise<void>;
}

/** Index options that differ from an existing index of the same name: that index is kept. */
const INDEX_CONFLICT_CODES = new Set([85, 86]);

export function ltijsRecords(conn: Connection, log: (line: string) => void = () => undefined): LtijsRecords {
  const db = (): mongo.Db => {
    // Set once the connection first opened (connectStore waits for that); the driver reconnects under it.
    if (!conn.db) throw new Error('ltijs records: the store connection was never opened');
    return conn.db;
  };
  const collection = (kind: LtijsRecordKind) => db().collection(KINDS[kind].collection);
  const bounded = <T>(work: () => Promise<T>): Promise<T> => withinStoreDeadline(Promise.resolve().then(work));
  const noIds = { projection: { _id: 0, __v: 0 } };
  return {
    find: (kind, filter = {}) => bounded(() => collection(kind).find(castFilter(kind, filter), noIds).toArray()),
    findOne: (kind, filter) => bounded(() => collection(kind).findOne(castFilter(kind, filter), noIds)),
    insert: (kind, record) =>
      bounded(async () => {
        await collection(kind).insertOne(wholeRecord(kind, record));
      }),
    replace: (kind, filter, record) =>
      bounded(async () => {
        await collection(kind).replaceOne(castFilter(kind, filter), wholeRecord(kind, record), { upsert: true });
      }),
    update: (kind, filter, fields) =>
      bounded(async () => {
        const set = castFields(kind, fields);
        if (Object.keys(set).length === 0) return;
        await collection(kind).updateOne(castFilter(kind, filter), { $set: set });
      }),
    remove: (kind, filter) =>
      bounded(async () => {
        await collection(kind).deleteMany(castFilter(kind, filter));
      }),
    async ensureIndexes() {
      for (const [kind, spec] of Object.entries(KINDS) as Array<[LtijsRecordKind, RecordKind]>) {
        const indexes = [
          ...spec.indexes.map((i) => ({ key: i.key, ...(i.unique ? { unique: true } : {}) })),
          ...(spec.expiresAfterSeconds === undefined
            ? []
            : [{ key: { createdAt: 1 as const }, expireAfterSeconds: spec.expiresAfterSeconds }]),
        ];
        for (const index of indexes) {
          await bounded(() => collection(kind).createIndex(index.key, index)).catch((error: unknown) => {
            // An index of that name with other options (made by hand, or by another ltijs version)
            // is kept, as ltijs' own background index build left it.
            const code = (error as { code?: unknown }).code;
            if (typeof code !== 'number' || !INDEX_CONFLICT_CODES.has(code)) throw error;
            log(
              `ltijs records: kept the existing index on ${spec.collection} ${JSON.stringify(index.key)}: ${(error as Error).message}`,
            );
          });
        }
      }
    },
  };
}

/** A whole record as ltijs' schema writes it (insert, replace). */
function wholeRecord(kind: LtijsRecordKind, record: LtijsRecord): mongo.Document {
  const spec = KINDS[kind];
  const out: mongo.Document = castFields(kind, record);
  if (spec.fields.roles === 'strings' && out.roles === undefined) out.roles = [];
  if (spec.fields.active === 'boolean' && out.active === undefined) out.active = false;
  out.__v = 0;
  if (spec.expiresAfterSeconds !== undefined) out.createdAt = new Date();
  return out;
}

/** The schema's fields of `record`, cast as mongoose casts them; other fields and undefined values are left out. */
function castFields(kind: LtijsRecordKind, record: LtijsRecord): mongo.Document {
  const { fields } = KINDS[kind];
  const out: mongo.Document = {};
  for (const [name, value] of Object.entries(record)) {
    const type = fields[name];
    if (type === undefined || value === undefined) continue;
    out[name] = castValue(type, value, name);
  }
  return out;
}

function castValue(type: FieldType, value: unknown, path: string): unknown {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return castString(value, path);
    case 'strings':
      return (Array.isArray(value) ? value : [value]).map((v, i) => (v == null ? v : castString(v, `${path}.${i}`)));
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw new mongoose.Error.CastError('Boolean', value, path);
    case 'authConfig': {
      if (typeof value !== 'object' || Array.isArray(value))
        throw new mongoose.Error.CastError('authConfig', value, path);
      const { method, key } = value as Record<string, unknown>;
      return {
        ...(method === undefined ? {} : { method: method === null ? null : castString(method, `${path}.method`) }),
        ...(key === undefined ? {} : { key: key === null ? null : castString(key, `${path}.key`) }),
      };
    }
    case 'mixed':
      return withoutUndefined(value);
  }
}

function castString(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new mongoose.Error.CastError('string', value, path);
}

/**
 * ltijs' filters: equalities on its schema's fields. A value that is an object (an operator such as
 * {"$ne": null} from request data) is refused, as our own filters are (string-filter.ts).
 */
function castFilter(kind: LtijsRecordKind, filter: LtijsFilter): mongo.Filter<mongo.Document> {
  const { fields } = KINDS[kind];
  const out: mongo.Filter<mongo.Document> = {};
  for (const [path, value] of Object.entries(filter)) {
    const type = fields[path];
    if (type === undefined) throw new mongoose.Error.StrictModeError(path);
    if (value === undefined || value === null) out[path] = null;
    else if (type === 'boolean' && typeof value === 'boolean') out[path] = value;
    else if (type === 'string' || type === 'strings') out[path] = castString(value, path);
    else throw new mongoose.Error.CastError(type, value, path);
  }
  return out;
}
