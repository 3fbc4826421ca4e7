import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mongoose, { type Connection } from 'mongoose';
import { startEmbeddedStore, type EmbeddedStore } from 'embedded-mongo';
import { LtijsDatabase, isStoreFailureMessage } from '../../src/lti/ltijs-database.ts';
import { ltijsRecords } from '../../src/store/repositories/ltijs-records.ts';

// ltijs' built-in Database (mongoose 7, driver 5), as every deployment before the plugin wrote its records.
const require = createRequire(import.meta.url);
const BuiltInDatabase = require('ltijs/dist/Utils/Database.js') as new (config: { url: string }) => LtijsApi & {
  setup(): Promise<unknown>;
  Close(): Promise<unknown>;
};

/** The calls ltijs makes on its database (Provider.js, Auth.js, Platform.js, Keyset.js). */
interface LtijsApi {
  Get(key: string | false, collection: string, query?: Record<string, unknown>): Promise<unknown[] | false>;
  Insert(key: string | false, collection: string, item: object, index?: object): Promise<unknown>;
  Replace(key: string | false, collection: string, query: object, item: object, index?: object): Promise<unknown>;
  Modify(key: string | false, collection: string, query: object, modification: object): Promise<unknown>;
  Delete(collection: string, query: object): Promise<unknown>;
}

const KEY = 'test-lti-key-0123456789';

/** What ltijs writes in a registration, a login and a launch, with the values it leaves undefined. */
async function writeAsLtijsDoes(db: LtijsApi): Promise<void> {
  await db.Replace(
    false,
    'platform',
    { platformUrl: 'https://lms.example', clientId: 'c1' },
    {
      platformName: 'LMS',
      platformUrl: 'https://lms.example',
      clientId: 'c1',
      authEndpoint: 'https://lms.example/auth',
      accesstokenEndpoint: 'https://lms.example/token',
      authorizationServer: undefined,
      kid: 'kid-1',
      authConfig: { method: 'JWK_SET', key: 'https://lms.example/jwks' },
    },
  );
  await db.Modify(
    false,
    'platform',
    { platformUrl: 'https://lms.example', clientId: 'c1' },
    { authorizationServer: 'https://lms.example/as' },
  );
  await db.Replace(
    KEY,
    'publickey',
    { kid: 'kid-1' },
    { kty: 'RSA', n: 'abc', e: 'AQAB' },
    { kid: 'kid-1', platformUrl: 'https://lms.example', clientId: 'c1' },
  );
  await db.Replace(
    KEY,
    'privatekey',
    { kid: 'kid-1' },
    { key: 'PRIVATE' },
    { kid: 'kid-1', platformUrl: 'https://lms.example', clientId: 'c1' },
  );
  await db.Insert(false, 'platformStatus', { id: 'kid-1', active: true });
  await db.Replace(false, 'platformStatus', { id: 'kid-2' }, { id: 'kid-2' });
  await db.Insert(false, 'state', { state: 'st-1', query: { a: '1' } });
  await db.Insert(false, 'nonce', { nonce: 'n-1' });
  const idToken = {
    iss: 'https://lms.example',
    user: 'u-1',
    userInfo: { given_name: 'Ada', family_name: undefined, name: 'Ada', email: undefined },
    platformInfo: undefined,
    clientId: 'c1',
    platformId: 'kid-1',
    deploymentId: 'd-1',
  };
  const idTokenKey = { iss: 'https://lms.example', clientId: 'c1', deploymentId: 'd-1', user: 'u-1' };
  await db.Replace(false, 'idtoken', idTokenKey, idToken);
  // A second launch replaces the record whole.
  await db.Replace(false, 'idtoken', idTokenKey, { ...idToken, userInfo: { name: 'Ada L.' } });
  await db.Replace(
    false,
    'contexttoken',
    { contextId: 'ctx-1', user: 'u-1' },
    {
      contextId: 'ctx-1',
      user: 'u-1',
      context: { id: 'course', title: 'Course' },
      resource: { id: 'link' },
      messageType: 'LtiResourceLinkRequest',
      version: '1.3.0',
      deepLinkingSettings: undefined,
      lis: undefined,
      path: '/lti/launch',
      roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      targetLinkUri: 'https://tool.example/lti/launch',
      custom: undefined,
      launchPresentation: { locale: 'en' },
      endpoint: { scope: ['s'], lineitem: 'https://lms.example/li/1' },
      namesRoles: undefined,
    },
  );
  await db.Replace(false, 'contexttoken', { contextId: 'ctx-2', user: 'u-1' }, { contextId: 'ctx-2', user: 'u-1' });
  await db.Modify(false, 'contexttoken', { contextId: 'ctx-1', user: 'u-1' }, { path: '/lti/launch?x' });
  await db.Replace(
    KEY,
    'accesstoken',
    { platformUrl: 'https://lms.example', clientId: 'c1', scopes: 's' },
    { access_token: 'token-1', token_type: 'Bearer', expires_in: 3600 },
    { platformUrl: 'https://lms.example', clientId: 'c1', scopes: 's' },
  );
  await db.Modify(
    KEY,
    'accesstoken',
    { platformUrl: 'https://lms.example', clientId: 'c1', scopes: 's' },
    { token_type: 'bearer' },
  );
  await db.Delete('nonce', { nonce: 'missing' });
  await db.Insert(false, 'nonce', { nonce: 'n-2' });
  await db.Delete('nonce', { nonce: 'n-2' });
}

