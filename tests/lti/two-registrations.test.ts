import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDeployments } from '../../src/store/repositories/platform-deployments.ts';
import { hiddenField, launchLtik, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

/**
 * Two registrations of the tool in one LMS that share every id but the client id: the same
 * issuer, deployment id, course id and resource link id (Moodle numbers them from 1). Each
 * instructor sees and acts on their own students only.
 */
let app: Awaited<ReturnType<typeof startTestServer>>;
const SECOND = 'second-registration';

/** Launches as registration A (the sandbox's own) or B (the second one). */
async function launch(registration: 'A' | 'B', user: string) {
  if (!app.sandbox) throw new Error('no sandbox');
  app.sandbox.faults.alternateClientId = registration === 'B' ? SECOND : null;
  try {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
    return { browser, page };
  } finally {
    app.sandbox.faults.alternateClientId = null;
  }
}

beforeAll(async () => {
  app = await startTestServer();
  const sandbox = app.sandbox;
  const reg = sandbox?.state.registration;
  if (!sandbox || !reg) throw new Error('the sandbox is not registered');
  // Registration B, by hand (as `exam-variants platform add` does), with the same deployment id.
  await app.lti.registerPlatform({
    url: sandbox.issuer,
    name: 'second registration',
    clientId: SECOND,
    authenticationEndpoint: `${sandbox.issuer}/auth`,
    accesstokenEndpoint: `${sandbox.issuer}/token`,
    authConfig: { method: 'JWK_SET', key: `${sandbox.issuer}/jwks` },
  });
  await addDeployments(app.store.models, sandbox.issuer, SECOND, [reg.deploymentId]);
  // Alice submits in A, with an answer nobody else gives.
  const alice = await launch('A', 'alice');
  const submitted = await alice.browser.request(`${app.baseUrl}/quiz`, {
    form: {
      session: hiddenField(alice.page.body, 'session'),
      action: 'submit-confirmed',
      idempotencyKey: hiddenField(alice.page.body, 'idempotencyKey'),
      'answer:3:alphaStar': '7/13',
    },
  });
  expect(submitted.status).toBe(200);
  expect(await app.drainGradeSync()).toBe(1);
});
afterAll(async () => {
  await app?.cleanup();
});

describe('two registrations sharing every id', () => {
  it("B's instructor does not see A's students: results, item statistics, CSV export", async () => {
    const teacherA = await launch('A', 'teacher');
    expect(teacherA.page.body).toContain('Alice Novak');
    expect(teacherA.page.body).toContain('7/13');
    const teacherB = await launch('B', 'teacher');
    expect(teacherB.page.status).toBe(200);
    expect(teacherB.page.body).not.toContain('Alice Novak');
    expect(teacherB.page.body).not.toContain('7/13');
    const csv = await teacherB.browser.request(
      `${app.baseUrl}/instructor/export.csv?ltik=${encodeURIComponent(launchLtik(teacherB.browser))}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.body).not.toContain('alice');
    expect(csv.body.trim().split('\n')).toHaveLength(1);
  });

  it("B's instructor cannot resend A's scores, nor see or print A's attempts", async () => {
    const record = await app.store.models.GradeSync.findOne({ userId: 'alice' }).lean();
    const attempt = await app.store.models.Attempt.findOne({ userId: 'alice' }).lean();
    if (!record || !attempt) throw new Error('no record of alice');
    const teacherB = await launch('B', 'teacher');
    const ltik = launchLtik(teacherB.browser);
    const resend = await teacherB.browser.request(`${app.baseUrl}/instructor/resend`, {
      form: { ltik, id: record._id.toHexString() },
    });
    expect(resend.status).toBe(404);
    expect((await app.store.models.GradeSync.findById(record._id).lean())?.status).toBe('sent');
    for (const path of ['/instructor/attempt', '/instructor/print']) {
      const r = await teacherB.browser.request(
        `${app.baseUrl}${path}?attempt=${attempt._id.toHexString()}&ltik=${encodeURIComponent(ltik)}`,
      );
      expect([path, r.status]).toEqual([path, 404]);
    }
    // A's instructor can.
    const teacherA = await launch('A', 'teacher');
    const own = await teacherA.browser.request(`${app.baseUrl}/instructor/resend`, {
      form: { ltik: launchLtik(teacherA.browser), id: record._id.toHexString() },
    });
    expect(own.status).toBeLessThan(400);
  });

  it("a learner of B gets B's attempt, not their attempt in A", async () => {
    const inB = await launch('B', 'alice');
    expect(inB.page.status).toBe(200);
    const attempts = await app.store.models.Attempt.find({ userId: 'alice' }).lean();
    expect(attempts.map((a) => a.clientId).sort()).toEqual([app.sandbox?.state.registration?.clientId, SECOND].sort());
    // B's attempt is open and untouched by A's submission.
    expect(inB.page.body).not.toContain('7/13');
  });
});
