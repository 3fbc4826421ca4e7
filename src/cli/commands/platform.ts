import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.ts';
import { loadOrCreateDevSecrets } from '../../dev-secrets.ts';
import { setupLtiProvider } from '../../lti/setup-provider.ts';
import { connectStore } from '../../store/connection.ts';
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
  if (action !== 'add' && action !== 'list' && action !== 'remove') throw new UsageError('action: must be add, list or remove');
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
  const store = await connectStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger: (l) => process.stderr.write(`${l}\n`) });
  const secrets = config.ltiKey ? { ltiKey: config.ltiKey } : loadOrCreateDevSecrets(config.dataDir);
  const lti = await setupLtiProvider({ config, mongoUri: store.uri, ltiKey: secrets.ltiKey });
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
      if (values['deployment-id']?.length) await addDeployments(store.models, issuer, clientId, values['deployment-id']);
      process.stdout.write(`${JSON.stringify({ registered: { issuer, clientId, deploymentIds: values['deployment-id'] ?? [] } })}\n`);
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
          return { issuer, clientId, name: await p.platformName(), active: await p.platformActive(), deploymentIds: deployments.find((d) => d.issuer === issuer && d.clientId === clientId)?.deploymentIds ?? [] };
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
