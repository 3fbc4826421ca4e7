import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import type { CommandContext, CommandCounts } from './commands/context.ts';
import { runCommand } from './commands/registry.ts';
import { Cursors } from './engine/cursors.ts';
import { Storage } from './engine/storage.ts';
import type { CompactionPolicy } from './persistence/compaction-policy.ts';
import { sweepExpired } from './engine/ttl.ts';
import { decodeRequest, encodeResponse } from './wire/messages.ts';
import { MessageReader } from './wire/protocol.ts';

export interface EmbeddedStoreOptions {
  /** 0 (default): an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the store has no authentication, so it must not listen beyond loopback. */
  host?: string;
  /** null (default): in memory, for tests. A directory: durable (journal + snapshots). */
  dbPath?: string | null;
  logger?: (line: string) => void;
  /** How often expired TTL documents are removed (mongod: 60 s). */
  ttlIntervalMs?: number;
  /** When the journal is written as a snapshot (CompactionPolicy; DEFAULT_COMPACTION_POLICY's where not given). */
  compaction?: Partial<CompactionPolicy>;
  /**
   * The command an operator runs to repair a damaged data directory (runStoreCommand's `repair`),
   * named when the store refuses to start on one. Default: `embedded-mongo repair`.
   */
  repairCommand?: string;
}

export interface EmbeddedStore {
  /** mongodb://127.0.0.1:PORT (append /dbname). */
  uri: string;
  port: number;
  /**
   * Waits for pending writes to be durable, closes every connection and the data directory (a
   * snapshot being written is given up: the journals stay and are replayed at the next start).
   */
  close(): Promise<void>;
}

/** Serves the store over the MongoDB wire protocol. */
export async function startEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger;
  const storage = await Storage.open({
    dbPath: options.dbPath ?? null,
    ...(options.compaction ? { compaction: options.compaction } : {}),
    ...(logger ? { logger } : {}),
    ...(options.repairCommand ? { repairCommand: options.repairCommand } : {}),
  });
  const cursors = new Cursors();
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<void>>();
  const startedAt = Date.now();
  const commandCounts: CommandCounts = new Map();
  let connectionIds = 0;
  const reportedUnknown = new Set<string>();
  const onUnknown = (name: string): void => {
    if (reportedUnknown.has(name)) return;
    reportedUnknown.add(name);
    logger?.(`embedded store: unsupported command '${name}' (answered CommandNotFound)`);
  };

  const server: Server = createServer((socket) => {
    const ctx: CommandContext = {
      storage,
      cursors,
      connectionId: ++connectionIds,
      openConnections: () => sockets.size,
      startedAt,
      commandCounts,
    };
    serveConnection(socket, ctx, sockets, inFlight, onUnknown, logger);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let sweeping: Promise<unknown> | undefined;
  const sweep = setInterval(() => {
    // One sweep at a time; close() waits for a running one so its deletions reach the journal.
    sweeping ??= sweepExpired(storage)
      .catch((error: unknown) => logger?.(`embedded store: TTL sweep failed: ${String(error)}`))
      .finally(() => (sweeping = undefined));
  }, options.ttlIntervalMs ?? 5000);
  sweep.unref();

  let closing: Promise<void> | undefined;
  return {
    uri: `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        clearInterval(sweep);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        // Commands already running finish (and their writes reach the journal) before sockets go.
        await Promise.allSettled([...inFlight, sweeping]);
        for (const s of sockets) s.destroy();
        await stopped;
        await storage.close();
      })();
      return closing;
    },
  };
}

/**
 * One connection: messages answered strictly in order, one at a time, as mongod does per
 * connection. Concurrency comes from the driver's connection pool.
 */
function serveConnection(
  socket: Socket,
  ctx: CommandContext,
  sockets: Set<Socket>,
  inFlight: Set<Promise<void>>,
  onUnknown: (name: string, body: Document) => void,
  logger: ((line: string) => void) | undefined,
): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  const reader = new MessageReader();
  const queue: Buffer[] = [];
  let running = false;

  const drain = async (): Promise<void> => {
    running = true;
    while (queue.length > 0 && !socket.destroyed) {
      const message = queue.shift() as Buffer;
      let request;
      try {
        request = decodeRequest(message);
      } catch (error) {
        logger?.(`embedded store: closing a connection after a protocol error: ${String(error)}`);
        socket.destroy();
        break;
      }
      const reply = await runCommand(request.body, { ...ctx, requestBytes: message.length }, onUnknown);
      if (request.noReply || socket.destroyed) continue;
      try {
        socket.write(encodeResponse(request, reply));
      } catch (error) {
        // A reply that cannot be encoded (e.g. over the BSON limit) still gets an answer.
        socket.write(
          encodeResponse(request, {
            ok: 0,
            errmsg: `reply could not be encoded: ${String(error)}`,
            code: 10334,
            codeName: 'BSONObjectTooLarge',
          }),
        );
      }
    }
    running = false;
  };

  socket.on('data', (chunk: Buffer) => {
    let messages: Buffer[];
    try {
      messages = reader.push(chunk);
    } catch (error) {
      logger?.(`embedded store: closing a connection after a protocol error: ${String(error)}`);
      socket.destroy();
      return;
    }
    for (const m of messages) queue.push(m);
    if (!running && queue.length > 0) {
      const job = drain();
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => sockets.delete(socket));
}
