import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, launchLtik, TestBrowser, idTokenForm as sandboxIdTokenForm } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer();
  // The first launch records the sandbox's deployment as known.
  await new TestBrowser().navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=demo-exam`);
});
afterAll(async () => {
  await app.cleanup();
});
afterEach(() => {
  if (app.sandbox) app.sandbox.faults.idToken = null;
});

const idTokenForm = (user = 'alice') => sandboxIdTokenForm(app.baseUrl, user);

const cookiesSet = (r: { headers: Headers }) =>
  r.headers.getSetCookie().filter((c) => !/=;|=deleted|Expires=Thu, 01 Jan 1970/i.test(c));

describe('the launch is bound to its login (nonce)', () => {
  it('sends the platform a nonce from a CSPRNG, not the one ltijs made', async () => {
    const { login } = await idTokenForm();
    const nonce = new URL(login.location ?? '').searchParams.get('nonce') ?? '';
    // 32 random bytes, base64url: ltijs' own is 25 characters of [0-9a-z] from Math.random().
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = new URL(login.location ?? '').searchParams.get('state') ?? '';
    const stored = await app.store.models.LaunchLogin.findOne({ state }).lean();
    expect(stored?.nonce).toBe(nonce);
    expect(stored && stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(300_000);
  });

  it("refuses with 401 an id_token whose nonce is not the login's, before ltijs makes a session", async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { nonce: 'an-unused-nonce-of-the-attackers-choosing' };
    const { browser, fields, action } = await idTokenForm();
    const r = await browser.request(action, { form: fields });
    expect(r.status).toBe(401);
    expect(r.body).toContain('nonce');
    expect(r.location).toBeNull();
    expect(cookiesSet(r)).toEqual([]);
  });

  it('refuses an id_token posted to any other path, where ltijs would validate it without the binding', async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { nonce: 'an-unused-nonce-of-the-attackers-choosing' };
    const { browser, fields } = await idTokenForm();
    for (const path of ['/instructor', '/quiz', '/anything']) {
      const r = await browser.request(`${app.baseUrl}${path}`, { form: fields });
      expect(r.status, path).toBe(401);
      expect(r.location, path).toBeNull();
      expect(cookiesSet(r), path).toEqual([]);
    }
  });

  it('refuses a launch whose state names no login, and a second launch of one login', async () => {
    const { browser, fields, action } = await idTokenForm();
    const unknown = await browser.request(action, { form: { ...fields, state: 'not-a-state-the-tool-issued' } });
    expect(unknown.status).toBe(401);
    const first = await browser.request(action, { form: fields });
    expect(first.status).toBe(302);
    expect(first.location).toContain('ltik=');
    const again = await browser.request(action, { form: fields });
    expect(again.status).toBe(401);
  });
});

describe('an unknown deployment', () => {
  it('is refused at login, before any cookie is set', async () => {
    const reg = app.sandbox?.state.registration;
    const login = new URL(`${app.baseUrl}/lti/login`);
    for (const [k, v] of Object.entries({
      iss: app.sandbox?.issuer ?? '',
      login_hint: 'alice',
      target_link_uri: `${app.baseUrl}/lti/launch`,
      client_id: reg?.clientId ?? '',
      lti_deployment_id: 'not-a-deployment',
      lti_message_hint: 'x',
    }))
      login.searchParams.set(k, v);
    const r = await new TestBrowser().request(login.toString());
    expect(r.status).toBe(403);
    expect(r.body).toContain('deployment_id');
    expect(r.headers.getSetCookie()).toEqual([]);
  });

  it('is refused at launch before ltijs mints a session: no ltik, no cookie', async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { deploymentId: 'not-a-deployment-of-this-lms' };
    const { browser, fields, action } = await idTokenForm('teacher');
    const r = await browser.request(action, { form: fields });
    expect(r.status).toBe(403);
    expect(r.location).toBeNull();
    expect(r.body).not.toContain('ltik');
    expect(cookiesSet(r)).toEqual([]);
  });

  it('a session whose deployment is no longer accepted opens no staff page and no quiz', async () => {
    const teacher = new TestBrowser();
    await teacher.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=demo-exam`);
    const ltik = encodeURIComponent(launchLtik(teacher));
    const learner = new TestBrowser();
    const session = hiddenField(
      (await learner.navigate(`${app.baseUrl}/sandbox/launch?user=chloe&link=demo-exam`)).body,
      'session',
    );
    expect((await teacher.request(`${app.baseUrl}/instructor?ltik=${ltik}`)).status).toBe(200);
    const issuer = app.sandbox?.issuer ?? '';
    const saved = await app.store.models.PlatformDeployment.findOne({ issuer }).lean();
    await app.store.models.PlatformDeployment.updateOne(
      { issuer },
      { $set: { deploymentIds: ['another-deployment'] } },
    );
    try {
      // The guard remembers an accepted deployment for a few seconds.
      await new Promise((r) => setTimeout(r, 5_100));
      for (const path of [
        `/instructor?ltik=${ltik}`,
        `/instructor/export.csv?ltik=${ltik}`,
        `/instructor/preview?ltik=${ltik}`,
        '/quiz',
      ]) {
        const r =
          path === '/quiz'
            ? await learner.request(`${app.baseUrl}/quiz`, { form: { session, action: 'open' } })
            : await teacher.request(`${app.baseUrl}${path}`);
        expect([path, r.status]).toEqual([path, 403]);
        expect(r.body).toContain('deployment_id');
      }
    } finally {
      await app.store.models.PlatformDeployment.updateOne(
        { issuer },
        { $set: { deploymentIds: saved?.deploymentIds ?? [] } },
      );
    }
  }, 20_000);
});
