import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSandbox, type SandboxMount } from './mount.ts';
import { startFakeTool, type FakeTool } from './test-harness.ts';

describe('sandbox mount: ensureRegistered', () => {
  let tool: FakeTool;
  let server: Server;
  let url: string;
  let dataDir: string;
  const app = express();
  let current: SandboxMount | undefined;
  app.use((req, res, next) => (current ? current.routes(req, res, next) : next()));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-mount-'));
    tool = await startFakeTool();
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await tool.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers once, keeps the registration while the tool knows it, re-registers when the tool forgot', async () => {
    current = buildSandbox({ config: { baseUrl: url, dataDir }, log: () => undefined });
    const first = await current.ensureRegistered(`${tool.url}/register`);
    expect(first.registered).toBe(true);
    const again = await current.ensureRegistered(`${tool.url}/register`);
    expect(again).toEqual({ ...first, registered: false });

    // A restart with the same DATA_DIR keeps key, registration and course.
    current = buildSandbox({ config: { baseUrl: url, dataDir }, log: () => undefined });
    expect(await current.ensureRegistered(`${tool.url}/register`)).toEqual({ ...first, registered: false });

    // The tool lost its database: its login refuses our client id, so we register again.
    tool.registration = undefined;
    const fresh = await current.ensureRegistered(`${tool.url}/register`);
    expect(fresh.registered).toBe(true);
    expect(fresh.clientId).not.toBe(first.clientId);
    const links = await current.platform.storage.listResourceLinks('2');
    expect(links.map((l) => l.clientId)).toEqual([fresh.clientId]);
    const book = await current.platform.gradebook();
    expect(book.lineItems.map((c) => c.clientId)).toEqual([fresh.clientId]);
  });

  it('serves the course page under /sandbox', async () => {
    const response = await fetch(`${url}/sandbox`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Midterm exam');
  });
});
