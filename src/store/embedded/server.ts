import { createServer, type Server, type Socket } from 'node:net';
import { CommandHandler } from './commands.ts';
import { Storage } from './database.ts';
import { sweepExpired } from './ttl-sweeper.ts';
import { decodeMessage, encodeReply, MAX_MESSAGE_BYTES } from './wire.ts';

export interface EmbeddedStoreOptions {
  port?: number;
  host?: string;
  /** null: in memory (tests); a directory: durable. */
  dbPath?: string | null;
  logger?: (line: string) => void;
  ttlIntervalMs?: number;
  compactBytes?: number;
}

export interface EmbeddedStore {
  uri: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the store over the MongoDB wire protocol on loopback. */
export async function startEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const host = options.host ?? '127.0.0.1';
  const storage = await Storage.open({ dbPath: options.dbPath ?? null, ...(options.compactBytes ? { compactBytes: options.compactBytes } : {}) });
  const handler = new CommandHandler(storage);
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => serveConnection(socket, handler, sockets));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sweep = setInterval(() => {
    sweepExpired(storage).catch((error: unknown) => options.logger?.(`ttl sweep failed: ${String(error)}`));
  }, options.ttlIntervalMs ?? 5000);
  sweep.unref();
  let closed: Promise<void> | undefined;
  return {
    uri: `mongodb://${host}:${port}`,
    port,
    close() {
      closed ??= (async () => {
        clearInterval(sweep);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
        await storage.close();
      })();
      return closed;
    },
  };
}

/** One connection: length-prefixed messages, answered in order. */
function serveConnection(socket: Socket, handler: CommandHandler, sockets: Set<Socket>): void {
  sockets.add(socket);
  socket.setNoDelay(true);
  let buffered: Buffer = Buffer.alloc(0);
  let chain = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) {
        socket.destroy();
        return;
      }
      if (buffered.length < length) break;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      chain = chain.then(async () => {
        let decoded;
        try {
          decoded = decodeMessage(Buffer.from(message));
        } catch {
          socket.destroy();
          return;
        }
        const reply = await handler.run(decoded.body);
        if (!socket.destroyed) socket.write(encodeReply(decoded.header, decoded.legacy, reply));
      });
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('close', () => sockets.delete(socket));
}
