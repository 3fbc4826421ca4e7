import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, TestBrowser, idTokenForm as sandboxIdTokenForm } from '../support/lti-browser.ts';
import { assembleExam } from '../../src/exam/assemble-exam.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { startTestServer } from '../support/start-test-server.ts';
import { learnerSessionKey, signLearnerSession } from '../../src/lti/learner-session.ts';

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

describe('launch validation (all through ltijs, plus the deployment check)', () => {
  it('rejects a tampered signature', async () => {
    const { browser, fields, action } = await idTokenForm();
    const [h, p, s] = (fields.id_token ?? '').split('.');
    const flipped = `${s?.slice(0, -4)}${s?.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    const r = await browser.request(action, { form: { ...fields, id_token: `${h}.${p}.${flipped}` } });
    expect(r.status).toBe(401);
    expect(r.body).toContain('could not be verified');
  });

  it('rejects an expired token', async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { lifetimeSeconds: -1 };
    const { browser, fields, action } = await idTokenForm();
    const r = await browser.request(action, { form: fields });
    expect(r.status).toBe(401);
    expect(r.body).toContain('could not be verified');
  });

  it('rejects a wrong audience', async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { audience: 'some-other-tool' };
    const { browser, fields, action } = await idTokenForm();
    const r = await browser.request(action, { form: fields });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('rejects an unknown deployment', async () => {
    if (app.sandbox) app.sandbox.faults.idToken = { deploymentId: 'not-a-deployment-of-this-lms' };
    const page = await new TestBrowser().navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    expect(page.status).toBe(403);
    expect(page.body).toContain('deployment_id');
    expect(page.body).not.toContain('Problem 1');
  });

  it('answers a launch whose claims the tool cannot read with a 400 naming the claim, for learners and instructors', async () => {
    const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
    // (ltijs keeps roles as strings itself: it stores them as such between the launch and the page.)
    const cases = [
      {
        user: 'alice',
        claims: { [`${LTI}resource_link`]: { id: 'demo-exam', title: ['Exam'] } },
        names: `${LTI}resource_link.title`,
        rule: 'must be a string',
      },
      {
        user: 'teacher',
        claims: { [`${LTI}context`]: { id: 42, title: 'DL' } },
        names: `${LTI}context.id`,
        rule: 'must be a string',
      },
      { user: 'alice', claims: { [`${LTI}custom`]: 'ev_settings' }, names: `${LTI}custom`, rule: 'must be an object' },
      {
        user: 'alice',
        claims: { [`${LTI}launch_presentation`]: { locale: 5 } },
        names: `${LTI}launch_presentation.locale`,
        rule: 'must be a string',
      },
    ];
    for (const { user, claims, names, rule } of cases) {
      if (app.sandbox) app.sandbox.faults.idToken = { claims };
      const page = await new TestBrowser().navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
      expect([names, page.status]).toEqual([names, 400]);
      expect(page.body).toContain(`claim ${names}: ${rule}`);
      expect(page.body).not.toMatch(/node_modules|at \w+ \(|TypeError/);
    }
  });

  it('rejects a request without a session and a forged ltik, without stack traces', async () => {
    const none = await new TestBrowser().request(`${app.baseUrl}/quiz`);
    expect(none.status).toBe(401);
    const forged = await new TestBrowser().request(`${app.baseUrl}/quiz?ltik=eyJhbGciOiJIUzI1NiJ9.e30.AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body).not.toMatch(/node_modules|at \w+ \(/);
  });

  it("refuses a learner session that was altered, has expired, or is used in another user's browser", async () => {
    const bob = new TestBrowser();
    const bobSession = hiddenField(
      (await bob.navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=demo-exam`)).body,
      'session',
    );
    const [format, payload, signature] = bobSession.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as {
      c: { user: string };
      exp: number;
    };
    const asAlice = Buffer.from(JSON.stringify({ ...claims, c: { ...claims.c, user: 'alice' } })).toString('base64url');
    const before = await app.store.models.Submission.countDocuments({});
    const altered = await bob.request(`${app.baseUrl}/quiz`, {
      form: {
        session: `${format}.${asAlice}.${signature}`,
        action: 'submit-confirmed',
        idempotencyKey: 'forged-1',
        'answer:0:mean': '1',
      },
    });
    expect(altered.status).toBe(401);
    expect(altered.body).toContain('Open the activity again from your course');

    const key = learnerSessionKey('test-lti-key-0123456789');
    const yesterday = signLearnerSession(claims.c as never, key, new Date(Date.now() - 25 * 3600_000));
    const expired = await bob.request(`${app.baseUrl}/quiz`, { form: { session: yesterday, action: 'open' } });
    expect(expired.status).toBe(401);
    expect(expired.body).toContain('expired');
    // A Czech browser reads it in Czech (an expired session has no launch to say the language).
    const expiredCs = await bob.request(`${app.baseUrl}/quiz`, {
      form: { session: yesterday, action: 'open' },
      headers: { 'accept-language': 'cs-CZ,cs;q=0.9,en;q=0.5' },
    });
    expect(expiredCs.status).toBe(401);
    expect(expiredCs.body).toContain('<html lang="cs">');
    expect(expiredCs.body).toContain('Vaše relace vypršela. Otevřete aktivitu znovu ze svého kurzu');

    // ltijs' platform cookie in Alice's browser names Alice: Bob's session is refused there.
    const alice = new TestBrowser();
    await alice.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    const borrowed = await alice.request(`${app.baseUrl}/quiz`, {
      form: { session: bobSession, action: 'submit-confirmed', idempotencyKey: 'borrowed-1', 'answer:0:mean': '1' },
    });
    expect(borrowed.status).toBe(401);
    expect(await app.store.models.Submission.countDocuments({})).toBe(before);
    // Bob's own browser still works with it.
    expect((await bob.request(`${app.baseUrl}/quiz`, { form: { session: bobSession, action: 'open' } })).status).toBe(
      200,
    );
  });

  it("keeps the learner session out of every URL: in the launch page's forms, accepted in a form field or a header, not in the query", async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=demo-exam`);
    const session = hiddenField(page.body, 'session');
    // No URL the browser visited carries the token (the launch answered with the quiz page, the token in its forms).
    expect(browser.visited.filter((url) => url.includes(encodeURIComponent(session)) || url.includes(session))).toEqual(
      [],
    );
    expect(new URL(browser.visited.at(-1) ?? '').pathname).toBe('/lti/launch');
    expect(page.body).toContain('id="attempt-header"');
    // In the query string it is not accepted.
    const inUrl = await browser.request(`${app.baseUrl}/quiz?session=${encodeURIComponent(session)}`);
    expect(inUrl.status).toBe(401);
    // A script's request may send it as a header.
    const viaHeader = await browser.request(`${app.baseUrl}/quiz`, { headers: { 'x-learner-session': session } });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body).toContain('id="attempt-header"');
  });

  it('keeps each learner to their own attempt whatever the form says', async () => {
    const alice = new TestBrowser();
    const page = await alice.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    const session = hiddenField(page.body, 'session');
    const bobAttempt = await app.store.models.Attempt.findOne({ userId: 'bob' }).lean();
    const key = hiddenField(page.body, 'idempotencyKey');
    await alice.request(`${app.baseUrl}/quiz`, {
      form: {
        session,
        action: 'submit-confirmed',
        idempotencyKey: key,
        attemptId: bobAttempt?._id.toHexString() ?? '',
        userId: 'bob',
        'answer:0:mean': '1',
      },
    });
    expect(await app.store.models.Submission.countDocuments({ userId: 'bob' })).toBe(0);
    expect(await app.store.models.Submission.countDocuments({ userId: 'alice' })).toBe(1);
  });

  it("keeps learners' pages, answers and the answer key out of every cache, and lets static assets be cached", async () => {
    const learner = new TestBrowser();
    const page = await learner.navigate(`${app.baseUrl}/sandbox/launch?user=chloe&link=demo-exam`);
    expect(page.body).toContain('name="session"');
    const checked = await learner.request(`${app.baseUrl}/quiz`, {
      form: { session: hiddenField(page.body, 'session'), action: 'check', 'answer:1:dLdtheta': '3/4' },
      headers: { accept: 'application/json' },
    });
    const teacher = new TestBrowser();
    const results = await teacher.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=demo-exam`);
    const ltik = encodeURIComponent(new URL(results.url).searchParams.get('ltik') ?? '');
    const preview = await teacher.request(`${app.baseUrl}/instructor/preview?template=gd&seed=7&ltik=${ltik}`);
    expect(preview.status).toBe(200);
    for (const response of [page, checked, results, preview]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('etag')).toBeNull();
    }
    const asset = await learner.request(`${app.baseUrl}/assets/app/quiz/main.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=\d+/);
    // The icon browsers ask for on every page is served to anyone (it used to be a 401).
    const icon = await new TestBrowser().request(`${app.baseUrl}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  });

  it('refuses an oversized answer with 413 and keeps nothing', async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=chloe&link=demo-exam`);
    const session = hiddenField(page.body, 'session');
    const r = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'check', 'answer:0:mean': 'x'.repeat(6000) },
    });
    expect(r.status).toBe(413);
  });
});

