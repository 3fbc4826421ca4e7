import { randomUUID } from 'node:crypto';
import { startEmbeddedStore } from '../../src/store/embedded/index.ts';

export interface TestMongo {
  /** A URI with a database of its own (mongodb://host:port/t_xxxxxxxxxxxx). */
  uri: string;
  kind: 'real MongoDB' | 'embedded store';
  /** Stops the embedded store (a real MongoDB is left running; drop your database first). */
  close(): Promise<void>;
}

/**
 * The contract suites run against an in-memory embedded store by default and against a real
 * MongoDB when TEST_MONGODB_URI is set (`docker compose up -d mongo`, then
 * `TEST_MONGODB_URI=mongodb://localhost:27017 npm test`), holding both to the same behaviour.
 * Each call gets a database name of its own, so suites never see each other's data.
 */
export async function testMongoUri(): Promise<TestMongo> {
  const dbName = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const real = process.env.TEST_MONGODB_URI;
  if (real) return { uri: withDatabase(real, dbName), kind: 'real MongoDB', close: async () => undefined };
  // A short TTL sweep so TTL tests finish in seconds (mongod's monitor runs every 60 s).
  const store = await startEmbeddedStore({ dbPath: null, ttlIntervalMs: 200 });
  return { uri: `${store.uri}/${dbName}`, kind: 'embedded store', close: () => store.close() };
}

/** Earlier name of testMongoUri, kept for suites already using it. */
export const testMongo = testMongoUri;

/** Puts `dbName` as the path of a mongodb:// URI, keeping credentials and ?options. */
export function withDatabase(uri: string, dbName: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`TEST_MONGODB_URI is not a mongodb:// URI: ${uri}`);
  return `${match[1]}/${dbName}${match[2] ?? ''}`;
}
