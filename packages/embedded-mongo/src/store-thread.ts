import { Worker } from 'node:worker_threads';
import type { EmbeddedStore } from './server.ts';

type FromThread =
  | { type: 'ready'; uri: string; port: number }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string; name?: string; code?: string; path?: string; syscall?: string }
  | { type: 'closed' };

/**
 * The embedded store on a thread of its own: mongod runs beside an app in production, and on its
 * own thread the embedded store likewise works on a second core, so decoding, matching and
 * journaling never wait behind the app's request handling on one event loop. The app still
 * reaches it only through the driver over TCP on loopback, as it would reach mongod.
 *
 * If the thread dies, the app cannot store anything: `onCrash` is told, and the caller decides.
 */
export function startEmbeddedStoreThread(options: {
  dbPath: string | null;
  logger: (line: string) => void;
  onCrash: (reason: string) => void;
  /** As EmbeddedStoreOptions.repairCommand. */
  repairCommand?: string;
}): Promise<EmbeddedStore> {
  const worker = new Worker(new URL('./thread-entry.mjs', import.meta.url), {
    workerData: { dbPath: options.dbPath, repairCommand: options.repairCommand },
  });
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    let started = false;
    worker.on('message', (message: FromThread) => {
      if (message.type === 'log') options.logger(message.line);
      else if (message.type === 'failed') {
        const { message: text, name, code, path, syscall } = message;
        const error = Object.assign(new Error(text), {
          ...(code ? { code } : {}),
          ...(path ? { path } : {}),
          ...(syscall ? { syscall } : {}),
        });
        if (name) error.name = name;
        reject(error);
      } else if (message.type === 'ready') {
        started = true;
        resolve({
          uri: message.uri,
          port: message.port,
          close: () =>
            (closing ??= new Promise<void>((done) => {
              worker.once('exit', () => done());
              worker.postMessage({ type: 'close' });
            })),
        });
      }
    });
    worker.on('error', (error) => {
      if (!started) reject(error);
      else options.onCrash(`embedded store thread failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (!started) reject(new Error(`embedded store thread exited with code ${code} before it started`));
      else if (!closing) options.onCrash(`embedded store thread exited unexpectedly (code ${code})`);
    });
  });
}
