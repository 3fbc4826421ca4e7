import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { NotFoundInStoreError } from '../store/repositories/not-found.ts';
import { StorageInputError } from '../store/storage-input-error.ts';
import { StoreDeadlineError } from '../store/store-deadline-error.ts';
import { errorHandler } from './error-handler.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './parse-body.ts';

const logged: string[] = [];
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const fail = (error: unknown) => () => {
    throw error;
  };
  app.get('/raw-too-long', fail(new StorageInputError('parts[0].raw', 'max-raw-length', 'at most 5000 characters')));
  app.get('/too-big', fail(new StorageInputError('submission', 'max-document-size', 'at most 1000000 bytes')));
  app.get('/bad-key', fail(new StorageInputError('draft.$set', 'safe-keys', 'key "$set" may not start with $')));
  app.get('/not-found', fail(new NotFoundInStoreError('attempt', '65a1b2c3d4e5f6a7b8c9d0e1')));
  app.get('/conflict', fail(new HttpError(409, 'This activity has no gradebook column.')));
  app.get('/bug', fail(new TypeError("Cannot read properties of undefined (reading 'x')")));
  app.get('/store-down', fail(Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' })));
  // What driver 7.8 rethrows when the store closes a connection a command is being written to.
  const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
  epipe.stack = `${epipe.message}\n    at Socket.writeAfterFIN [as write] (node:net:566:14)\n    at Connection.writeCommand (/app/node_modules/mongodb/lib/cmap/connection.js:408:29)`;
  app.get('/store-socket', fail(epipe));
  app.get('/other-socket', fail(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })));
  app.get('/store-silent', fail(new StoreDeadlineError('the store did not answer within 30 s')));
  app.post('/form', (req, res) => {
    const body = parseBody(z.object({ variants: z.coerce.number().int('a whole number').max(20, 'at most 20') }), req);
    res.json(body);
  });
  app.use(errorHandler((line) => logged.push(line)));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const get = async (path: string, json = false) => {
  const r = await fetch(`${base}${path}`, json ? { headers: { accept: 'application/json' } } : {});
  return { status: r.status, body: await r.text(), retryAfter: r.headers.get('retry-after') };
};

describe('the one error handler', () => {
  it("answers the store's refusal of an oversized value with 413 naming the field", async () => {
    for (const path of ['/raw-too-long', '/too-big']) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 413]);
    }
    expect((await get('/raw-too-long')).body).toContain('parts[0].raw: at most 5000 characters');
  });

  it("answers the store's refusal of a malformed value with 400 naming the field", async () => {
    const r = await get('/bad-key', true);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ status: 400, error: 'draft.$set: key "$set" may not start with $' });
  });

  it('answers a record that is not in the store with 404', async () => {
    const r = await get('/not-found');
    expect(r.status).toBe(404);
    expect(r.body).toContain('attempt: no attempt with that id');
  });

  it("keeps an HttpError's status and message", async () => {
    const r = await get('/conflict');
    expect(r.status).toBe(409);
    expect(r.body).toContain('no gradebook column');
  });

  it('answers a bad form field with 422 naming the field and the rule', async () => {
    const r = await fetch(`${base}/form`, { method: 'POST', body: new URLSearchParams({ variants: '21' }) });
    expect(r.status).toBe(422);
    expect(await r.text()).toContain('variants: at most 20');
    const ok = await fetch(`${base}/form`, { method: 'POST', body: new URLSearchParams({ variants: '3' }) });
    expect(await ok.json()).toEqual({ variants: 3 });
  });

  it('answers anything else with a plain 500 that shows no internals, and logs it', async () => {
    logged.length = 0;
    const r = await get('/bug');
    expect(r.status).toBe(500);
    expect(r.body).not.toMatch(/TypeError|reading 'x'|at \w+ \(/);
    expect(logged.join('\n')).toContain("TypeError: Cannot read properties of undefined (reading 'x')");
  });

  it('answers a store that cannot be reached with 503 and Retry-After', async () => {
    const r = await get('/store-down');
    expect(r.status).toBe(503);
    expect(r.retryAfter).toBe('5');
    expect(r.body).toContain('Not saved');
  });

  it("answers the driver's bare socket error (the store closed the connection mid-write) as a store that cannot be reached, and another socket's as a 500", async () => {
    const r = await get('/store-socket');
    expect(r.status).toBe(503);
    expect(r.body).toContain('Not saved');
    expect((await get('/other-socket')).status).toBe(500);
  });

  it('answers a store that did not answer in time as one that cannot be reached: 503, not saved', async () => {
    const r = await get('/store-silent');
    expect(r.status).toBe(503);
    expect(r.retryAfter).toBe('5');
    expect(r.body).toContain('Not saved');
  });
});
