import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { loadOrCreateDevSecrets } from '../../dev-secrets.ts';
import { setupLtiProvider } from '../../lti/setup-provider.ts';
import { LtijsDatabase } from '../../lti/ltijs-database.ts';
import { ltijsRecords } from '../../store/repositories/ltijs-records.ts';
import { join } from 'node:path';
import type { AppConfig } from '../../config.ts';
import { OperatorError } from '../../lib/operator-error.ts';
import { connectStore, StoreUnavailableError, type ConnectedStore } from '../../store/connection.ts';
import { readRunningStore } from '../../store/running-store.ts';
import { addDeployments, removeDeployments, selectDeployments } from '../../store/repositories/platform-deployments.ts';
import { UsageError } from '../usage-error.ts';
export { platformHelp } from './platform-help.ts';

const httpsUrl = (name: string, value: string | undefined): string => {
  if (!value) throw new UsageError(`--${name}: required`);
  try {
    const u = new URL(value);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
  } catch {
    throw new UsageError(`--${name}: must be an http(s) URL`);
  }
  return value;
};

/**
 * The store the tool uses. While the tool runs, its embedded store's folder is locked: the command
 * then goes through the running store (its address is recorded beside the lock), so registrations
 * take effect at once; otherwise it opens the store itself.
 */
async function connectToStore(config: AppConfig): Promise<ConnectedStore> {
  const logger = (l: string) => process.stderr.write(`${l}\n`);
  const running = config.mongodbUri ? undefined : readRunningStore(join(config.dataDir, 'store'));
  if (running) {
    try {
      return await connectStore({
        mongodbUri: running,
        dataDir: config.dataDir,
        logger,
        serverSelectionTimeoutMS: 2_000,
      });
    } catch (error) {
      // A stale address (the tool was killed): open the store directly below.
      if (!(error instanceof StoreUnavailableError)) throw error;
    }
  }
  try {
    return await connectStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  } catch (error) {
    if ((error as Error).name === 'DataDirectoryInUseError') {
      throw new OperatorError(
        `${(error as Error).message}; a tool started before this version records no store address: stop it, run the command, and start it again`,
      );
    }
    if (error instanceof StoreUnavailableError) throw new OperatorError(error.message);
    throw error;
  }
}

export async function runPlatform(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      name: { type: 'string' },
    },
    strict: true,
  });
  if (action !== 'add' && action !== 'list' && action !== 'remove')
    throw new UsageError('action: must be add, list or remove');
  if (action !== 'list') {
    httpsUrl('issuer', values.issuer);
    if (!values['client-id']) throw new UsageError('--client-id: required');
  }
  if (action === 'add') {
    httpsUrl('auth-url', values['auth-url']);
    httpsUrl('token-url', values['token-url']);
    httpsUrl('jwks-url', values['jwks-url']);
  }
  const config = { ...loadConfig(), sandbox: false };
  const store = await connectToStore(config);
  const secrets = config.ltiKey ? { ltiKey: config.ltiKey } : loadOrCreateDevSecrets(config.dataDir);
  const lti = await setupLtiProvider({
    config,
    database: { plugin: new LtijsDatabase(ltijsRecords(store.conn)) },
    ltiKey: secrets.ltiKey,
  });
  try {
    const issuer = values.issuer ?? '';
    const clientId = values['client-id'] ?? '';
    if (action === 'add') {
      await lti.registerPlatform({
        url: issuer,
        name: values.name ?? new URL(issuer).host,
        clientId,
        authenticationEndpoint: values['auth-url'] ?? '',
        accesstokenEndpoint: values['token-url'] ?? '',
        authConfig: { method: 'JWK_SET', key: values['jwks-url'] ?? '' },
      });
      if (values['deployment-id']?.length)
        await addDeployments(store.models, issuer, clientId, values['deployment-id']);
      process.stdout.write(
        `${JSON.stringify({ registered: { issuer, clientId, deploymentIds: values['deployment-id'] ?? [] } })}\n`,
      );
    } else if (action === 'remove') {
      const removed = await lti.deletePlatform(issuer, clientId);
      await removeDeployments(store.models, issuer, clientId);
      process.stdout.write(`${JSON.stringify({ removed: Boolean(removed), issuer, clientId })}\n`);
    } else {
      const deployments = await selectDeployments(store.models);
      const platforms = await Promise.all(
        (await lti.getAllPlatforms()).map(async (p) => {
          const issuer = await p.platformUrl();
          const clientId = await p.platformClientId();
          return {
            issuer,
            clientId,
            name: await p.platformName(),
            active: await p.platformActive(),
            deploymentIds: deployments.find((d) => d.issuer === issuer && d.clientId === clientId)?.deploymentIds ?? [],
          };
        }),
      );
      process.stdout.write(`${JSON.stringify({ platforms })}\n`);
    }
    return 0;
  } finally {
    await lti.close({ silent: true }).catch(() => undefined);
    await store.close();
  }
}
