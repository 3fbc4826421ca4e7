import { createServer, type Server } from 'node:http';
import { loadConfig, ConfigError, type AppConfig } from './config.ts';
import { loadOrCreateDevSecrets } from './dev-secrets.ts';
import { createApp } from './app.ts';
import { setupLtiProvider, LTI_ROUTES } from './lti/setup-provider.ts';
import { connectStore, type ConnectedStore } from './store/connection.ts';
import { startupFailureMessage } from './startup-error.ts';
import { buildLtiRoutes } from './web/lti-routes.ts';
import { learnerSessionKey } from './lti/learner-session.ts';
import { createGradeSyncWorker } from './lti/grade-sync-worker.ts';
import { ltiScoreSender } from './lti/send-score.ts';
import { gradeSyncQueue } from './store/repositories/grade-sync.ts';
import { buildSandbox, type Sandbox } from './lms-sandbox/mount-sandbox.ts';
import { launchBinding } from './lti/launch-binding.ts';
import { launchPages } from './web/launch-pages.ts';
import { startDeadlineSweeper, type SweepResult } from './activity/deadline-sweep.ts';
import type { LtiProvider } from './lti/ltijs.ts';
import { rememberPlatforms } from './lti/remember-platforms.ts';
import { LtijsDatabase } from './lti/ltijs-database.ts';
import { ltijsRecords } from './store/repositories/ltijs-records.ts';
import { storeHealthProbe } from './store/store-health.ts';
import { startSubmissionRepair } from './activity/submission-repair.ts';

export interface RunningServer {
  url: string;
  server: Server;
  sandbox: Sandbox | undefined;
  store: ConnectedStore;
  /** ltijs' provider: its platform registrations (tests read them). */
  lti: LtiProvider;
  drainGradeSync(): Promise<number>;
  /** Closes and grades the attempts past their deadline now (the sweeper also runs on its own). */
  sweepDeadlines(): Promise<SweepResult>;
  close(): Promise<void>;
}

export interface StartOptions {
  config: AppConfig;
  /** Tests use an in-memory store; `npm start` a durable one under DATA_DIR. */
  memoryStore?: boolean;
  log?: (line: string) => void;
  /** Grade-sync worker poll interval; tests shorten it. */
  workerIntervalMs?: number;
  /** How often expired attempts are looked for (deadline sweeper). */
  sweepIntervalMs?: number;
}

/** Connects storage, configures LTI, builds the app and listens; on a failure, stops what it started. */
export async function startServer({
  config,
  memoryStore = false,
  log = (l) => console.log(l),
  workerIntervalMs = 1000,
  sweepIntervalMs = 10_000,
}: StartOptions): Promise<RunningServer> {
  const store = await connectStore({
    mongodbUri: config.mongodbUri,
    dataDir: config.dataDir,
    memory: memoryStore,
    logger: log,
  });
  const started: Array<() => Promise<unknown>> = [() => store.close()];
  try {
    return await startOnStore(store, { config, memoryStore, log, workerIntervalMs, sweepIntervalMs }, started);
  } catch (error) {
    // A port in use or a read-only data folder must not leave the store thread and connections
    // running: the process would neither serve nor exit.
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}

async function startOnStore(
  store: ConnectedStore,
  {
    config,
    memoryStore,
    log,
    workerIntervalMs,
    sweepIntervalMs,
  }: Required<Omit<StartOptions, 'memoryStore'>> & { memoryStore: boolean },
  started: Array<() => Promise<unknown>>,
): Promise<RunningServer> {
  const secrets =
    config.ltiKey && config.seedSecret
      ? { ltiKey: config.ltiKey, seedSecret: config.seedSecret }
      : loadOrCreateDevSecrets(config.dataDir);
  const lti = await setupLtiProvider({
    config,
    // ltijs' records through our connection: one pool, one reconnect policy, our deadlines.
    database: { plugin: new LtijsDatabase(ltijsRecords(store.conn, log)) },
    ltiKey: secrets.ltiKey,
    log,
    errorPage: launchPages.errorPage,
  });
  started.push(() => lti.close({ silent: true }));
  // The app's own addition to stock ltijs (the launch floor of bench:floor runs without it).
  rememberPlatforms(lti);
  const sandbox = config.sandbox ? await buildSandbox({ config, persist: !memoryStore, log }) : undefined;
  const { staffRoutes, learnerRoutes } = buildLtiRoutes({
    config,
    lti,
    models: store.models,
    seedSecret: secrets.seedSecret,
    sessionKey: learnerSessionKey(secrets.ltiKey),
    ltiKey: secrets.ltiKey,
    log,
  });
  const binding = launchBinding({
    models: store.models,
    ltiKey: secrets.ltiKey,
    crossSiteCookies: config.crossSiteCookies,
    log,
    pages: launchPages,
  });
  const app = createApp({
    config,
    lti,
    ltiRoutes: staffRoutes,
    learnerRoutes,
    publicRoutes: sandbox?.routes,
    serviceRoutes: sandbox?.serviceRoutes,
    launchBinding: binding,
    storeHealth: storeHealthProbe(store.conn),
    log,
  });
  const server = createServer(app);
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  started.push(() => new Promise((resolve) => server.close(resolve)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  const repair = await startSubmissionRepair({ models: store.models, log });
  started.push(() => repair.stop());
  const worker = createGradeSyncWorker({
    queue: gradeSyncQueue(store.models),
    send: ltiScoreSender(lti),
    intervalMs: workerIntervalMs,
    log,
  });
  // With the worker: attempts whose time ran out are graded and their scores queued without
  // waiting for the student to come back (deadline + grace, then within one interval).
  const sweeper = startDeadlineSweeper({
    models: store.models,
    seedSecret: secrets.seedSecret,
    intervalMs: sweepIntervalMs,
    log,
  });
  started.push(
    () => worker.stop(),
    () => sweeper.stop(),
  );
  if (sandbox) {
    await sandbox.ensureRegistered(`${config.baseUrl}${LTI_ROUTES.register}`);
    log(`Sandbox LMS: open ${config.baseUrl}/sandbox to try the tool as a student or an instructor.`);
  }
  log(
    `exam-variants listening on ${url} (LTI login ${config.baseUrl}${LTI_ROUTES.login}, launch ${config.baseUrl}${LTI_ROUTES.launch}, JWKS ${config.baseUrl}${LTI_ROUTES.keys}, registration ${config.baseUrl}${LTI_ROUTES.register})`,
  );
  return {
    url,
    server,
    sandbox,
    store,
    lti,
    drainGradeSync: () => worker.drain(),
    sweepDeadlines: () => sweeper.runNow(),
    async close() {
      await sweeper.stop();
      await repair.stop();
      await worker.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await lti.close({ silent: true }).catch(() => undefined);
      await store.close();
    },
  };
}

/** `npm start`: configuration from the environment, clean shutdown on SIGTERM/SIGINT. */
export async function startFromEnvironment(): Promise<number> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`exam-variants: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let running: RunningServer;
  try {
    running = await startServer({ config });
  } catch (error) {
    const message = startupFailureMessage(error, config);
    if (message === undefined) throw error;
    process.stderr.write(`exam-variants: ${message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await running.close();
  return 0;
}
