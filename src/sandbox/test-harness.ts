/**
 * Test support (not a test file): starts the sandbox platform on an ephemeral port and a tiny fake
 * tool (express + jose) that does the tool's half of each LTI flow the way the specs describe it.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createRemoteJWKSet, exportJWK, importPKCS8, importSPKI, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { createSandboxPlatform, type SandboxPlatform, type SandboxStorage } from './index.ts';

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface RunningPlatform {
  platform: SandboxPlatform;
  url: string;
  /** Moves the platform's clock, in milliseconds. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function startPlatform(options: { storage?: SandboxStorage; toolUrl?: string } = {}): Promise<RunningPlatform> {
  const app = express();
  const { server, url } = await listen(app);
  let offset = 0;
  const platform = createSandboxPlatform({ baseUrl: url, toolUrl: options.toolUrl ?? 'http://127.0.0.1:9', now: () => Date.now() + offset, log: () => undefined, ...(options.storage ? { storage: options.storage } : {}) });
  app.use('/sandbox', platform.router);
  return { platform, url, advance: (ms) => void (offset += ms), close: () => close(server) };
}

export interface ToolKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** RS256 key made as PEM and imported, like the platform's (see signing-key.ts for why). */
export async function makeToolKey(): Promise<ToolKey> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(await importSPKI(pair.publicKey, 'RS256', { extractable: true }))), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey: await importPKCS8(pair.privateKey, 'RS256'), jwk };
}

