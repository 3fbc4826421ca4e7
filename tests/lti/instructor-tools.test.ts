import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenField, launchLtik, pressButton, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';
import { isFormulaCell, readCsv } from '../support/read-csv.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let teacher: { browser: TestBrowser; ltik: string };

beforeAll(async () => {
  app = await startTestServer();
  // What each student types in the last part: spreadsheet formulas, one behind a carriage return.
  const injected: Record<string, string> = { alice: '=HYPERLINK("x")', bob: '1\r=1+2', chloe: '\t=1+2' };
  for (const user of ['alice', 'bob', 'chloe']) {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=demo-exam`);
    const attempt = await app.store.models.Attempt.findOne({ userId: user }).lean();
    const xhat = (attempt?.problems[0]?.params as { x: number[] }).x.length;
    // Everyone swaps the Jacobian's columns: the statistics should say so.
    const swapped = `[${Array.from({ length: xhat }, () => '[0, 1]').join(', ')}]`;
    await browser.request(`${app.baseUrl}/quiz`, {
      form: {
        session: hiddenField(page.body, 'session'),
        action: 'submit-confirmed',
        idempotencyKey: hiddenField(page.body, 'idempotencyKey'),
        'answer:0:jacobian': swapped,
        'answer:3:alphaStar': injected[user] ?? '',
      },
    });
  }
  const browser = new TestBrowser();
  const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=demo-exam`);
  // The instructor lands on /instructor?ltik=… (ltijs puts the session token in the URL).
  teacher = { browser, ltik: new URL(page.url).searchParams.get('ltik') ?? '' };
  expect(teacher.ltik).not.toBe('');
});
afterAll(async () => {
  await app.cleanup();
});