describe('the Canvas developer key configuration', () => {
  it('gives the URLs an admin would paste, the services the tool uses, and deep linking placements', async () => {
    const r = await fetch(`${app.baseUrl}/lti/canvas.json`);
    expect(r.status).toBe(200);
    const config = (await r.json()) as {
      oidc_initiation_url: string;
      target_link_uri: string;
      public_jwk_url: string;
      scopes: string[];
      extensions: Array<{
        privacy_level: string;
        settings: { placements: Array<{ placement: string; message_type: string; target_link_uri: string }> };
      }>;
    };
    expect(config.oidc_initiation_url).toBe(`${app.baseUrl}/lti/login`);
    expect(config.target_link_uri).toBe(`${app.baseUrl}/lti/launch`);
    // The key Canvas fetches must be the one ltijs signs with: the same JWKS the tool serves.
    const jwks = (await (await fetch(config.public_jwk_url)).json()) as { keys: Array<{ kid: string }> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(config.scopes).toEqual(
      expect.arrayContaining([
        'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
        'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
        'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
      ]),
    );
    // Names come with the launch only at the public privacy level (the results page shows them).
    expect(config.extensions[0]?.privacy_level).toBe('public');
    expect(
      config.extensions[0]?.settings.placements.map((p) => [p.placement, p.message_type, p.target_link_uri]),
    ).toEqual([
      ['assignment_selection', 'LtiDeepLinkingRequest', `${app.baseUrl}/lti/launch`],
      ['link_selection', 'LtiDeepLinkingRequest', `${app.baseUrl}/lti/launch`],
    ]);
  });
});

describe('deep linking', () => {
  it('lets the instructor pick problems and settings and creates the activity with a line item', async () => {
    const browser = new TestBrowser();
    const form = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&type=deeplink`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('Add an exam-variants activity');
    const ltik = hiddenField(form.body, 'ltik');
    const bad = await browser.request(`${app.baseUrl}/instructor/deep-link`, {
      form: { ltik, title: 'Nothing', attemptsAllowed: '2' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('templates: choose at least one problem');
    const done = await browser.navigate(`${app.baseUrl}/instructor/deep-link`, {
      form: {
        ltik,
        title: 'RNN and GD quiz',
        templates: ['rnn', 'gd'],
        'points:rnn': '4',
        'points:gd': '6',
        attemptsAllowed: '2',
        feedbackMode: 'afterDue',
        showSolutions: 'never',
        scorePolicy: 'last',
        language: 'cs',
        declinePerRetry: '0.1',
      },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Added: RNN and GD quiz');
    const link = [...(app.sandbox?.state.links.values() ?? [])].find((l) => l.title === 'RNN and GD quiz');
    expect(link).toBeDefined();
    expect(app.sandbox?.state.lineItems.get(link?.lineItemId ?? '')?.scoreMaximum).toBe(10);
    // A student launching it gets the chosen problems, language and feedback mode.
    const student = await new TestBrowser().navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=${link?.id}`);
    expect(student.body).toContain('lang="cs"');
    expect(student.body).toContain('RNN');
    expect(student.body).not.toContain('Batch norm');
    expect(student.body).toContain('Pokus 1 z 2');
  });

  it('asks each problem as the instructor chose: the headline answer only or with its steps, the free text or not; points follow', async () => {
    const browser = new TestBrowser();
    const form = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&type=deeplink`);
    expect(form.body).toContain('<select id="steps-batchnorm" name="steps:batchnorm">');
    expect(form.body).toContain('<select id="freeText-batchnorm" name="freeText:batchnorm">');
    // The gradient-descent problem has no intermediate steps: nothing to choose there.
    expect(form.body).not.toContain('name="steps:gd"');
    const done = await browser.navigate(`${app.baseUrl}/instructor/deep-link`, {
      form: {
        ltik: hiddenField(form.body, 'ltik'),
        title: 'Headline only',
        templates: ['batchnorm', 'rnn'],
        'points:batchnorm': '5',
        'points:rnn': '5',
        'steps:batchnorm': 'headline',
        'freeText:batchnorm': 'no',
        'steps:rnn': 'steps',
        feedbackMode: 'immediate',
      },
    });
    expect(done.body).toContain('Added: Headline only');
    const link = [...(app.sandbox?.state.links.values() ?? [])].find((l) => l.title === 'Headline only');
    const student = new TestBrowser();
    const page = await student.navigate(`${app.baseUrl}/sandbox/launch?user=student-77&link=${link?.id}`);
    // Batch norm: no mean, variance, x-hat, y, no free text; the Jacobian and the rest are asked.
    for (const key of ['mean', 'variance', 'xhat', 'y', 'explain']) expect(page.body).not.toContain(`id="f-0-${key}"`);
    expect(page.body).toContain('id="f-0-jacobian"');
    // The RNN problem keeps its forward pass.
    expect(page.body).toContain('id="f-1-z"');
    // The problem's 5 points go to the parts asked (bonus parts aside).
    const section = page.body.slice(page.body.indexOf('id="problem-0"'), page.body.indexOf('id="problem-1"'));
    const worth = [...section.matchAll(/<span class="meta part-worth">\((bonus )?([\d.]+) points?\)/g)]
      .filter((m) => !m[1])
      .reduce((sum, m) => sum + Number(m[2]), 0);
    expect(worth).toBeCloseTo(5, 9);
    const attempt = await app.store.models.Attempt.findOne({ userId: 'student-77', resourceLinkId: link?.id }).lean();
    expect(attempt?.problems[0]?.partsAsked).not.toContain('mean');
    expect(attempt?.problems[1]?.partsAsked).toBeUndefined();
    // All asked parts right: full marks, and the parts not asked are not in the submission.
    const submitted = await student.request(`${app.baseUrl}/quiz`, {
      form: {
        session: hiddenField(page.body, 'session'),
        idempotencyKey: hiddenField(page.body, 'idempotencyKey'),
        action: 'submit',
        ...correctAnswerFields(attempt as NonNullable<typeof attempt>),
        'answer:0:mean': '12345',
      },
      headers: { accept: 'application/json' },
    });
    const result = JSON.parse(submitted.body) as { points: number; maxPoints: number; pendingManual: boolean };
    expect(result).toMatchObject({ points: 10, maxPoints: 10, pendingManual: false });
    const stored = await app.store.models.Submission.findOne({ attemptId: attempt?._id }).lean();
    expect(stored?.parts.map((p) => p.partKey)).not.toContain('mean');
    expect(stored?.parts.map((p) => p.partKey)).not.toContain('explain');
    await app.drainGradeSync();
  });

  it('delivers a printed variant online: the paper exam seed and label give the same problem', async () => {
    const browser = new TestBrowser();
    const form = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&type=deeplink`);
    const ltik = hiddenField(form.body, 'ltik');
    await browser.navigate(`${app.baseUrl}/instructor/deep-link`, {
      form: {
        ltik,
        title: 'Variant B online',
        templates: 'rnn',
        'points:rnn': '5',
        feedbackMode: 'immediate',
        showSolutions: 'never',
        scorePolicy: 'best',
        language: 'en',
        declinePerRetry: '0',
        printedSeed: 'DL-2026-final',
        printedLabel: 'b',
      },
    });
    const link = [...(app.sandbox?.state.links.values() ?? [])].find((l) => l.title === 'Variant B online');
    await new TestBrowser().navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=${link?.id}`);
    const attempt = await app.store.models.Attempt.findOne({ userId: 'bob', resourceLinkId: link?.id }).lean();
    const printed = assembleExam({ examSeed: 'DL-2026-final', variants: 2, problems: ['rnn'], lang: 'en', points: [5] })
      .variants[1];
    expect(attempt?.problems[0]?.params).toEqual(printed?.problems[0]?.variant.params);
    expect(attempt?.problems[0]?.seed).toBe('DL-2026-final/B/rnn');
  });
});
