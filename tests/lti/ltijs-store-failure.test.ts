import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LtijsDatabase } from '../../src/lti/ltijs-database.ts';
import { setupLtiProvider } from '../../src/lti/setup-provider.ts';
import type { LtijsRecords } from '../../src/store/repositories/ltijs-records.ts';
import { errorHandler } from '../../src/web/error-handler.ts';
import { testAppConfig } from '../support/start-test-server.ts';

/** ltijs' records on a store that has just gone away: every read and write fails as the driver's do. */
const storeGone = (): Promise<never> =>
  Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' }));
const goneRecords: LtijsRecords = {
  find: storeGone,
  findOne: storeGone,
  insert: storeGone,
  replace: storeGone,
  update: storeGone,
  remove: storeGone,
  ensureIndexes: () => Promise.resolve(),
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
let server: ReturnType<express.Express['listen']>;
let baseUrl = '';

beforeAll(async () => {
  // Seen here, not by vitest: without the fix the rejection is unhandled, and in the app it ends the process.
  process.prependListener('unhandledRejection', onUnhandled);
  const config = testAppConfig(0, 'http://127.0.0.1', '/nonexistent');
  const lti = await setupLtiProvider({
    config,
    database: { plugin: new LtijsDatabase(goneRecords) },
    ltiKey: 'test-lti-key-0123456789',
  });
  const app = express();
  app.use(lti.app);
  app.use(errorHandler(() => undefined));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  process.removeListener('unhandledRejection', onUnhandled);
  await new Promise((resolve) => server.close(resolve));
});

describe("ltijs' own handlers when the store fails under them", () => {
  it('answer a launch 503 "open the activity again in a moment"; nothing is left unanswered or unhandled', async () => {
    // A launch ltijs cannot validate sends it down its error path, which reads the login state from
    // the store again: the store is gone there too.
    const res = await fetch(`${baseUrl}/lti/launch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id_token: 'not-a-jwt', state: 'state-of-the-login' }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const page = await res.text();
    expect(page).toContain('Open the activity again in a moment.');
    expect(page).not.toMatch(/Not saved|at .*\.js:\d+/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
  });
});
