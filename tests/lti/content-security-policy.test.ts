import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app.cleanup();
});

/** The script sources a response's Content-Security-Policy allows, and its nonce. */
function scriptPolicy(headers: Headers): { sources: string[]; nonce: string } {
  const policy = headers.get('content-security-policy') ?? '';
  const directive = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  const sources = directive?.slice(1) ?? [];
  const nonce = sources.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? '';
  return { sources, nonce };
}

/** Every inline script of a page carries the response's nonce; scripts with a src come from our origin. */
function expectScriptsAllowed(response: { headers: Headers; body: string }): string {
  const { sources, nonce } = scriptPolicy(response.headers);
  expect(sources).not.toContain("'unsafe-inline'");
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const scripts = [...response.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
  for (const attributes of scripts) {
    if (/\ssrc="/.test(attributes)) expect(attributes).toMatch(/\ssrc="\/assets\//);
    else expect(attributes).toContain(`nonce="${nonce}"`);
  }
  return nonce;
}

describe('Content-Security-Policy: scripts only from our origin or with the response nonce', () => {
  it('gives every response a fresh nonce and no unsafe-inline, on the learner page too', async () => {
    const browser = new TestBrowser();
    const quiz = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    expect(quiz.body).toContain('data-quiz');
    const first = expectScriptsAllowed(quiz);
    const again = await browser.request(`${app.baseUrl}/sandbox`);
    expect(expectScriptsAllowed(again)).not.toBe(first);
  });

  it("the platform's self-posting id_token form runs by its nonce", async () => {
    const browser = new TestBrowser();
    const start = await browser.request(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    const login = await browser.request(new URL(start.location ?? '', app.baseUrl).toString());
    const auth = await browser.request(new URL(login.location ?? '', app.baseUrl).toString());
    expect(auth.body).toContain('.submit()');
    expectScriptsAllowed(auth);
  });

  it("ltijs' deep-linking form (posted to the LMS by an inline script) runs by its nonce", async () => {
    const browser = new TestBrowser();
    const form = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&type=deeplink`);
    const returned = await browser.request(`${app.baseUrl}/instructor/deep-link`, {
      form: { ltik: hiddenField(form.body, 'ltik'), title: 'CSP quiz', templates: 'gd', 'points:gd': '5' },
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatch(/<script nonce="[^"]+">[\s\S]*\.submit\(\)/);
    expectScriptsAllowed(returned);
  });

  it("the sandbox's course page with the tool in a frame keeps its platform-storage script by nonce", async () => {
    const page = await new TestBrowser().request(`${app.baseUrl}/sandbox/frame?user=alice&link=demo-exam`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('lti.put_data');
    expectScriptsAllowed(page);
  });

  it("the sandbox LMS's services, which servers call, answer without a page's policy and are never cached", async () => {
    const client = new TestBrowser();
    const keys = await client.request(`${app.baseUrl}/sandbox/jwks`);
    expect(keys.status).toBe(200);
    expect(JSON.parse(keys.body)).toHaveProperty('keys');
    // A token request the platform refuses: its services still answer through their own error handler.
    const refused = await client.request(`${app.baseUrl}/sandbox/token`, {
      form: { grant_type: 'client_credentials' },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    for (const answer of [keys, refused]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toBeNull();
    }
    // The platform's pages, beside them, keep theirs.
    const course = await client.navigate(`${app.baseUrl}/sandbox`);
    expect(course.headers.get('content-security-policy')).toMatch(/script-src/);
  });
});