describe('instructor tools from the LMS launch', () => {
  it('shows item statistics with the most common wrong answers', async () => {
    const page = await teacher.browser.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(teacher.ltik)}`);
    expect(page.body).toContain('Item statistics');
    expect(page.body).toMatch(/jacobian<\/td><td>3 of 3<\/td><td>\d+ %<\/td><td>0 %/);
    // Nobody answered the means: blanks are not answers.
    expect(page.body).toMatch(/mean<\/td><td>0 of 3<\/td>/);
  });

  it('exports grades and submissions as CSV, defusing spreadsheet formulas', async () => {
    const csv = await teacher.browser.request(
      `${app.baseUrl}/instructor/export.csv?ltik=${encodeURIComponent(teacher.ltik)}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.body.split('\n')[0]).toContain(
      'user_id,user_name,attempt,submitted_at,problem,template,part,raw,read_as',
    );
    expect(csv.body).toContain('alice');
    expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
    // Read as a spreadsheet reads it: every row has the header's cells, and no cell is a formula.
    const rows = readCsv(csv.body);
    const width = rows[0]?.length ?? 0;
    for (const row of rows) expect(row).toHaveLength(width);
    for (const cell of rows.flat()) expect([cell, isFormulaCell(cell)]).toEqual([cell, false]);
    const raws = rows.slice(1).map((r) => r[7]);
    // The carriage return stays inside its (quoted) cell; the leading TAB is defused.
    expect(raws).toEqual(expect.arrayContaining(['1\r=1+2', "'\t=1+2"]));
  });

  it('generates printable variants as one zip and records the exam', async () => {
    const form = await teacher.browser.request(
      `${app.baseUrl}/instructor/exam?ltik=${encodeURIComponent(teacher.ltik)}`,
    );
    expect(form.body).toContain('Print exam variants');
    const zip = await fetch(`${app.baseUrl}/instructor/exam`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['ltik', teacher.ltik],
        ['seed', 'midterm-2026'],
        ['variants', '3'],
        ['problems', 'rnn'],
        ['problems', 'gd'],
        ['points:rnn', '6'],
        ['points:gd', '4'],
        ['lang', 'en'],
      ]),
    });
    expect(zip.status).toBe(200);
    const bytes = Buffer.from(await zip.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.toString('latin1')).toContain('variant-C-key.html');
    expect(await app.store.models.GeneratedExam.findOne({ examSeed: 'midterm-2026' }).lean()).toMatchObject({
      labels: ['A', 'B', 'C'],
      templateIds: ['rnn', 'gd'],
      createdBy: 'teacher',
      // Recorded with the course's full key (a seed is looked up only in its own registration's course).
      platformIssuer: app.sandbox?.issuer,
      clientId: app.sandbox?.state.registration?.clientId,
      deploymentId: app.sandbox?.state.registration?.deploymentId,
      contextId: 'demo-course',
    });
    // Neighbour-safe: the key states that no two variants share a graded answer (the zip stores files uncompressed).
    expect(bytes.toString('utf8')).toContain('All variants differ in every graded answer.');
    const bad = await teacher.browser.request(`${app.baseUrl}/instructor/exam`, {
      form: { ltik: teacher.ltik, seed: 'x', variants: '201', problems: 'gd' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('variants: a whole number from 1 to 200');
  });

  it('keeps learners out of every instructor route', async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=bob&link=demo-exam`);
    // The learner's ltijs session (from the launch) is valid but not staff: 403. Their quiz session is not an ltik at all: 401.
    const ltik = encodeURIComponent(launchLtik(browser));
    const session = encodeURIComponent(hiddenField(page.body, 'session'));
    for (const path of [
      '/instructor',
      '/instructor/export.csv',
      '/instructor/exam',
      '/instructor/preview',
      '/instructor/reconcile',
      '/instructor/deep-link',
      '/instructor/regrade',
      '/instructor/attempt',
      '/instructor/print',
    ]) {
      expect((await browser.request(`${app.baseUrl}${path}?ltik=${ltik}`)).status, path).toBe(403);
      expect((await browser.request(`${app.baseUrl}${path}?ltik=${session}`)).status, path).toBe(401);
    }
  });

  it('answers a malformed form field with 422 naming the field and the rule, and changes nothing', async () => {
    const before = await app.store.models.Submission.countDocuments({});
    const cases: Array<[string, Record<string, string | string[]>, string]> = [
      [
        '/instructor/manual-grade',
        { submissionId: 'x', problemIndex: 'first', partKey: 'explain' },
        'problemIndex: a problem number (from 0)',
      ],
      ['/instructor/extra-time', { userId: ['bob', 'chloe'], minutes: '10' }, 'userId: must be one text value'],
      [
        '/instructor/exam',
        { seed: 's', variants: '2', problems: 'gd', 'points:gd': '0' },
        'points:gd: a number above 0, at most 1000',
      ],
      ['/instructor/exam', { seed: 's', variants: '2', problems: ['gd', 'nope'] }, 'problems: choose at least one of'],
      [
        '/instructor/regrade',
        { part: '0:jacobian', action: 'accept', accepted: ' ' },
        'accepted: type the answer to accept',
      ],
      ['/instructor/regrade', { action: 'discount' }, 'part: choose the part to regrade'],
      ['/instructor/resend', { id: ['a', 'b'] }, 'id: must be one text value'],
    ];
    for (const [path, form, message] of cases) {
      const r = await teacher.browser.request(`${app.baseUrl}${path}`, { form: { ltik: teacher.ltik, ...form } });
      expect([path, r.status]).toEqual([path, 422]);
      expect(r.body).toContain(message);
    }
    const preview = await teacher.browser.request(
      `${app.baseUrl}/instructor/preview?template=nope&ltik=${encodeURIComponent(teacher.ltik)}`,
    );
    expect(preview.status).toBe(422);
    expect(preview.body).toContain('template: must be one of');
    const learner = new TestBrowser();
    const page = await learner.navigate(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    const quiz = await learner.request(`${app.baseUrl}/quiz`, {
      form: { session: hiddenField(page.body, 'session'), action: 'grade-myself', 'answer:0:mean': '1' },
    });
    expect(quiz.status).toBe(422);
    expect(quiz.body).toContain('action: must be check, save, submit, submit-confirmed, new-attempt');
    expect(await app.store.models.Submission.countDocuments({})).toBe(before);
  });

  it('lets the instructor grade a free-text answer; the total is recomputed and sent as FullyGraded', async () => {
    const browser = new TestBrowser();
    const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=chloe&link=demo-exam`);
    const session = hiddenField(page.body, 'session');
    const next = await browser.request(`${app.baseUrl}/quiz`, { form: { session, action: 'new-attempt' } });
    await browser.request(`${app.baseUrl}/quiz`, {
      form: {
        session,
        action: 'submit-confirmed',
        idempotencyKey: hiddenField(next.body, 'idempotencyKey'),
        'answer:0:explain': '<script>alert(1)</script> sum of xhat is 0',
        'answer:3:alphaStar': '1/6',
      },
    });
    const attempt2 = await app.store.models.Attempt.findOne({ userId: 'chloe', attemptNumber: 2 }).lean();
    const submission = await app.store.models.Submission.findOne({
      attemptId: attempt2?._id,
      pendingManual: true,
    }).lean();
    expect(submission).not.toBeNull();
    expect(await app.store.models.GradeSync.findOne({ submissionId: submission?._id }).lean()).toMatchObject({
      gradingProgress: 'PendingManual',
    });
    const results = await teacher.browser.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(teacher.ltik)}`);
    expect(results.body).toContain('Answers awaiting your grade');
    expect(results.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(results.body).not.toContain('<script>alert(1)');
    const graded = await teacher.browser.request(`${app.baseUrl}/instructor/manual-grade`, {
      form: {
        ltik: teacher.ltik,
        submissionId: submission?._id.toHexString() ?? '',
        problemIndex: '0',
        partKey: 'explain',
        points: '0.5',
        comment: 'Right: the normalised values sum to zero.',
      },
    });
    expect(graded.status).toBe(302);
    // A new graded version of the submission; the student's own stays as submitted.
    const after = await app.store.models.Submission.findOne({ regradeOf: submission?._id }).lean();
    expect(after?.pendingManual).toBe(false);
    expect(after?.points).toBeGreaterThan(submission?.points ?? 0);
    expect(after?.parts.find((p) => p.partKey === 'explain')).toMatchObject({
      manualScore: 1,
      points: 0.5,
      comment: 'Right: the normalised values sum to zero.',
    });
    await app.drainGradeSync();
    const lineItem = app.sandbox?.state.links.get('demo-exam')?.lineItemId ?? '';
    // Her first attempt's unreadable alphaStar ("\t=1+2") still waits, and under the best
    // policy it could still count: the gradebook says so until the instructor reads it.
    expect(app.sandbox?.state.scores.get(lineItem)?.get('chloe')).toMatchObject({ gradingProgress: 'PendingManual' });
    const attempt1 = await app.store.models.Attempt.findOne({ userId: 'chloe', attemptNumber: 1 }).lean();
    const unreadable = await app.store.models.Submission.findOne({ attemptId: attempt1?._id }).lean();
    expect(unreadable?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({
      unreadable: true,
      pendingManual: true,
      raw: '\t=1+2',
    });
    const read = await teacher.browser.request(`${app.baseUrl}/instructor/manual-grade`, {
      form: {
        ltik: teacher.ltik,
        submissionId: unreadable?._id.toHexString() ?? '',
        problemIndex: '3',
        partKey: 'alphaStar',
        action: 'accept-reading',
        reading: '1/7',
      },
    });
    expect(read.status).toBe(302);
    await app.drainGradeSync();
    expect(app.sandbox?.state.scores.get(lineItem)?.get('chloe')).toMatchObject({ gradingProgress: 'FullyGraded' });
    const tooMany = await teacher.browser.request(`${app.baseUrl}/instructor/manual-grade`, {
      form: {
        ltik: teacher.ltik,
        submissionId: after?._id.toHexString() ?? '',
        problemIndex: '0',
        partKey: 'explain',
        points: '2',
      },
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toContain('points: a number from 0 to 0.5');
    const unknown = await teacher.browser.request(`${app.baseUrl}/instructor/manual-grade`, {
      form: { ltik: teacher.ltik, submissionId: 'nope', problemIndex: '0', partKey: 'explain', points: '0.5' },
    });
    expect(unknown.status).toBe(404);
  });

  it('prints any online attempt as an exam sheet with its key', async () => {
    const attempt = await app.store.models.Attempt.findOne({ userId: 'alice' }).lean();
    const sheet = await teacher.browser.request(
      `${app.baseUrl}/instructor/print?attempt=${attempt?._id.toHexString()}&key=1&ltik=${encodeURIComponent(teacher.ltik)}`,
    );
    expect(sheet.status).toBe(200);
    expect(sheet.body).toContain('<title>Exam, Variant: Alice Novak #1 — Answer key</title>');
    expect(sheet.body).toContain('Worked solution');
    expect(
      (
        await teacher.browser.request(
          `${app.baseUrl}/instructor/print?attempt=zzz&ltik=${encodeURIComponent(teacher.ltik)}`,
        )
      ).status,
    ).toBe(404);
    const detail = await teacher.browser.request(
      `${app.baseUrl}/instructor/attempt?attempt=${attempt?._id.toHexString()}&ltik=${encodeURIComponent(teacher.ltik)}`,
    );
    expect(detail.body).toContain('Alice Novak <small class="meta">alice</small></span>, attempt 1');
    expect(detail.body).toContain('<code>=HYPERLINK(&quot;x&quot;)</code>');
    expect(detail.body).toContain('grader version 1');
  });

  it("opens, prints and resends from the results page's buttons, whose rows carry no copy of the session token", async () => {
    const { Attempt, GradeSync } = app.store.models;
    const attemptId = (await Attempt.findOne({ userId: 'alice' }).lean())?._id.toHexString() ?? '';
    // A score the LMS has: its row offers to send it again.
    for (let i = 0; i < 200 && (await GradeSync.countDocuments({ userId: 'alice', status: 'sent' })) === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    const sent = await GradeSync.findOne({ userId: 'alice', status: 'sent' }).lean();
    expect(sent).not.toBeNull();
    const results = await teacher.browser.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(teacher.ltik)}`);
    const rows = /<tbody>([\s\S]*?)<\/tbody>/.exec(results.body)?.[1] ?? '';
    expect(rows).toContain(`value="${attemptId}"`);
    expect(rows).not.toContain(teacher.ltik);
    // As a browser submits a button: the form it names, with the button's name and value.
    const press = (form: string, name: string, value: string) => {
      const { method, action, fields } = pressButton(results.body, { form, name, value });
      const url = new URL(action, app.baseUrl);
      if (method === 'POST') return teacher.browser.navigate(url.toString(), { form: fields });
      for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
      return teacher.browser.navigate(url.toString());
    };
    const answers = await press('open-attempt', 'attempt', attemptId);
    expect(answers.body).toContain('Alice Novak <small class="meta">alice</small></span>, attempt 1');
    expect((await press('print-attempt', 'attempt', attemptId)).body).toContain(
      '<title>Exam, Variant: Alice Novak #1</title>',
    );
    expect((await press('print-key', 'attempt', attemptId)).body).toContain(
      '<title>Exam, Variant: Alice Novak #1 — Answer key</title>',
    );
    const pressedAt = Date.now();
    const resent = await press('resend-score', 'id', sent?._id.toHexString() ?? '');
    expect([resent.status, resent.url]).toEqual([200, expect.stringContaining('/instructor?')]);
    // Due again from the press (pending, or sent again since): the record was queued anew.
    expect((await GradeSync.findById(sent?._id).lean())?.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(pressedAt);
  });

  it('regrades a part: preview who changes from what to what, then apply and resend', async () => {
    const q = `ltik=${encodeURIComponent(teacher.ltik)}`;
    const preview = await teacher.browser.request(
      `${app.baseUrl}/instructor/regrade?${q}&part=0:jacobian&action=discount`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toContain('Preview: problem 1, part jacobian: full marks for everyone');
    // Names with the LMS id in small print; the gradebook score before and after, in points.
    expect(preview.body).toMatch(
      /<td><span class="student">Alice Novak <small class="meta">alice<\/small><\/span><\/td><td>[\d.]+ \/ 20[^<]*(<span[^>]*>[^<]*<\/span>)?<\/td><td>[\d.]+ \/ 20/,
    );
    const before = await app.store.models.Submission.countDocuments({});
    const regradedBefore = await app.store.models.Submission.countDocuments({
      regradeRule: mongoose.trusted({ $regex: '^regraded' }),
    });
    expect(regradedBefore).toBe(0);
    const applied = await teacher.browser.request(`${app.baseUrl}/instructor/regrade`, {
      form: { ltik: teacher.ltik, part: '0:jacobian', action: 'discount', tolerance: '', accepted: '' },
    });
    expect(applied.status).toBe(302);
    const regraded = await app.store.models.Submission.find({
      regradeRule: mongoose.trusted({ $regex: '^regraded' }),
    }).lean();
    // One new graded version per changed attempt: alice, bob, and both of chloé's.
    expect(regraded.length).toBe(4);
    expect(await app.store.models.Submission.countDocuments({})).toBe(before + regraded.length);
    const alice = regraded.find((r) => r.userId === 'alice');
    expect(alice?.parts.find((p) => p.partKey === 'jacobian')).toMatchObject({
      score: 1,
      feedback: 'Full marks: this part was discounted.',
    });
    expect(await app.store.models.GradeSync.countDocuments({ submissionId: alice?._id, status: 'pending' })).toBe(1);
    // Applying the same rule again changes nothing.
    await teacher.browser.request(`${app.baseUrl}/instructor/regrade`, {
      form: { ltik: teacher.ltik, part: '0:jacobian', action: 'discount', tolerance: '', accepted: '' },
    });
    expect(
      await app.store.models.Submission.countDocuments({ regradeRule: mongoose.trusted({ $regex: '^regraded' }) }),
    ).toBe(regraded.length);
    const bad = await teacher.browser.request(
      `${app.baseUrl}/instructor/regrade?${q}&part=3:alphaStar&action=tolerance&tolerance=abc`,
    );
    expect(bad.status).toBe(422);
  });
});
