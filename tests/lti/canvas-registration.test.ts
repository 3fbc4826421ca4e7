import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startTestServer } from '../support/start-test-server.ts';
import { canvasConfiguration } from '../../src/web/canvas-config.ts';

/**
 * A Canvas-like platform for Dynamic Registration: its openid configuration names Canvas and an
 * authorization_server that is not its token URL, it keeps the registration request, and its
 * token endpoint checks the client assertion's audience as Canvas does (its own token URL).
 */
let app: Awaited<ReturnType<typeof startTestServer>>;
let canvas: Server;
let canvasUrl = '';
let registration: Record<string, unknown> | undefined;
const assertions: Array<{ aud: unknown; verified: boolean }> = [];

beforeAll(async () => {
  app = await startTestServer();
  canvas = createServer((req, res) => {
    const url = new URL(req.url ?? '/', canvasUrl);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    // The fake Canvas answers 500 if its own handler fails, so the test sees it rather than an unhandled rejection.
    req.on('end', () => void answer().catch((error: unknown) => res.writeHead(500).end(String(error))));
    const answer = async () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.pathname === '/broken/.well-known/openid-configuration')
        return json(200, { issuer: 42, 'https://purl.imsglobal.org/spec/lti-platform-configuration': 'canvas' });
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: 'https://canvas.instructure.com',
          authorization_endpoint: `${canvasUrl}/api/lti/authorize_redirect`,
          token_endpoint: `${canvasUrl}/login/oauth2/token`,
          authorization_server: 'canvas.instructure.com',
          jwks_uri: `${canvasUrl}/api/lti/security/jwks`,
          registration_endpoint: `${canvasUrl}/api/lti/registrations`,
          claims_supported: ['sub', 'name', 'email'],
          'https://purl.imsglobal.org/spec/lti-platform-configuration': {
            product_family_code: 'canvas',
            version: 'OpenSource',
          },
        });
      }
      if (url.pathname === '/api/lti/registrations') {
        registration = JSON.parse(body) as Record<string, unknown>;
        return json(200, { ...registration, client_id: '10000000000042' });
      }
      if (url.pathname === '/login/oauth2/token') {
        const assertion = new URLSearchParams(body).get('client_assertion') ?? '';
        try {
          const { payload } = await jwtVerify(assertion, createRemoteJWKSet(new URL(`${app.baseUrl}/lti/keys`)), {
            audience: `${canvasUrl}/login/oauth2/token`,
            issuer: '10000000000042',
          });
          assertions.push({ aud: payload.aud, verified: true });
          return json(200, {
            access_token: 'canvas-token',
            token_type: 'Bearer',
            expires_in: 3600,
            scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          });
        } catch {
          assertions.push({
            aud: JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString() || '{}').aud,
            verified: false,
          });
          return json(400, { error: 'invalid_client' });
        }
      }
      json(404, {});
    };
  });
  await new Promise<void>((resolve) => canvas.listen(0, '127.0.0.1', resolve));
  const address = canvas.address();
  canvasUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => canvas.close(resolve));
  await app.cleanup();
});

describe('Canvas dynamic registration', () => {
  it('asks for deep linking in assignment_selection and link_selection, as canvas.json does', async () => {
    const r = await fetch(
      `${app.baseUrl}/lti/register?openid_configuration=${encodeURIComponent(`${canvasUrl}/.well-known/openid-configuration`)}&registration_token=t`,
    );
    expect(r.status).toBe(200);
    const config = registration?.['https://purl.imsglobal.org/spec/lti-tool-configuration'] as {
      messages: Array<{ type: string; target_link_uri?: string; placements?: string[] }>;
    };
    // What Canvas makes of the messages (registration.rb#placements): one placement per name, the
    // first message naming it wins, a message without placements is link_selection.
    const placements = new Map<string, { type: string; target?: string }>();
    for (const m of config.messages) {
      for (const p of m.placements?.length ? m.placements : ['link_selection']) {
        const name = p.replace('https://canvas.instructure.com/lti/', '').replace(/^ContentArea$/, 'link_selection');
        if (!placements.has(name))
          placements.set(name, { type: m.type, ...(m.target_link_uri ? { target: m.target_link_uri } : {}) });
      }
    }
    const fromJson =
      (
        canvasConfiguration({ baseUrl: app.baseUrl } as Parameters<typeof canvasConfiguration>[0]).extensions as Array<{
          settings: { placements: Array<{ placement: string; message_type: string; target_link_uri: string }> };
        }>
      )[0]?.settings.placements ?? [];
    expect([...placements.entries()].map(([placement, m]) => [placement, m.type, m.target]).sort()).toEqual(
      fromJson.map((p) => [p.placement, p.message_type, p.target_link_uri]).sort(),
    );
  });

  it("addresses the client assertion for the token endpoint to Canvas's token URL", async () => {
    const platform = await app.lti.getPlatform('https://canvas.instructure.com', '10000000000042');
    if (!platform || Array.isArray(platform)) throw new Error('the platform was not registered');
    const token = await platform.platformAccessToken('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(token.access_token).toBe('canvas-token');
    expect(assertions).toEqual([{ aud: `${canvasUrl}/login/oauth2/token`, verified: true }]);
  });

  it('answers an LMS configuration the tool cannot read with 502 naming the field, and registers nothing', async () => {
    const before = await app.lti.getAllPlatforms();
    const r = await fetch(
      `${app.baseUrl}/lti/register?openid_configuration=${encodeURIComponent(`${canvasUrl}/broken/.well-known/openid-configuration`)}&registration_token=t`,
    );
    expect(r.status).toBe(502);
    expect(await r.text()).toContain(
      "openid_configuration: the LMS's configuration could not be read (issuer: must be a string)",
    );
    expect((await app.lti.getAllPlatforms()).length).toBe(before.length);
  });
});
