// The launch floor's server (bench:floor, stage "launch"): what any LTI tool on this stack does for
// one launch, and nothing of ours in between. The same sandbox LMS in the same process as bench:http
// (its OIDC authorization and id_token signing are in both figures), ltijs configured as the app
// configures it (login, state cookie, id_token signature and claims, its session and ltik, on the
// same durable embedded store thread), and a fixed small page where the app builds the quiz.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { loadConfig } from '../src/config.ts';
import { makeScriptNonce } from '../src/lib/script-nonce.ts';
import { buildSandbox } from '../src/lms-sandbox/mount-sandbox.ts';
import { LTI_ROUTES, setupLtiProvider } from '../src/lti/setup-provider.ts';
import { LtijsDatabase } from '../src/lti/ltijs-database.ts';
import { connectStore } from '../src/store/connection.ts';
import { ltijsRecords } from '../src/store/repositories/ltijs-records.ts';

const FIXED_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Quiz</title></head><body><main><h1>Question 1</h1><p>A fixed page.</p></main></body></html>';

export async function serveLaunchFloor(announce: (port: number) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ev-bench-launch-floor-'));
  const root = express();
  const server = createServer(root);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    ...process.env,
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
  });
  const store = await connectStore({ dataDir, logger: () => undefined });
  // Stock ltijs: its built-in Database on a connection of its own (mongoose 7, driver 5), not the
  // app's plugin over the app's connection (lti/ltijs-database.ts), which is the app's code.
  // LAUNCH_FLOOR_DATABASE=plugin runs the floor on the plugin instead, to see what it alone changes.
  const lti = await setupLtiProvider({
    config,
    database:
      process.env.LAUNCH_FLOOR_DATABASE === 'plugin'
        ? { plugin: new LtijsDatabase(ltijsRecords(store.conn)) }
        : { url: store.uri },
    ltiKey: 'bench-launch-floor-key-0123456789',
  });
  const sandbox = await buildSandbox({ config });
  lti.onConnect((_token, _req, res) => {
    res.type('html').send(FIXED_PAGE);
  });
  // As the app does: the sandbox LMS's services first; its self-posting forms carry this response's script nonce.
  root.use(sandbox.serviceRoutes);
  root.use(makeScriptNonce);
  root.use(helmet());
  root.use(sandbox.routes);
  root.use(lti.app);
  await sandbox.ensureRegistered(`${config.baseUrl}${LTI_ROUTES.register}`);
  process.once('SIGTERM', () => {
    void lti
      .close({ silent: true })
      .then(() => store.close())
      .then(() => {
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  });
  announce(port);
}
