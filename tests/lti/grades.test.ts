import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsToCustom, type ActivitySettings } from '../../src/activity/activity-settings.ts';
import type { AttemptDoc } from '../../src/store/models/attempt.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { decode, hiddenField, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

// Issue #10, "Grades you can trust": every defect a new user met in the sandbox, through the pages
// and forms they used (real HTTP, the sandbox LMS and its gradebook).

let app: Awaited<ReturnType<typeof startTestServer>>;
/** A link with the batch-norm and gradient-descent problems, 5 points each; best attempt counts. */
let bestLink = '';
/** The same problems, for the regrades of one policy (the rules of a regrade stay with its activity). */
let regradeLink = '';
/** Exam mode: gradient descent, one attempt of 20 minutes. */
let timedLink = '';
/** Practice: gradient descent for 4 points, 25 % less per retry, the last attempt counts. */
let lastLink = '';

function addLink(title: string, settings: Partial<ActivitySettings>): string {
  const full = { ...DEFAULT_SETTINGS, ...settings, title };
  const link = app.sandbox?.state.addLink(
    title,
    settingsToCustom(full),
    full.points.reduce((a, b) => a + b, 0),
  );
  if (!link) throw new Error('no sandbox');
  return link.id;
}

beforeAll(async () => {
  app = await startTestServer();
  bestLink = addLink('Two problems', { templates: ['batchnorm', 'gd'], points: [5, 5] });
  regradeLink = addLink('Two problems again', { templates: ['batchnorm', 'gd'], points: [5, 5] });
  timedLink = addLink('Timed', { templates: ['gd'], points: [5], attemptsAllowed: 1, timeLimitMinutes: 20 });
  lastLink = addLink('Practice', { templates: ['gd'], points: [4], declinePerRetry: 0.25, scorePolicy: 'last' });
});
afterAll(async () => {
  await app.cleanup();
});

class Student {
  readonly browser = new TestBrowser();
  page = '';
  constructor(
    readonly user: string,
    readonly link: string,
  ) {}
  async open(): Promise<string> {
    this.page = (await this.browser.navigate(`${app.baseUrl}/sandbox/launch?user=${this.user}&link=${this.link}`)).body;
    return this.page;
  }
  async attempt(attemptNumber: number): Promise<AttemptDoc> {
    const a = await app.store.models.Attempt.findOne({
      userId: this.user,
      resourceLinkId: this.link,
      attemptNumber,
    }).lean<AttemptDoc>();
    if (!a) throw new Error(`${this.user} has no attempt ${attemptNumber}`);
    return a;
  }
  async post(action: string, answers: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const r = await this.browser.request(`${app.baseUrl}/quiz`, {
      form: {
        session: hiddenField(this.page, 'session'),
        idempotencyKey: hiddenField(this.page, 'idempotencyKey'),
        action,
        ...answers,
      },
      headers,
    });
    if (r.headers.get('content-type')?.startsWith('text/html')) this.page = r.body;
    return r;
  }
}