/** Every record as stored, with what differs by nature (ids, random IVs, ciphertexts, times) masked. */
async function storedRecords(conn: Connection) {
  const db = conn.db;
  if (!db) throw new Error('not connected');
  const out: Record<string, unknown> = {};
  for (const name of (await db.listCollections().toArray()).map((c) => c.name).sort()) {
    const docs = await db.collection(name).find().toArray();
    out[name] = {
      docs: docs
        .map(({ _id, iv, data, createdAt, ...rest }) => ({
          ...rest,
          ...(iv === undefined ? {} : { iv: typeof iv }),
          ...(data === undefined ? {} : { data: typeof data }),
          ...(createdAt === undefined ? {} : { createdAt: createdAt instanceof Date }),
        }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      indexes: (await db.collection(name).indexes())
        .map(({ name: indexName, key, unique, expireAfterSeconds }) => ({ indexName, key, unique, expireAfterSeconds }))
        .sort((a, b) => String(a.indexName).localeCompare(String(b.indexName))),
    };
  }
  return out;
}

/** What ltijs reads back: every Get it makes, as plain data (JSON, as ltijs copies an id token). */
async function readAsLtijsDoes(db: LtijsApi) {
  const read = async (key: string | false, collection: string, query?: Record<string, unknown>) =>
    JSON.parse(JSON.stringify(await db.Get(key, collection, query))) as unknown;
  return {
    platform: await read(false, 'platform', { platformUrl: 'https://lms.example', clientId: 'c1' }),
    platforms: await read(false, 'platform'),
    byKid: await read(false, 'platform', { kid: 'kid-1' }),
    status: await read(false, 'platformStatus', { id: 'kid-1' }),
    defaultStatus: await read(false, 'platformStatus', { id: 'kid-2' }),
    publicKeys: await read(KEY, 'publickey'),
    privateKey: await read(KEY, 'privatekey', { kid: 'kid-1' }),
    state: await read(false, 'state', { state: 'st-1' }),
    nonce: await read(false, 'nonce', { nonce: 'n-1' }),
    nonces: await read(false, 'nonce'),
    idToken: await read(false, 'idtoken', {
      iss: 'https://lms.example',
      clientId: 'c1',
      deploymentId: 'd-1',
      user: 'u-1',
    }),
    contextToken: await read(false, 'contexttoken', { contextId: 'ctx-1', user: 'u-1' }),
    bareContextToken: await read(false, 'contexttoken', { contextId: 'ctx-2', user: 'u-1' }),
    accessToken: await read(KEY, 'accesstoken', { platformUrl: 'https://lms.example', clientId: 'c1', scopes: 's' }),
    missing: await read(false, 'platform', { platformUrl: 'https://other.example' }),
  };
}

/** Times ltijs stamps (createdAt) differ between two writes; their presence and type do not. */
function withoutTimes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => (k === 'createdAt' ? typeof v : v)) as unknown;
}

let store: EmbeddedStore;
let conn: Connection;
const builtIns: Array<{ Close(): Promise<unknown> }> = [];

