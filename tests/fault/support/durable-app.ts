import { startServer, type RunningServer } from '../../../src/server.ts';
import { testAppConfig } from '../../support/start-test-server.ts';

/**
 * The whole tool as `npm start` runs it, in this process: the durable embedded store (on its own
 * thread) and the sandbox LMS both keeping their data in `dataDir`, on a fixed port so a restart
 * keeps the URLs the LMS and the tool registered. The grade-sync worker polls every `workerIntervalMs`.
 */
export async function startDurableApp(
  dataDir: string,
  port: number,
  workerIntervalMs = 3_600_000,
): Promise<RunningServer & { baseUrl: string }> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = testAppConfig(port, baseUrl, dataDir);
  const running = await startServer({
    config,
    memoryStore: false,
    log: process.env.TEST_LOG ? (l) => console.log(l) : () => undefined,
    workerIntervalMs,
  });
  return { ...running, baseUrl };
}