export interface FakeTool {
  url: string;
  key: ToolKey;
  /** Filled by dynamic registration. */
  registration: { clientId: string; deploymentId: string; scope: string; openid: Record<string, string> } | undefined;
  /** Verified id_token payloads the tool received, latest last. */
  launches: JWTPayload[];
  /** Why the last launch was refused by the tool, if it was. */
  lastLaunchError: string | undefined;
  clientAssertion(options?: { aud?: string; expiresIn?: number; key?: ToolKey; jti?: string }): Promise<string>;
  accessToken(scopes: string[]): Promise<string>;
  deepLinkResponse(launch: JWTPayload, contentItems: unknown[], options?: { nonce?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeTool(): Promise<FakeTool> {
  const key = await makeToolKey();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  const { server, url } = await listen(app);
  const states = new Map<string, string>();
  const tool: FakeTool = {
    url,
    key,
    registration: undefined,
    launches: [],
    lastLaunchError: undefined,
    async clientAssertion(options = {}) {
      const reg = required(tool.registration);
      const signer = options.key ?? key;
      return new SignJWT({ jti: options.jti ?? randomUUID() })
        .setProtectedHeader({ alg: 'RS256', kid: signer.kid })
        .setIssuer(reg.clientId)
        .setSubject(reg.clientId)
        .setAudience(options.aud ?? reg.openid.token_endpoint!)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresIn ?? 60))
        .sign(signer.privateKey);
    },
    async accessToken(scopes) {
      const reg = required(tool.registration);
      const response = await fetch(reg.openid.token_endpoint!, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await tool.clientAssertion(), scope: scopes.join(' ') }),
      });
      if (!response.ok) throw new Error(`token endpoint ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async deepLinkResponse(launch, contentItems, options = {}) {
      const reg = required(tool.registration);
      const settings = launch['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] as { data?: string };
      return new SignJWT({
        nonce: options.nonce ?? randomUUID(),
        'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
        'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
        'https://purl.imsglobal.org/spec/lti/claim/deployment_id': reg.deploymentId,
        'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': contentItems,
        ...(settings.data !== undefined ? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': settings.data } : {}),
      })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuer(reg.clientId)
        .setAudience(String(launch.iss))
        .setIssuedAt()
        .setExpirationTime('60s')
        .sign(key.privateKey);
    },
    close: () => close(server),
  };

  app.get('/jwks', (_req, res) => void res.json({ keys: [key.jwk] }));

  // Dynamic registration, tool side: read the platform's configuration, post ours with the token.
  app.get('/register', async (req, res) => {
    const openid = (await (await fetch(String(req.query.openid_configuration))).json()) as Record<string, string>;
    const response = await fetch(openid.registration_endpoint!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${String(req.query.registration_token)}` },
      body: JSON.stringify({
        application_type: 'web',
        response_types: ['id_token'],
        grant_types: ['implicit', 'client_credentials'],
        initiate_login_uri: `${url}/login`,
        redirect_uris: [`${url}/launch`],
        client_name: 'Fake tool',
        jwks_uri: `${url}/jwks`,
        token_endpoint_auth_method: 'private_key_jwt',
        scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem https://purl.imsglobal.org/spec/lti-ags/scope/score https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          domain: new URL(url).host,
          target_link_uri: `${url}/launch`,
          custom_parameters: { course_flavour: 'demo' },
          messages: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest', target_link_uri: `${url}/launch` }],
        },
      }),
    });
    if (!response.ok) return void res.status(502).send(await response.text());
    const body = (await response.json()) as Record<string, unknown>;
    const config = body['https://purl.imsglobal.org/spec/lti-tool-configuration'] as { deployment_id: string };
    tool.registration = { clientId: String(body.client_id), deploymentId: config.deployment_id, scope: String(body.scope), openid };
    res.type('html').send('<script>(window.opener || window.parent).postMessage({subject:"org.imsglobal.lti.close"}, "*");</script>');
  });

  // OIDC third-party initiated login, tool side: remember state+nonce, send the browser to the platform.
  app.all('/login', (req, res) => {
    const p = { ...req.query, ...req.body } as Record<string, string>;
    const reg = tool.registration;
    if (!reg || p.iss !== reg.openid.issuer || p.client_id !== reg.clientId || !p.login_hint || !p.target_link_uri) return void res.status(400).send('bad login request');
    const state = randomUUID();
    const nonce = randomUUID();
    states.set(state, nonce);
    const auth = new URL(reg.openid.authorization_endpoint!);
    for (const [k, v] of Object.entries({ scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: reg.clientId, redirect_uri: `${url}/launch`, login_hint: p.login_hint, state, nonce })) auth.searchParams.set(k, v);
    if (p.lti_message_hint) auth.searchParams.set('lti_message_hint', p.lti_message_hint);
    res.redirect(302, auth.toString());
  });

  app.post('/launch', async (req, res) => {
    const reg = required(tool.registration);
    try {
      const nonce = states.get(String(req.body.state));
      if (!nonce) throw new Error('unknown state');
      states.delete(String(req.body.state));
      const { payload } = await jwtVerify(String(req.body.id_token), createRemoteJWKSet(new URL(reg.openid.jwks_uri!)), { issuer: reg.openid.issuer, audience: reg.clientId, algorithms: ['RS256'] });
      if (payload.nonce !== nonce) throw new Error('nonce mismatch');
      tool.launches.push(payload);
      res.json({ ok: true });
    } catch (error) {
      tool.lastLaunchError = error instanceof Error ? error.message : String(error);
      res.status(401).json({ ok: false });
    }
  });
  return tool;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('register the fake tool first');
  return value;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m);

/** Reads an auto-posting form the way a browser would: its action and hidden fields. */
export function parseAutoPost(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error(`no form in page: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\s*\/?>/g)) fields[unescape(m[1]!)] = unescape(m[2]!);
  return { action: unescape(action), fields };
}

export const postForm = (url: string, fields: Record<string, string>) => fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });

/**
 * Plays the browser through a launch: sandbox launch page → tool login → platform /auth → tool
 * launch URL. Returns each response so a test can stop where it wants.
 */
export async function browserLaunch(startUrl: string): Promise<{ login: { action: string; fields: Record<string, string> }; authUrl: string; auth: Response; launch?: Response }> {
  const start = await fetch(startUrl, { redirect: 'manual' });
  if (start.status !== 200) throw new Error(`launch page ${start.status}: ${await start.text()}`);
  const login = parseAutoPost(await start.text());
  const toolLogin = await postForm(login.action, login.fields);
  const authUrl = toolLogin.headers.get('location');
  if (toolLogin.status !== 302 || !authUrl) throw new Error(`tool login ${toolLogin.status}: ${await toolLogin.text()}`);
  const auth = await fetch(authUrl, { redirect: 'manual' });
  if (auth.status !== 200) return { login, authUrl, auth };
  const post = parseAutoPost(await auth.clone().text());
  const launch = await postForm(post.action, post.fields);
  return { login, authUrl, auth, launch };
}
