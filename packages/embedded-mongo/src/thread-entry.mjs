// The embedded store's own thread (see store-thread.ts). Plain JavaScript so it starts without a
// loader; it registers tsx itself to load the TypeScript store.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startEmbeddedStore } = await import('./server.ts');
const log = (line) => parentPort.postMessage({ type: 'log', line });
try {
  const store = await startEmbeddedStore({
    dbPath: workerData.dbPath,
    repairCommand: workerData.repairCommand,
    logger: log,
  });
  parentPort.on('message', async (message) => {
    if (message?.type !== 'close') return;
    await store.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  });
  parentPort.postMessage({ type: 'ready', uri: store.uri, port: store.port });
} catch (error) {
  // What the app needs to explain the failure in one line: the message, and the error's name and
  // system code (EROFS, EACCES, ...), which do not cross the thread boundary by themselves.
  parentPort.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
    name: error?.name,
    code: error?.code,
    path: error?.path,
    syscall: error?.syscall,
  });
}
