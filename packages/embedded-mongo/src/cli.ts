import { parseArgs } from 'node:util';
import { runStoreRepair } from './cli-repair.ts';
import { startEmbeddedStore } from './server.ts';

/**
 * `<command> --port 27018 [--dbpath DIR | --memory]`: the store on its own, for other processes
 * (`<command> repair --dbpath DIR` mends a damaged journal: cli-repair.ts). `command` is how the
 * embedding program names this command in its messages. Prints one line with the URI;
 * SIGTERM/SIGINT stop it with every write flushed.
 * Returns the exit code: 0 after a clean stop, 2 for bad flags, 1 if it cannot start.
 */
export async function runStoreCommand(args: string[], command = 'embedded-mongo'): Promise<number> {
  if (args[0] === 'repair') return runStoreRepair(args.slice(1), command);
  const fail = (message: string): number => {
    process.stderr.write(`${command}: ${message}\n`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '27018' },
        dbpath: { type: 'string' },
        memory: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) return fail('--port: must be a whole number from 0 to 65535');
  if (values.memory && values.dbpath !== undefined) return fail('--dbpath and --memory: choose one');
  if (values.dbpath === '') return fail('--dbpath: must not be empty');
  const dbPath = values.memory ? null : (values.dbpath ?? './data/store');
  let store;
  try {
    store = await startEmbeddedStore({
      port,
      dbPath,
      logger: (line) => process.stderr.write(`${line}\n`),
      repairCommand: `${command} repair`,
    });
  } catch (error) {
    process.stderr.write(`${command}: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(
    `embedded MongoDB-compatible store listening at ${store.uri} (${dbPath ? `durable, data in ${dbPath}` : 'in memory'})\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  await store.close();
  process.stdout.write('store stopped; everything flushed\n');
  return 0;
}
