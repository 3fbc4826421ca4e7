import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { startEmbeddedStore, startEmbeddedStoreThread, type EmbeddedStore } from 'embedded-mongo';
import { createModels, ensureIndexes, type Models } from './models/index.ts';
import { forgetRunningStore, recordRunningStore } from './running-store.ts';
import { STORE_COMMAND } from './store-command.ts';
import { watchServerMonitors } from './monitor-watchdog.ts';

/** Bounds the driver's monitoring checks: a connect and a hello each take at most this long. */
const CONNECT_TIMEOUT_MS = 10_000;

/** MongoDB could not be reached at start: the caller prints the message and exits non-zero. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export interface ConnectedStore {
  conn: Connection;
  models: Models;
  /** The URI the app (and ltijs) connect to: the same driver path for both stores. */
  uri: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Real MongoDB. Unset: the embedded store. */
  mongodbUri?: string | undefined;
  /** The embedded store keeps its files in `<dataDir>/store` (dataDir also holds dev secrets and the sandbox). */
  dataDir: string;
  /** Embedded store in memory (tests, the demo): nothing is written to disk. */
  memory?: boolean;
  logger: (line: string) => void;
  /** How long to wait for a server at start (and per operation while it is away). Tests set it low. */
  serverSelectionTimeoutMS?: number;
}

/**
 * MONGODB_URI set: real MongoDB. Not set: the embedded MongoDB-compatible store, reached through
 * the same mongoose -> driver -> TCP path on 127.0.0.1.
 */
export async function connectStore(options: ConnectOptions): Promise<ConnectedStore> {
  let embedded: EmbeddedStore | undefined;
  let uri = options.mongodbUri;
  /** The durable embedded store's folder, where its address is recorded for commands run meanwhile. */
  let runningAt: string | undefined;
  if (!uri) {
    const dbPath = options.memory ? null : join(options.dataDir, 'store');
    // Durable (npm start): on its own thread, as mongod is its own process. In memory (tests): in process.
    embedded = dbPath
      ? await startEmbeddedStoreThread({
          dbPath,
          logger: options.logger,
          repairCommand: `${STORE_COMMAND} repair`,
          onCrash: (reason) => {
            options.logger(`${reason}; stopping, since nothing could be stored any more`);
            process.kill(process.pid, 'SIGTERM');
          },
        })
      : await startEmbeddedStore({ dbPath, logger: options.logger });
    uri = `${embedded.uri}/exam-variants`;
    // One line, so whoever starts the tool without MONGODB_URI knows where the data is and what it is for.
    options.logger(
      `No MONGODB_URI set: using the embedded MongoDB-compatible store ${dbPath ? `in ${dbPath}` : 'in memory'} on ${embedded.uri.replace('mongodb://', '')} — for trying the tool and for tests, not for production.`,
    );
  }
  // A connection of our own (not mongoose's default): ltijs brings its own mongoose and connection.
  const conn = mongoose.createConnection(uri, {
    maxPoolSize: 20,
    minPoolSize: 1,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    socketTimeoutMS: 30_000,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    heartbeatFrequencyMS: 10_000,
    // Indexes are built once, awaited, below (ensureIndexes) rather than in the background per model.
    autoIndex: false,
    // An acknowledged write is journaled (and on a replica set, on a majority): what the tool tells
    // a student is stored survives a crash of the database too. The embedded store journals every
    // write before answering anyway.
    writeConcern: { w: 'majority', j: true },
  });
  // A monitoring check takes at most a connect and a hello (CONNECT_TIMEOUT_MS each); see the watchdog.
  const stopWatchdog = watchServerMonitors(conn.getClient(), {
    stuckAfterMs: 2 * CONNECT_TIMEOUT_MS + 5_000,
    log: options.logger,
  });
  // Set before closing, so the 'disconnected' that our own close causes is not reported as lost.
  let closing = false;
  const closeBoth = async ({ quietly }: { quietly: boolean }) => {
    closing = true;
    stopWatchdog();
    if (runningAt) forgetRunningStore(runningAt);
    await (quietly ? conn.close().catch(() => undefined) : conn.close());
    await embedded?.close();
  };
  const release = () => closeBoth({ quietly: true });
  try {
    await conn.asPromise();
  } catch (error) {
    await release();
    throw new StoreUnavailableError(
      `cannot reach MongoDB at ${redact(uri)} within ${options.serverSelectionTimeoutMS ?? 5000} ms: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  // Once started, the driver reconnects by itself; operations meanwhile wait up to
  // serverSelectionTimeoutMS and then fail with an error (nothing is dropped silently).
  conn.on('disconnected', () => {
    if (!closing) options.logger('MongoDB connection lost; the driver is reconnecting');
  });
  conn.on('reconnected', () => options.logger('MongoDB connection restored'));
  const models = createModels(conn);
  if (embedded && !options.memory) {
    runningAt = join(options.dataDir, 'store');
    recordRunningStore(runningAt, uri);
  }
  try {
    await ensureIndexes(models);
  } catch (error) {
    // E.g. existing duplicates that a unique index refuses: the app must not run without it.
    await release();
    throw error;
  }
  return {
    conn,
    models,
    uri,
    close: () => closeBoth({ quietly: false }),
  };
}

/** Never print credentials. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
