import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { LTI_ROUTES } from '../../src/lti/setup-provider.ts';
import { startServer } from '../../src/server.ts';
import { TestBrowser, hiddenField } from '../support/lti-browser.ts';
import { freePort, testAppConfig } from '../support/start-test-server.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/old-ltijs-store.ts', import.meta.url));
const SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What the tool with ltijs' built-in Database wrote into `dataDir` (fixtures/old-ltijs-store.ts). */
async function writtenByLtijsOwnDatabase(dataDir: string, port: number) {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', FIXTURE, dataDir, String(port)]);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as {
    ltik: string;
    issuer: string;
    clientId: string;
    kid: string;
    keyset: unknown;
    accessToken: string;
  };
}

describe("a store written by ltijs' built-in Database, opened by the app (ltijs' records through the app's connection)", () => {
  it('keeps its registration, key pair, access token and launch sessions: old and new students launch', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ev-old-ltijs-store-'));
    dirs.push(dataDir);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const config = testAppConfig(port, baseUrl, dataDir);
    const old = await writtenByLtijsOwnDatabase(dataDir, port);

    const app = await startServer({ config, log: () => undefined, workerIntervalMs: 3_600_000 });
    try {
      // The same registration and key pair: the LMS trusts the same keyset, nothing registered again.
      const platforms = await app.lti.getAllPlatforms();
      expect(platforms).toHaveLength(1);
      expect(await platforms[0]?.platformKid()).toBe(old.kid);
      expect(await (await fetch(`${baseUrl}${LTI_ROUTES.keys}`)).json()).toEqual(old.keyset);
      // The access token ltijs stored encrypted: read with the same key, not asked for again.
      const platform = await app.lti.getPlatform(old.issuer, old.clientId);
      if (!platform || Array.isArray(platform)) throw new Error('the registration is not found');
      expect((await platform.platformAccessToken(SCOPE)).access_token).toBe(old.accessToken);

      // The session of the launch made before (its id and context tokens as ltijs stored them).
      const session = await new TestBrowser().navigate(`${baseUrl}${LTI_ROUTES.launch}?ltik=${old.ltik}`);
      expect(session.status).toBe(200);
      hiddenField(session.body, 'session');
      // The same student launching again, and one who never did.
      for (const user of ['student-1', 'student-2']) {
        const page = await new TestBrowser().navigate(`${baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
        expect(page.status, page.body.slice(0, 300)).toBe(200);
        hiddenField(page.body, 'session');
      }
      expect(
        await app.store.models.Attempt.countDocuments({
          userId: mongoose.trusted({ $in: ['student-1', 'student-2'] }),
        }),
      ).toBe(2);
    } finally {
      await app.close();
    }
  }, 60_000);
});