class Teacher {
  readonly browser = new TestBrowser();
  ltik = '';
  constructor(readonly link: string) {}
  async open(): Promise<string> {
    const page = await this.browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=${this.link}`);
    this.ltik = new URL(page.url).searchParams.get('ltik') ?? '';
    return page.body;
  }
  get(path: string) {
    return this.browser.request(
      `${app.baseUrl}${path}${path.includes('?') ? '&' : '?'}ltik=${encodeURIComponent(this.ltik)}`,
    );
  }
  post(path: string, form: Record<string, string>) {
    return this.browser.request(`${app.baseUrl}${path}`, { form: { ltik: this.ltik, ...form } });
  }
}

/** Rows of the results page: student, attempt number, the Submissions column. */
const SUBMISSION_ROWS =
  /<tr data-attempt="[^"]+"><td>(.*?)<\/td><td>(\d+)[^<]*<button[\s\S]*?<td class="submissions">(\d+)<\/td>/g;

function gradebook(link: string, user: string) {
  const lineItem = app.sandbox?.state.links.get(link)?.lineItemId ?? '';
  return app.sandbox?.state.scores.get(lineItem)?.get(user);
}

/** The student's graded versions of an attempt, newest last. */
async function versions(attemptId: mongoose.Types.ObjectId) {
  return app.store.models.Submission.find({ attemptId }).sort({ version: 1 }).lean();
}

describe('grades you can trust (issue #10)', () => {
  const alice = new Student('alice', '');
  const teacher = new Teacher('');

  it("defect 6: parts add up to the problem's points, online as on paper (the Jacobian is 1.5 of 5)", async () => {
    Object.assign(alice, { link: bestLink });
    Object.assign(teacher, { link: bestLink });
    const page = await alice.open();
    const worth = (key: string) =>
      new RegExp(`id="f-0-${key}"[\\s\\S]*?`).exec(page) &&
      new RegExp(`for="f-0-${key}">[\\s\\S]*?<span class="meta part-worth">\\(([^)]*)\\)</span>`).exec(page)?.[1];
    expect(page).toContain('(5 points)');
    expect(worth('jacobian')).toBe('1.5 points');
    expect(worth('mean')).toBe('0.5 points');
    // Bonus parts come on top of the problem's points and say so.
    expect(worth('jacobianX')).toBe('bonus 1 point');
    const required = [...page.matchAll(/<span class="meta part-worth">\(([\d.]+) points?\)<\/span>/g)].map((m) =>
      Number(m[1]),
    );
    // Batch norm's 8 required parts and gradient descent's 5 add up to 5 + 5.
    expect(required.reduce((a, b) => a + b, 0)).toBe(10);
    // The printed key of the same problem gives the Jacobian the same 1.5 points.
    await teacher.open();
    const key = await teacher.get(`/instructor/print?attempt=${(await alice.attempt(1))._id.toHexString()}&key=1`);
    expect(key.body).toMatch(/1\.5 (points|b)/);
  });

  it('defects 1 and 7: a manual grade only adds its points, is sent as FullyGraded, and the student sees it with the comment', async () => {
    const attempt = await alice.attempt(1);
    const right = correctAnswerFields(attempt);
    // Everything right except the mean (0.5) and the Jacobian (1.5, every entry wrong in the right
    // shape: a zero matrix matched an x̂ of 0 in some variants) of batch norm and α* (1) of
    // gradient descent; the bonus Jacobian left out, the free-text bonus answered.
    const answers = {
      ...right,
      'answer:0:mean': `(${right['answer:0:mean']}) + 100`,
      'answer:0:jacobian': (right['answer:0:jacobian'] ?? '').replace(/-?[\d./]+/g, '1000'),
      'answer:0:jacobianX': '',
      'answer:1:alphaStar': `(${right['answer:1:alphaStar']}) + 1`,
      'answer:0:explain': 'The normalised values sum to zero.',
    };
    const submitted = await alice.post('submit', answers);
    expect(submitted.status).toBe(200);
    const [stored] = await versions(attempt._id);
    expect(stored).toMatchObject({ points: 7, maxPoints: 10, pendingManual: true });
    // The student sees points per part, x / N per problem and for the attempt, at the top.
    expect(submitted.body).toContain('Score: <strong>7 / 10 points</strong> (70 %)');
    expect(submitted.body).toMatch(/id="problem-score-0"><strong>3 \/ 5<\/strong>/);
    expect(submitted.body).toMatch(/id="problem-score-1"><strong>4 \/ 5<\/strong>/);
    expect(submitted.body).toContain('Saved; the instructor will grade this part.');
    await app.drainGradeSync();
    expect(gradebook(bestLink, 'alice')).toMatchObject({
      scoreGiven: 7,
      scoreMaximum: 10,
      gradingProgress: 'PendingManual',
    });

    await teacher.open();
    const results = await teacher.get('/instructor');
    // The grading queue names the student, the id in small print; points are asked for, up to the part's.
    expect(results.body).toContain('Alice Novak <small class="meta">alice</small>');
    expect(results.body).toMatch(/name="points"[^>]*max="0.5"/);
    const graded = await teacher.post('/instructor/manual-grade', {
      submissionId: stored?._id.toHexString() ?? '',
      problemIndex: '0',
      partKey: 'explain',
      points: '0.4',
      comment: 'Right, but say why the mean is removed.',
    });
    expect(graded.status).toBe(302);
    await app.drainGradeSync();
    // 7 + 0.4: a bonus part adds its points (problem 1 stays within its 5).
    expect(gradebook(bestLink, 'alice')).toMatchObject({
      scoreGiven: 7.4,
      scoreMaximum: 10,
      gradingProgress: 'FullyGraded',
    });

    const page = await alice.open();
    expect(page).toContain('Score: <strong>7.4 / 10 points</strong>');
    expect(page).not.toContain('Saved; the instructor will grade this part.');
    expect(page).toMatch(
      /Graded by the instructor\.\s*<span class="part-points">\(bonus 0\.4 \/ 0\.5\)<\/span><div class="comment"><span class="meta">Instructor's comment:<\/span> Right, but say why the mean is removed\.<\/div>/,
    );
  });

  it('defect 2: a regrade keeps manual points and comments and invents no penalty', async () => {
    const preview = await teacher.get('/instructor/regrade?part=0:jacobian&action=discount');
    expect(preview.body).toMatch(
      /Alice Novak <small class="meta">alice<\/small><\/span><\/td><td>7\.4 \/ 10<\/td><td>8\.9 \/ 10<\/td>/,
    );
    const applied = await teacher.post('/instructor/regrade', {
      part: '0:jacobian',
      action: 'discount',
      tolerance: '',
      accepted: '',
    });
    expect(applied.status).toBe(302);
    await app.drainGradeSync();
    // 7.4 + the Jacobian's 1.5: the manual 0.4 stays, no ratio applied (no retry penalty here).
    expect(gradebook(bestLink, 'alice')).toMatchObject({ scoreGiven: 8.9, gradingProgress: 'FullyGraded' });
    const current = (await versions((await alice.attempt(1))._id)).pop();
    expect(current?.parts.find((p) => p.partKey === 'explain')).toMatchObject({
      manualScore: 0.8,
      points: 0.4,
      comment: 'Right, but say why the mean is removed.',
    });
    expect(current?.parts.find((p) => p.partKey === 'jacobian')).toMatchObject({ score: 1, points: 1.5 });
    // Defect 4: a manual grade and a regrade later, Alice has still submitted once.
    const results = await teacher.get('/instructor');
    expect(
      [...results.body.matchAll(SUBMISSION_ROWS)].map((m) => [decode(m[1] ?? '').replace(/<[^>]+>/g, ''), m[2], m[3]]),
    ).toEqual([['Alice Novak alice', '1', '1']]);
  });

  it('defects 3 and 4: after a regrade the gradebook keeps the best attempt, one score is re-sent per student, and regrades are not submissions', async () => {
    const chloe = new Student('chloe', regradeLink);
    const teacher = new Teacher(regradeLink);
    await teacher.open();
    await chloe.open();
    // Attempt 1: only "converge" right (1 point). Attempt 2: nothing right.
    const first = correctAnswerFields(await chloe.attempt(1));
    expect(
      (
        await chloe.post('submit-confirmed', {
          'answer:1:converge': first['answer:1:converge'] ?? '',
          'answer:0:jacobian': '[[0, 0]]',
        })
      ).status,
    ).toBe(200);
    await chloe.post('new-attempt');
    // (Variants are drawn per registration: a wrong answer is made from the right one.)
    const second = correctAnswerFields(await chloe.attempt(2));
    expect(
      (
        await chloe.post('submit-confirmed', {
          'answer:0:jacobian': '[[0, 0]]',
          'answer:1:alphaStar': `(${second['answer:1:alphaStar']}) + 1`,
        })
      ).status,
    ).toBe(200);
    await app.drainGradeSync();
    expect(gradebook(regradeLink, 'chloe')).toMatchObject({ scoreGiven: 1, scoreMaximum: 10 });

    // "[[0, 0]]" is accepted for the Jacobian: attempt 1 becomes 2.5, attempt 2 becomes 1.5. Both
    // are regraded (the last one written is attempt 2's), yet the best, 2.5, is what is sent.
    await teacher.post('/instructor/regrade', {
      part: '0:jacobian',
      action: 'accept',
      tolerance: '',
      accepted: '[[0, 0]]',
    });
    const waiting = await app.store.models.GradeSync.find({
      resourceLinkId: regradeLink,
      userId: 'chloe',
      status: 'pending',
    }).lean();
    // One score per student waits to be sent, whatever number of versions the regrade wrote.
    expect(waiting).toHaveLength(1);
    await app.drainGradeSync();
    const [a1, a2] = [await versions((await chloe.attempt(1))._id), await versions((await chloe.attempt(2))._id)];
    expect([a1.at(-1)?.points, a2.at(-1)?.points]).toEqual([2.5, 1.5]);
    expect(gradebook(regradeLink, 'chloe')).toMatchObject({ scoreGiven: 2.5, scoreMaximum: 10 });

    // The results page counts what the students submitted: one each, however often it was regraded.
    const results = await teacher.get('/instructor');
    const rows = [...results.body.matchAll(SUBMISSION_ROWS)].map((m) => [
      decode(m[1] ?? '').replace(/<[^>]+>/g, ''),
      m[2],
      m[3],
    ]);
    expect(rows).toEqual([
      ['Chloé Dvořáková chloe', '1', '1'],
      ['Chloé Dvořáková chloe', '2', '1'],
    ]);
  });

  it('defect 5: an unreadable answer is never graded: the page says which parts, once and in its language, and asks before grading', async () => {
    const chloe = new Student('chloe', bestLink);
    await chloe.open();
    const right = correctAnswerFields(await chloe.attempt(1));
    const answers = { ...right, 'answer:0:xhat': '[2.8 1.2 -3.6', 'answer:1:alphaStar': '1, 75', 'answer:0:mean': '' };
    // Without the page's script: the server answers the summary, stores nothing, keeps what was typed.
    const summary = await chloe.post('submit', answers);
    expect(summary.status).toBe(200);
    expect(summary.body).toContain('Před odesláním');
    expect(summary.body).toMatch(
      /<li>Úloha 1: nelze přečíst, viz zpráva u části \(část <a href="#f-0-xhat">3<\/a>\)<\/li><li>Úloha 1: bez odpovědi \(část <a href="#f-0-mean">1<\/a>\)<\/li><li>Úloha 2: nelze přečíst/,
    );
    expect(summary.body.split('Nelze přečíst &quot;[2.8 1.2 -3.6&quot; na pozici 14').length - 1).toBe(1);
    // A Czech page reads 1,75 as 1.75; with a space after the comma it is a list, which a number cannot be.
    expect(summary.body.split('Očekáváno číslo, zadáno seznam čísel').length - 1).toBe(1);
    expect(summary.body).toContain('value="[2.8 1.2 -3.6"');
    expect(summary.body).toContain(
      '<button type="submit" name="action" value="submit-confirmed" class="primary">Přesto odeslat</button>',
    );
    const attempt = await chloe.attempt(1);
    expect(await app.store.models.Submission.countDocuments({ attemptId: attempt._id })).toBe(0);
    // With the script the same summary comes as JSON for the page to show.
    const json = await chloe.post('submit', answers, { accept: 'application/json' });
    expect(JSON.parse(json.body)).toMatchObject({
      needsConfirm: true,
      checks: {
        'answer:1:alphaStar': {
          ok: false,
          error: 'Očekáváno číslo, zadáno seznam čísel',
        },
      },
    });

    // Confirmed: stored as typed, not graded, waiting for the instructor.
    const submitted = await chloe.post('submit-confirmed', answers);
    expect(submitted.status).toBe(200);
    const [stored] = await versions(attempt._id);
    expect(stored?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({
      raw: '1, 75',
      unreadable: true,
      pendingManual: true,
      score: 0,
    });
    expect(stored?.parts.find((p) => p.partKey === 'xhat')).toMatchObject({
      raw: '[2.8 1.2 -3.6',
      unreadable: true,
      pendingManual: true,
    });
    expect(submitted.body).toContain('Nehodnoceno: odpověď nelze přečíst; přečte ji vyučující.');
    expect(submitted.body.split('Očekáváno číslo, zadáno seznam čísel').length - 1).toBe(1);
    await app.drainGradeSync();
    expect(gradebook(bestLink, 'chloe')).toMatchObject({ gradingProgress: 'PendingManual' });

    // The instructor reads them: "1, 75" as 1.75 (graded like a typed answer), the vector by hand.
    const queue = (await teacher.get('/instructor')).body;
    expect(queue).toContain('Chloé Dvořáková <small class="meta">chloe</small>');
    expect(queue).toContain('Could not be read: Expected a number but got a list of numbers');
    const id = stored?._id.toHexString() ?? '';
    expect(
      (
        await teacher.post('/instructor/manual-grade', {
          submissionId: id,
          problemIndex: '1',
          partKey: 'alphaStar',
          action: 'accept-reading',
          reading: '1.75',
        })
      ).status,
    ).toBe(302);
    const read = (await versions(attempt._id)).pop();
    expect(read?.parts.find((p) => p.partKey === 'alphaStar')).toMatchObject({
      raw: '1, 75',
      acceptedReading: '1.75',
      pendingManual: false,
    });
    expect(
      (
        await teacher.post('/instructor/manual-grade', {
          submissionId: read?._id.toHexString() ?? '',
          problemIndex: '0',
          partKey: 'xhat',
          points: '0.25',
          comment: 'Close the bracket.',
        })
      ).status,
    ).toBe(302);
    // A reading that cannot be read either is refused, naming the field.
    const bad = await teacher.post('/instructor/manual-grade', {
      submissionId: (await versions(attempt._id)).pop()?._id.toHexString() ?? '',
      problemIndex: '1',
      partKey: 'alphaStar',
      action: 'accept-reading',
      reading: '1,,',
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('reading: ');
    await app.drainGradeSync();
    expect(gradebook(bestLink, 'chloe')).toMatchObject({ gradingProgress: 'FullyGraded' });
  });

  it('defect 5 at the deadline: an unreadable saved answer is stored as typed and marked for the instructor, not graded 0', async () => {
    const bob = new Student('bob', timedLink);
    await bob.open();
    // A timed activity opens on its start page: Start begins the attempt and its clock.
    bob.page = (
      await bob.browser.request(`${app.baseUrl}/quiz`, {
        form: {
          session: hiddenField(bob.page, 'session'),
          attemptNumber: hiddenField(bob.page, 'attemptNumber'),
          action: 'start',
        },
      })
    ).body;
    await bob.post('check', { 'answer:0:oscillate': '{0; 2/5}', 'answer:0:alphaStar': '1/6' });
    const attempt = await bob.attempt(1);
    await app.store.models.Attempt.updateOne(
      { _id: attempt._id },
      { $set: { deadlineAt: new Date(Date.now() - 1000) } },
    );
    await bob.open();
    const [stored] = await versions(attempt._id);
    expect(stored?.auto).toBe(true);
    expect(stored?.parts.find((p) => p.partKey === 'oscillate')).toMatchObject({
      raw: '{0; 2/5}',
      unreadable: true,
      pendingManual: true,
      score: 0,
    });
    await app.drainGradeSync();
    expect(gradebook(timedLink, 'bob')).toMatchObject({ gradingProgress: 'PendingManual' });
    const timedTeacher = new Teacher(timedLink);
    await timedTeacher.open();
    expect((await timedTeacher.get('/instructor')).body).toMatch(
      /Bob Smith <small class="meta">bob<\/small>[\s\S]*?<code>\{0; 2\/5\}<\/code>/,
    );
  });

  it('defect 8: item statistics count answers, not blanks; no variant is called an outlier on one student; a histogram of the scores; names everywhere', async () => {
    const results = await teacher.get('/instructor');
    const statistics = results.body.slice(results.body.indexOf('id="statistics"'));
    // Alice left the bonus Jacobian blank, Chloé answered it; Alice got the mean wrong, Chloé left it blank.
    expect(statistics).toMatch(/<td>1\. batchnorm<\/td><td>jacobianX<\/td><td>1 of 2<\/td>/);
    expect(statistics).toMatch(/<td>1\. batchnorm<\/td><td>mean<\/td><td>1 of 2<\/td><td>0 %<\/td>/);
    // One student per variant: nothing is flagged, and no raw JSON parameters are printed.
    expect(statistics).not.toContain('stands out');
    expect(statistics).not.toMatch(/\{"/);
    // The distribution of the two students' gradebook scores, drawn inline (Alice's 8.9 / 10 among them).
    const histogram =
      /<svg class="histogram"[^>]*role="img" aria-label="Students by gradebook score: ([^"]*)"/.exec(statistics)?.[1] ??
      '';
    const bars = [...histogram.matchAll(/(\d+)–(\d+) %: (\d+)/g)].map((m) => Number(m[3]));
    expect(bars).toHaveLength(10);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(2);
    expect(histogram).toMatch(/80–89 %: [12]/);
    // Instructor pages name the student with the LMS id in small print.
    const attempt = await alice.attempt(1);
    for (const path of [
      '/instructor',
      `/instructor/attempt?attempt=${attempt._id.toHexString()}`,
      '/instructor/regrade?part=1:alphaStar&action=discount',
    ]) {
      expect((await teacher.get(path)).body, path).toContain('Alice Novak <small class="meta">alice</small>');
    }
  });

  it("a new attempt after a regrade is graded with the regrade's rules too; best and last policies through the gradebook", async () => {
    const chloe = new Student('chloe', regradeLink);
    await chloe.open();
    await chloe.post('new-attempt');
    await chloe.post('submit-confirmed', { 'answer:0:jacobian': '[[0, 0]]' });
    const third = (await versions((await chloe.attempt(3))._id)).pop();
    expect(third?.parts.find((p) => p.partKey === 'jacobian')).toMatchObject({
      score: 1,
      feedback: 'Uznáno při přehodnocení.',
    });
    await app.drainGradeSync();
    expect(gradebook(regradeLink, 'chloe')).toMatchObject({ scoreGiven: 2.5 });

    // Practice (last attempt counts, 25 % less per retry): 4, then 3 for the same answers; a regrade
    // that gives the first attempt more does not move the gradebook off the last attempt.
    const bob = new Student('bob', lastLink);
    await bob.open();
    await bob.post('submit', correctAnswerFields(await bob.attempt(1)));
    await bob.post('new-attempt');
    const second = correctAnswerFields(await bob.attempt(2));
    await bob.post('submit-confirmed', { ...second, 'answer:0:alphaStar': '' });
    await app.drainGradeSync();
    // Five equal parts in 4 points: 0.8 each; 3.2 less 25 %.
    expect(gradebook(lastLink, 'bob')).toMatchObject({ scoreGiven: 2.4, scoreMaximum: 4 });
    const practiceTeacher = new Teacher(lastLink);
    await practiceTeacher.open();
    await practiceTeacher.post('/instructor/regrade', {
      part: '0:alphaStar',
      action: 'discount',
      tolerance: '',
      accepted: '',
    });
    await app.drainGradeSync();
    expect(gradebook(lastLink, 'bob')).toMatchObject({ scoreGiven: 3, scoreMaximum: 4 });
  });
});
