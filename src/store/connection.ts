import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { startEmbeddedStore, type EmbeddedStore } from './embedded/index.ts';
import { createModels, ensureIndexes, type Models } from './models/index.ts';

export class StoreUnavailableError extends Error {}

export interface ConnectedStore {
  conn: Connection;
  models: Models;
  /** The URI the app (and ltijs) connect to: the same driver path for both stores. */
  uri: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  mongodbUri: string | undefined;
  dataDir: string;
  memory?: boolean;
  logger: (line: string) => void;
  serverSelectionTimeoutMS?: number;
}

// Request data must never become a query operator: filters are sanitised ($-keys dropped).
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);

/**
 * MONGODB_URI set: real MongoDB. Not set: the embedded MongoDB-compatible store, reached through
 * the same mongoose -> driver -> TCP path on 127.0.0.1.
 */
export async function connectStore(options: ConnectOptions): Promise<ConnectedStore> {
  let embedded: EmbeddedStore | undefined;
  let uri = options.mongodbUri;
  if (!uri) {
    const dbPath = options.memory ? null : join(options.dataDir, 'store');
    embedded = await startEmbeddedStore({ dbPath, logger: options.logger });
    uri = `${embedded.uri}/exam-variants`;
    options.logger(
      `No MONGODB_URI set: using the embedded MongoDB-compatible store ${dbPath ? `in ${dbPath}` : 'in memory'} on ${embedded.uri.replace('mongodb://', '')}, meant for trying the tool and for tests, not for production.`,
    );
  }
  const conn = mongoose.createConnection(uri, {
    maxPoolSize: 20,
    minPoolSize: 1,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    socketTimeoutMS: 30_000,
    heartbeatFrequencyMS: 10_000,
    autoIndex: false,
  });
  try {
    await conn.asPromise();
  } catch (error) {
    await embedded?.close();
    throw new StoreUnavailableError(`cannot reach MongoDB at ${redact(uri)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  conn.on('disconnected', () => options.logger('MongoDB connection lost; the driver is reconnecting'));
  conn.on('reconnected', () => options.logger('MongoDB connection restored'));
  const models = createModels(conn);
  await ensureIndexes(models);
  return {
    conn,
    models,
    uri,
    async close() {
      await conn.close();
      await embedded?.close();
    },
  };
}

/** Never print credentials. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
