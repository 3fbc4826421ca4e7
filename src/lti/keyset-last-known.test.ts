import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetWithLastKnown } from './keyset-last-known.ts';

const KEYSET = { keys: [{ kty: 'RSA', kid: 'k1', n: 'abc', e: 'AQAB', alg: 'RS256', use: 'sig' }] };

describe('the public keyset while the store is away', () => {
  // Plays ltijs' keyset route: answers from the store, fails (500) or hangs as the store does.
  let store: 'up' | 'failing' | 'hanging' = 'up';
  let server: Server;
  let url = '';
  beforeAll(async () => {
    const app = express();
    app.get('/lti/keys', keysetWithLastKnown());
    app.get('/lti/keys', (_req, res) => {
      if (store === 'up') res.status(200).send(KEYSET);
      else if (store === 'failing') res.status(500).send({ status: 500, error: 'Internal Server Error' });
      else setTimeout(() => res.status(500).send({ status: 500, error: 'timed out' }), 3_000);
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lti/keys`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async () => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };

  it('before any keyset was read, a failing store is a failure the LMS sees', async () => {
    store = 'failing';
    await expect(get()).resolves.toMatchObject({ status: 500 });
  });

  it('gives the last keyset the store gave when the store fails or is slow', async () => {
    store = 'up';
    await expect(get()).resolves.toEqual({ status: 200, type: expect.stringMatching(/json/), body: KEYSET });
    store = 'failing';
    await expect(get()).resolves.toEqual({ status: 200, type: expect.stringMatching(/json/), body: KEYSET });
    store = 'hanging';
    const started = Date.now();
    await expect(get()).resolves.toEqual({ status: 200, type: expect.stringMatching(/json/), body: KEYSET });
    // Well before an LMS's fetch gives up (Moodle's default curl timeout is far longer; the sandbox waits 5 s).
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('follows the store again once it answers', async () => {
    store = 'up';
    KEYSET.keys.push({ kty: 'RSA', kid: 'k2', n: 'def', e: 'AQAB', alg: 'RS256', use: 'sig' });
    await expect(get()).resolves.toMatchObject({ status: 200, body: { keys: [{ kid: 'k1' }, { kid: 'k2' }] } });
    store = 'failing';
    await expect(get()).resolves.toMatchObject({ status: 200, body: { keys: [{ kid: 'k1' }, { kid: 'k2' }] } });
  });
});
