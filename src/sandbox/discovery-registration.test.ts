import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify, SignJWT, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStorage } from './storage.ts';
import { startFakeTool, startPlatform, type FakeTool, type RunningPlatform } from './test-harness.ts';

describe('sandbox platform: discovery and dynamic registration', () => {
  let lms: RunningPlatform;
  let tool: FakeTool;
  beforeAll(async () => {
    lms = await startPlatform();
    tool = await startFakeTool();
  });
  afterAll(async () => {
    await tool.close();
    await lms.close();
  });

  it('publishes an OpenID configuration whose endpoints live under /sandbox', async () => {
    const response = await fetch(`${lms.url}/sandbox/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: `${lms.url}/sandbox`,
      authorization_endpoint: `${lms.url}/sandbox/auth`,
      token_endpoint: `${lms.url}/sandbox/token`,
      jwks_uri: `${lms.url}/sandbox/jwks`,
      registration_endpoint: `${lms.url}/sandbox/register`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    expect(config.scopes_supported).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    const platformConfig = config['https://purl.imsglobal.org/spec/lti-platform-configuration'] as { messages_supported: { type: string }[] };
    expect(platformConfig.messages_supported.map((m) => m.type)).toEqual(['LtiResourceLinkRequest', 'LtiDeepLinkingRequest']);
  });

  it('serves one RS256 public key in its JWKS, without private parts', async () => {
    const jwks = (await (await fetch(`${lms.url}/sandbox/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(typeof jwks.keys[0]!.kid).toBe('string');
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('registers a tool: the tool reads the configuration and posts its registration with the bearer token', async () => {
    const result = await lms.platform.registerWithTool(`${tool.url}/register`);
    expect(result.clientId).toBe(tool.registration?.clientId);
    expect(result.deploymentId).toBe(tool.registration?.deploymentId);
    // AGS scopes are granted, NRPS (unsupported) is not.
    expect(tool.registration?.scope.split(' ').sort()).toEqual([
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    ]);
    const stored = await lms.platform.storage.getRegistration(result.clientId);
    expect(stored).toMatchObject({ initiateLoginUri: `${tool.url}/login`, redirectUris: [`${tool.url}/launch`], jwksUri: `${tool.url}/jwks`, messageTypes: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] });
    // A fresh course gets a graded activity for the new tool.
    const book = await lms.platform.gradebook();
    expect(book.lineItems.filter((c) => c.clientId === result.clientId)).toHaveLength(1);
  });

  it('refuses registrations without a valid one-time token, and bad metadata with 400', async () => {
    const endpoint = `${lms.url}/sandbox/register`;
    const body = JSON.stringify({ application_type: 'web' });
    const noToken = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(noToken.status).toBe(401);
    const badMetadata = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer whatever' }, body });
    expect(badMetadata.status).toBe(400);
    expect(await badMetadata.json()).toMatchObject({ error: 'invalid_client_metadata' });
    const notJson = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.text()).not.toMatch(/at .*\.js/);
  });

  it('reports a tool that never posts its registration', async () => {
    await expect(lms.platform.registerWithTool(`${tool.url}/jwks`)).rejects.toThrow(/never posted a registration/);
  });
});

describe('sandbox platform: persistence', () => {
  it('keeps its signing key and registrations across a restart with file storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-lms-'));
    try {
      const first = await startPlatform({ storage: createFileStorage(join(dir, 'sandbox.json')) });
      const kid1 = ((await (await fetch(`${first.url}/sandbox/jwks`)).json()) as { keys: { kid: string }[] }).keys[0]?.kid;
      const stored = await first.platform.storage.getSigningKey();
      await first.close();
      const second = await startPlatform({ storage: createFileStorage(join(dir, 'sandbox.json')) });
      const jwks = (await (await fetch(`${second.url}/sandbox/jwks`)).json()) as { keys: { kid: string }[] };
      expect(jwks.keys[0]?.kid).toBe(kid1);
      // The persisted private key still matches the published public key.
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: kid1 }).sign(await importPKCS8(stored!.privatePem, 'RS256'));
      await expect(jwtVerify(token, createLocalJWKSet(jwks as never))).resolves.toBeTruthy();
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
