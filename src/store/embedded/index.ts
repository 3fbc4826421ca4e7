import { parseArgs } from 'node:util';
export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './server.ts';
import { startEmbeddedStore } from './server.ts';

/** `exam-variants store --port 27018 [--dbpath DIR | --memory]`: the store on its own, for other processes. */
export async function runStoreCommand(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { port: { type: 'string', default: '27018' }, dbpath: { type: 'string' }, memory: { type: 'boolean', default: false } }, strict: true }));
  } catch (error) {
    process.stderr.write(`exam-variants store: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write('exam-variants store: --port: must be a whole number from 0 to 65535\n');
    return 2;
  }
  if (values.memory && values.dbpath) {
    process.stderr.write('exam-variants store: --dbpath and --memory: choose one\n');
    return 2;
  }
  const dbPath = values.memory ? null : (values.dbpath ?? './data/store');
  const store = await startEmbeddedStore({ port, dbPath, logger: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`embedded MongoDB-compatible store listening at ${store.uri} (${dbPath ? `durable, data in ${dbPath}` : 'in memory'})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await store.close();
  process.stdout.write('store stopped; everything flushed\n');
  return 0;
}
