import { afterAll, beforeAll } from 'vitest';
import type { StoreTarget, TestDatabase } from 'embedded-mongo/testing';
import { connectStore, type ConnectedStore } from '../../src/store/connection.ts';

/**
 * In a describe of one store target: opens the target and the app's store on it before the tests
 * (handing the store to `opened`), and drops the database and closes both after them.
 */
export function openStoreOn(target: StoreTarget, opened: (store: ConnectedStore) => void): void {
  let mongo: TestDatabase | undefined;
  let store: ConnectedStore | undefined;
  beforeAll(async () => {
    mongo = await target.open();
    store = await connectStore({ mongodbUri: mongo.uri, dataDir: '/nonexistent', logger: () => undefined });
    opened(store);
  });
  afterAll(async () => {
    await store?.conn.dropDatabase().catch(() => undefined);
    await store?.close();
    await mongo?.close();
  });
}
