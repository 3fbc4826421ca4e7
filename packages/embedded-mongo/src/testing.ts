import { randomUUID } from 'node:crypto';
import { startEmbeddedStore } from './server.ts';

/** A database of its own for one suite, on one target. */
export interface TestDatabase {
  /** mongodb://host:port/t_xxxxxxxxxxxx (credentials and ?options of TEST_MONGODB_URI kept). */
  uri: string;
  kind: StoreKind;
  /** Stops the embedded store (a real MongoDB is left running: drop your database first). */
  close(): Promise<void>;
}

export type StoreKind = 'embedded store' | 'real MongoDB';

/** A server a contract suite runs against. */
export interface StoreTarget {
  kind: StoreKind;
  /** Why this target does not run now (shown in the suite's title), or undefined when it runs. */
  skipped: string | undefined;
  /** The suite's title on this target, with the reason when it is skipped. */
  title(suite: string): string;
  open(): Promise<TestDatabase>;
}

/**
 * The servers a contract suite holds to the same behaviour: always an in-memory embedded store,
 * and a real MongoDB when TEST_MONGODB_URI is set (`docker compose up -d mongo`, then
 * `TEST_MONGODB_URI=mongodb://localhost:27017 npm test`). Without it the real-MongoDB run is
 * listed as skipped with the reason, so a green run never hides that it was not tried.
 */
export function storeTargets(env: NodeJS.ProcessEnv = process.env): StoreTarget[] {
  const real = env.TEST_MONGODB_URI;
  const target = (kind: StoreKind, skipped: string | undefined, open: () => Promise<TestDatabase>): StoreTarget => ({
    kind,
    skipped,
    title: (suite) => `${suite} on ${kind}${skipped ? ` (skipped: ${skipped})` : ''}`,
    open,
  });
  return [
    target('embedded store', undefined, async () => {
      // A short TTL sweep so TTL tests finish in seconds (mongod's monitor runs every 60 s).
      const store = await startEmbeddedStore({ dbPath: null, ttlIntervalMs: 200 });
      return { uri: `${store.uri}/${databaseName()}`, kind: 'embedded store', close: () => store.close() };
    }),
    target('real MongoDB', real ? undefined : 'TEST_MONGODB_URI is not set', async () => {
      if (!real) throw new Error('TEST_MONGODB_URI is not set');
      return { uri: withDatabase(real, databaseName()), kind: 'real MongoDB', close: async () => undefined };
    }),
  ];
}

/** A name of its own per suite, so suites sharing a server never see each other's data. */
const databaseName = (): string => `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** Puts `dbName` as the path of a mongodb:// URI, keeping credentials and ?options. */
export function withDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`TEST_MONGODB_URI is not a mongodb:// URI: ${uri}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}