beforeAll(async () => {
  store = await startEmbeddedStore({ dbPath: null });
  conn = await mongoose.createConnection(`${store.uri}/ltijs-plugin`).asPromise();
});
afterAll(async () => {
  for (const db of builtIns) await db.Close();
  await conn.close();
  await store.close();
});

/** ltijs' built-in Database on its own database of the store (one at a time: it uses mongoose 7's default connection). */
async function builtInOn(dbName: string) {
  for (const db of builtIns.splice(0)) await db.Close();
  const db = new BuiltInDatabase({ url: `${store.uri}/${dbName}` });
  await db.setup();
  builtIns.push(db);
  return db;
}

async function pluginOn(dbName: string) {
  const plugin = new LtijsDatabase(ltijsRecords(conn.useDb(dbName, { useCache: true })));
  await plugin.prepare();
  return plugin;
}

describe("ltijs' records through the app's connection (the database plugin)", () => {
  it("stores what ltijs' built-in Database stores: the same collections, documents and indexes", async () => {
    const builtIn = await builtInOn('written-by-ltijs');
    await writeAsLtijsDoes(builtIn);
    // ltijs' mongoose builds its indexes in the background: wait until they are all there.
    for (
      let i = 0;
      i < 50 && (await conn.useDb('written-by-ltijs').db?.collection('states').indexes())?.length !== 3;
      i++
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    const plugin = await pluginOn('written-by-plugin');
    await writeAsLtijsDoes(plugin);
    const expected = await storedRecords(conn.useDb('written-by-ltijs'));
    expect(Object.keys(expected)).toEqual([
      'accesstokens',
      'contexttokens',
      'idtokens',
      'nonces',
      'platforms',
      'platformstatuses',
      'privatekeys',
      'publickeys',
      'states',
    ]);
    expect(await storedRecords(conn.useDb('written-by-plugin'))).toEqual(expected);
  });

  // On the two databases the test above wrote.
  it('reads records ltijs wrote (its key pairs and tokens decrypted with its key) as ltijs read them, and the other way round', async () => {
    const builtIn = await builtInOn('written-by-ltijs');
    const fromLtijs = withoutTimes(await readAsLtijsDoes(builtIn));
    const plugin = await pluginOn('written-by-ltijs');
    expect(withoutTimes(await readAsLtijsDoes(plugin))).toEqual(fromLtijs);
    expect(fromLtijs).toMatchObject({
      publicKeys: [{ kty: 'RSA', n: 'abc', e: 'AQAB' }],
      accessToken: [{ access_token: 'token-1', token_type: 'bearer', expires_in: 3600, createdAt: 'number' }],
      missing: false,
    });
    // An encrypted record's createdAt is what ltijs' token expiry reads: the same number from both.
    const token = { platformUrl: 'https://lms.example', clientId: 'c1', scopes: 's' };
    expect(await plugin.Get(KEY, 'accesstoken', token)).toEqual(await builtIn.Get(KEY, 'accesstoken', token));
    // What the plugin wrote, ltijs' own Database reads the same (a rollback keeps working).
    const builtInOnPlugin = await builtInOn('written-by-plugin');
    expect(withoutTimes(await readAsLtijsDoes(builtInOnPlugin))).toEqual(fromLtijs);
  });

  it('refuses a query value that would be an operator, as request data must never become one', async () => {
    const plugin = await pluginOn('written-by-plugin');
    await expect(plugin.Get(false, 'state', { state: { $ne: null } })).rejects.toThrow(/Cast to string failed/);
    await expect(plugin.Delete('state', { state: { $gt: '' } })).rejects.toThrow(/Cast to string failed/);
    expect(await plugin.Get(false, 'state', { state: 'st-1' })).toHaveLength(1);
  });

  it('reports a store that cannot be reached in the message ltijs hands to its error handlers', async () => {
    const gone = await mongoose
      .createConnection(`${store.uri}/ltijs-plugin`, { serverSelectionTimeoutMS: 300 })
      .asPromise();
    const plugin = new LtijsDatabase(ltijsRecords(gone));
    await store.close();
    try {
      const failure = await plugin
        .Get(false, 'platform', { platformUrl: 'https://lms.example' })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(isStoreFailureMessage((failure as Error).message)).toBe(true);
    } finally {
      await gone.close(true);
      store = await startEmbeddedStore({ dbPath: null });
    }
  });
});
