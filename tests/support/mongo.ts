import { randomUUID } from 'node:crypto';
import { startEmbeddedStore } from '../../src/store/embedded/index.ts';

export interface TestMongo {
  /** A URI with a database of its own. */
  uri: string;
  kind: 'real MongoDB' | 'embedded store';
  close(): Promise<void>;
}

/**
 * The contract suites run against the embedded store by default and against a real MongoDB when
 * TEST_MONGODB_URI is set (`docker compose up -d mongo`, then
 * `TEST_MONGODB_URI=mongodb://localhost:27017/test npm test`), holding both to the same behaviour.
 */
export async function testMongo(): Promise<TestMongo> {
  const real = process.env.TEST_MONGODB_URI;
  const dbName = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (real) {
    const base = real.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
    return { uri: base, kind: 'real MongoDB', close: async () => undefined };
  }
  const store = await startEmbeddedStore({ dbPath: null, ttlIntervalMs: 200 });
  return { uri: `${store.uri}/${dbName}`, kind: 'embedded store', close: () => store.close() };
}
