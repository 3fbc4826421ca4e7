/**
 * The real tool library against the sandbox: ltijs (as the app uses it) registers itself by dynamic
 * registration, receives launches, posts a score through AGS and answers a deep-linking request.
 * Needs the embedded MongoDB-compatible store for ltijs' own state.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLtiProvider, type LtiIdToken, type LtiProvider } from '../lti/ltijs.ts';
import { startEmbeddedStore, type EmbeddedStore } from '../store/embedded/index.ts';
import { createSandboxPlatform, type SandboxPlatform } from './index.ts';
import { parseAutoPost, postForm } from './test-harness.ts';

describe('sandbox platform with ltijs as the tool', () => {
  let store: EmbeddedStore;
  let lti: LtiProvider;
  let server: Server;
  let url: string;
  let platform: SandboxPlatform;
  const scored: Record<string, unknown>[] = [];

  beforeAll(async () => {
    store = await startEmbeddedStore({ dbPath: null });
    const app = express();
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Same origin for tool and platform, as in `npm start`.
    platform = createSandboxPlatform({ baseUrl: url, toolUrl: url, log: () => undefined });
    lti = loadLtiProvider();
    lti.setup('sandbox-interop-test-key-0123456789', { url: store.uri }, {
      appRoute: '/lti/launch',
      loginRoute: '/lti/login',
      keysetRoute: '/lti/keys',
      dynRegRoute: '/lti/register',
      cookies: { secure: false, sameSite: 'Lax' },
      devMode: true,
      tokenMaxAge: 60,
      dynReg: { url, name: 'ltijs tool', description: 'interop test', redirectUris: [`${url}/lti/launch`], customParameters: {}, autoActivate: true, useDeepLinking: true },
    });
    lti.onConnect(async (token: LtiIdToken, _req, res) => {
      // A student launch posts a score right away, through ltijs' own grade service.
      const lineItem = token.platformContext.endpoint?.lineitem;
      if (lineItem && token.platformContext.roles?.some((r) => r.endsWith('#Learner'))) {
        const sent = await lti.Grade.submitScore(token, lineItem, { scoreGiven: 8, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
        scored.push(sent);
      }
      res.json({ user: token.user, resource: token.platformContext.resource, custom: token.platformContext.custom });
    });
    lti.onDeepLinking(async (token: LtiIdToken, _req, res) => {
      const form = await lti.DeepLinking.createDeepLinkingForm(token, [{ type: 'ltiResourceLink', title: 'ltijs exam', url: `${url}/lti/launch`, custom: { exam: 'ltijs' }, lineItem: { scoreMaximum: 42, label: 'ltijs exam' } }], { message: 'Added by ltijs' });
      res.type('html').send(form);
    });
    await lti.deploy({ serverless: true, silent: true });
    app.use('/sandbox', platform.router);
    app.use(lti.app);
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await lti?.close({ silent: true }).catch(() => undefined);
    await store?.close();
  });

  /** Browser: sandbox launch page → ltijs login → /sandbox/auth → ltijs launch → ltik redirect. */
  async function launch(startPath: string): Promise<Response> {
    const start = parseAutoPost(await (await fetch(`${url}${startPath}`)).text());
    const login = await postForm(start.action, start.fields);
    expect(login.status).toBe(302);
    const auth = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    expect(auth.status).toBe(200);
    const post = parseAutoPost(await auth.text());
    const launched = await postForm(post.action, post.fields);
    // ltijs answers the form post with a redirect carrying its ltik; dev mode needs no cookie.
    return launched.status === 302 ? fetch(new URL(launched.headers.get('location')!, url)) : launched;
  }

  it('registers ltijs by dynamic registration', async () => {
    const { clientId } = await platform.registerWithTool(`${url}/lti/register`);
    const registration = await platform.storage.getRegistration(clientId);
    expect(registration).toMatchObject({ initiateLoginUri: `${url}/lti/login`, jwksUri: `${url}/lti/keys`, messageTypes: ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] });
    expect(registration?.scopes).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
  });

  it('launches a student through ltijs, and ltijs posts the score to the Moodle-style line item URL', async () => {
    const link = (await platform.storage.listResourceLinks('2'))[0]!;
    const response = await launch(`/sandbox/launch?link=${link.id}&user=3`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: '3', resource: { id: link.id } });
    expect(scored).toHaveLength(1);
    const book = await platform.gradebook();
    expect(book.scores).toEqual([expect.objectContaining({ userId: '3', scoreGiven: 8, scoreMaximum: 10, gradingProgress: 'FullyGraded' })]);
  });

  it('runs deep linking with ltijs: the returned item becomes an activity with a line item', async () => {
    const response = await launch('/sandbox/add-activity?user=2');
    expect(response.status).toBe(200);
    const form = parseAutoPost(await response.text());
    expect(form.action).toBe(`${url}/sandbox/deep-link-return?course=2`);
    const returned = await postForm(form.action, form.fields);
    expect(returned.status).toBe(200);
    const html = await returned.text();
    expect(html).toContain('Added by ltijs');
    const book = await platform.gradebook();
    expect(book.lineItems.find((c) => c.activityTitle === 'ltijs exam')).toMatchObject({ scoreMaximum: 42 });
  });
});
