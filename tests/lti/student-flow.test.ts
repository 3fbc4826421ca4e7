import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { t } from '../../src/web/i18n.ts';
import { loadProblems } from '../../src/activity/attempt-service.ts';
import { hiddenField, launchLtik, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';
import { DEMO_USERS } from '../../src/lms-sandbox/state.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  app = await startTestServer();
});
afterAll(async () => {
  await app.cleanup();
});

async function launchAs(user: string, link = 'demo-exam') {
  const browser = new TestBrowser();
  const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=${link}`);
  return { browser, page };
}

describe('LTI 1.3 through the sandbox LMS', () => {
  it('registered the sandbox with the tool by dynamic registration', () => {
    expect(app.sandbox?.state.registration?.clientId).toMatch(/^sandbox-/);
  });

  it('launches a student into their own variant, checks, submits, and the score reaches the gradebook', async () => {
    const { browser, page } = await launchAs('alice');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Problem 1');
    expect(page.body).toContain('<svg');
    const session = hiddenField(page.body, 'session');

    const attempt = await app.store.models.Attempt.findOne({ userId: 'alice' }).lean();
    expect(attempt).not.toBeNull();
    const answers = correctAnswerFields(attempt as NonNullable<typeof attempt>);

    const checked = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'check', 'answer:0:jacobian': '[1 2; 1 3]', 'answer:3:alphaStar': '1/0' },
    });
    expect(checked.status).toBe(200);
    expect(checked.body).toContain('Read as');
    // The reading is typeset (KaTeX, its TeX source kept for screen readers), the parse error shown once.
    expect(checked.body).toContain('<span class="echo-value"><span class="katex">');
    expect(checked.body).toContain('\\begin{bmatrix} 1 &amp; 2 \\\\ 1 &amp; 3 \\end{bmatrix}');
    expect(checked.body.match(/division by zero/g)).toHaveLength(1);

    // Nothing sent before submitting contains a reference answer: the page, the check page, and
    // the JSON the page's script gets for check and autosave. Short values ("2", choice letters)
    // occur in any page; the distinctive ones (matrices, fractions, intervals, decimals) must not.
    const json = { accept: 'application/json' };
    const sentBeforeSubmit = [
      page.body,
      checked.body,
      (
        await browser.request(`${app.baseUrl}/quiz`, {
          form: { session, action: 'check', 'answer:0:jacobian': '[1 2; 1 3]' },
          headers: json,
        })
      ).body,
      (
        await browser.request(`${app.baseUrl}/quiz`, {
          form: { session, action: 'save', 'answer:0:jacobian': '[1 2; 1 3]' },
          headers: json,
        })
      ).body,
    ];
    // What the test typed comes back in the echo ("[[1, 2], [1, 3]]"), and the input help and the
    // prompts show format examples ("e.g. [[1, 0], [1, 2]]"): a reference that happens to be inside
    // those proves nothing.
    const loaded = loadProblems(attempt as NonNullable<typeof attempt>);
    const prompts = loaded.flatMap((p) => p.variant.parts.map((part) => part.prompt.en));
    // Nor does one that is a given of the problem (an RNN whose theta = -3/2 and whose answer is -3/2).
    const givens = loaded.map((p) => p.template.statement(p.variant.params, 'en'));
    // The RNN's diagram writes its givens as plain text too ("θ = -3/2").
    const diagrams = sentBeforeSubmit.flatMap((body) => body.match(/<div class="diagram">[\s\S]*?<\/div>/g) ?? []);
    const echoed = ['[[1, 2], [1, 3]] [1 2; 1 3] 1/0', t('inputHelp', 'en'), ...prompts, ...givens, ...diagrams].join(
      '\n',
    );
    const distinctive = Object.values(answers).filter(
      (value) => value.length >= 4 && /[[/(.,]/.test(value) && !echoed.includes(value),
    );
    expect(distinctive.length).toBeGreaterThanOrEqual(5);
    for (const body of sentBeforeSubmit) for (const value of distinctive) expect(body, value).not.toContain(value);

    const key = hiddenField(checked.body, 'idempotencyKey');
    const submitted = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit', idempotencyKey: key, ...answers },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toContain('Score: <strong>20 / 20 points</strong> (100 %)');
    // A double click (or a retry whose first answer was lost): the same key stores nothing new, and says it arrived.
    const again = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit', idempotencyKey: key, ...answers },
    });
    expect(again.status).toBe(200);
    expect(again.body).toContain('These answers had already been received');
    // Another submit (a new key) to the submitted attempt is refused.
    const other = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit', idempotencyKey: 'another-key-123', ...answers },
    });
    expect(other.status).toBe(409);
    expect(await app.store.models.Submission.countDocuments({ userId: 'alice' })).toBe(1);

    expect(await app.drainGradeSync()).toBe(1);
    const book = app.sandbox?.state.scores.get(app.sandbox.state.links.get('demo-exam')?.lineItemId ?? '');
    expect(book?.get('alice')).toMatchObject({
      scoreGiven: 20,
      scoreMaximum: 20,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
  });

  it('feedback says what is wrong without giving the shape of the answer; an optional part left blank is no error', async () => {
    const { browser, page } = await launchAs('student-41');
    const attempt = await app.store.models.Attempt.findOne({ userId: 'student-41' }).lean();
    const answers = correctAnswerFields(attempt as NonNullable<typeof attempt>);
    const submitted = await browser.request(`${app.baseUrl}/quiz`, {
      form: {
        session: hiddenField(page.body, 'session'),
        idempotencyKey: hiddenField(page.body, 'idempotencyKey'),
        action: 'submit-confirmed',
        ...answers,
        // The convergence set is one interval: three pieces are wrong, and the feedback does not say how many.
        'answer:3:converge': '(0, 1/100) U (1/50, 1/40) U (1/30, 1/20)',
        'answer:0:jacobianX': '',
      },
    });
    expect(submitted.status).toBe(200);
    const feedbackOf = (field: string) =>
      new RegExp(`<div id="f-${field}-feedback"><div class="feedback ([a-z]+)">(.*?)</div></div>`).exec(submitted.body);
    const converge = feedbackOf('3-converge');
    expect(converge?.[1]).toBe('wrong');
    expect(converge?.[2]).toMatch(/^Not correct\./);
    expect(converge?.[2]).not.toMatch(/piece|Expected|\d+ (part|interval)/);
    // The bonus Jacobian left blank: plain, not red.
    const bonus = feedbackOf('0-jacobianX');
    expect(bonus?.[1]).toBe('skipped');
    expect(bonus?.[2]).toContain('Optional; not answered.');
    // Its score went out, as every submission's does (the tests below count what is sent).
    expect(await app.drainGradeSync()).toBe(1);
  });

  it('reopening shows the same attempt with what was submitted', async () => {
    const { page } = await launchAs('alice');
    const attempts = await app.store.models.Attempt.countDocuments({ userId: 'alice' });
    expect(attempts).toBe(1);
    expect(page.body).toContain('Score: <strong>20 / 20 points</strong> (100 %)');
  });

  it('answers the launch with the quiz page, which a reload opens again', async () => {
    const { browser } = await launchAs('alice');
    // The launch answered itself: no request to /quiz on the way.
    expect(browser.visited.some((url) => new URL(url).pathname === '/quiz')).toBe(false);
    const reloaded = await browser.request(browser.visited.at(-1) ?? '');
    expect(reloaded.status).toBe(200);
    expect(reloaded.body).toContain('Score: <strong>20 / 20 points</strong> (100 %)');
    expect(hiddenField(reloaded.body, 'session')).not.toBe('');
    expect(await app.store.models.Attempt.countDocuments({ userId: 'alice' })).toBe(1);
  });

  it('gives each student a different variant and shows Czech to a Czech locale', async () => {
    const { page } = await launchAs('chloe');
    expect(page.body).toContain('lang="cs"');
    expect(page.body).toContain('Úloha 1');
    const [a, c] = await Promise.all([
      app.store.models.Attempt.findOne({ userId: 'alice' }).lean(),
      app.store.models.Attempt.findOne({ userId: 'chloe' }).lean(),
    ]);
    expect(JSON.stringify(a?.problems.map((p) => p.params))).not.toBe(JSON.stringify(c?.problems.map((p) => p.params)));
  });

  it('reads Czech number forms on a Czech page: decimal commas, ";" between entries, full marks', async () => {
    const { browser, page } = await launchAs('chloe');
    const session = hiddenField(page.body, 'session');
    const attempt = await app.store.models.Attempt.findOne({ userId: 'chloe' }).lean();
    if (!attempt) throw new Error('chloe has no attempt');
    // Every list written with ";", every single number as a decimal with a comma.
    const czech = Object.fromEntries(
      Object.entries(correctAnswerFields(attempt)).map(([field, value]) => {
        const fraction = /^(-?\d+)\/(\d+)$/.exec(value);
        if (fraction) return [field, (Number(fraction[1]) / Number(fraction[2])).toPrecision(10).replace('.', ',')];
        // A whole number too ("3,0"), so that every variant has several decimal commas.
        if (/^-?\d+$/.test(value)) return [field, `${value},0`];
        return [field, value.replace(/, /g, '; ').replace(/(\d)\.(\d)/g, '$1,$2')];
      }),
    );
    expect(Object.values(czech).filter((v) => /\d,\d/.test(v)).length).toBeGreaterThanOrEqual(3);
    expect(Object.values(czech).filter((v) => v.includes(';')).length).toBeGreaterThanOrEqual(5);
    const checked = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'check', 'answer:3:alphaStar': '0,75', 'answer:2:A': '[1,5; -2]' },
      headers: { accept: 'application/json' },
    });
    const checks = (JSON.parse(checked.body) as { checks: Record<string, { ok: boolean; echo?: string }> }).checks;
    expect(checks['answer:3:alphaStar']).toMatchObject({ ok: true, echo: '3/4' });
    expect(checks['answer:2:A']).toMatchObject({ ok: true, echo: '[3/2, -2]' });
    const submitted = await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit', idempotencyKey: hiddenField(page.body, 'idempotencyKey'), ...czech },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toContain('Skóre: <strong>20 / 20 bodů</strong> (100 %)');
    const stored = await app.store.models.Submission.findOne({ userId: 'chloe' }).lean();
    expect(stored?.lang).toBe('cs');
    expect(stored?.parts.every((p) => p.score === 1 || p.raw === '')).toBe(true);
    expect(await app.drainGradeSync()).toBe(1);
  });

  it("lets a student whose LMS sends no locale choose the language, kept by the page's forms", async () => {
    const bob = DEMO_USERS.find((u) => u.id === 'bob');
    if (!bob) throw new Error('no bob');
    const locale = bob.locale;
    delete bob.locale;
    try {
      const { browser, page } = await launchAs('bob');
      expect(page.body).toContain('<html lang="en">');
      expect(page.body).toContain('name="setLang" value="cs"');
      const session = hiddenField(page.body, 'session');
      // The switch sends the form: what was typed stays, in Czech notation from now on.
      const czech = await browser.request(`${app.baseUrl}/quiz`, {
        form: { session, lang: 'en', setLang: 'cs', 'answer:3:alphaStar': '0,5' },
      });
      expect(czech.status).toBe(200);
      expect(czech.body).toContain('<html lang="cs">');
      expect(czech.body).toContain('Úloha 1');
      expect(czech.body).toContain('name="setLang" value="en"');
      expect(hiddenField(czech.body, 'lang')).toBe('cs');
      expect(czech.body).toMatch(/id="f-3-alphaStar" name="answer:3:alphaStar" value="0,5"/);
      const checked = await browser.request(`${app.baseUrl}/quiz`, {
        form: { session, lang: 'cs', action: 'check', 'answer:3:alphaStar': '0,5' },
        headers: { accept: 'application/json' },
      });
      expect(JSON.parse(checked.body).checks['answer:3:alphaStar']).toMatchObject({ ok: true, echo: '1/2' });
      // The page again (as "show solutions" and the end of the time ask for it): the form carries the choice.
      const reopened = await browser.request(`${app.baseUrl}/quiz`, { form: { session, lang: 'cs', action: 'open' } });
      expect(reopened.body).toContain('<html lang="cs">');
    } finally {
      bob.locale = locale;
    }
    // A locale sent by the LMS is not overridden, and no switch is offered.
    const chloe = await launchAs('chloe');
    expect(chloe.page.body).not.toContain('name="setLang"');
    const asked = await chloe.browser.request(`${app.baseUrl}/quiz`, {
      form: { session: hiddenField(chloe.page.body, 'session'), setLang: 'en' },
    });
    expect(asked.body).toContain('<html lang="cs">');
  });

  it('retries while the LMS is down and delivers the score after it recovers', async () => {
    const { browser, page } = await launchAs('bob');
    const session = hiddenField(page.body, 'session');
    const key = hiddenField(page.body, 'idempotencyKey');
    await browser.request(`${app.baseUrl}/quiz`, {
      form: { session, action: 'submit-confirmed', idempotencyKey: key, 'answer:3:alphaStar': '1/6' },
    });
    if (!app.sandbox) throw new Error('no sandbox');
    app.sandbox.faults.agsFailure = { status: 503, body: 'Moodle is in maintenance mode', count: 1 };
    await app.drainGradeSync();
    const record = await app.store.models.GradeSync.findOne({ userId: 'bob' }).lean();
    expect(record).toMatchObject({ status: 'pending', tries: 1 });
    expect(record?.lastError).toMatch(/503/);
    await app.store.models.GradeSync.updateOne({ userId: 'bob' }, { $set: { nextAttemptAt: new Date(0) } });
    await app.drainGradeSync();
    expect(await app.store.models.GradeSync.findOne({ userId: 'bob' }).lean()).toMatchObject({ status: 'sent' });
    const lineItem = app.sandbox.state.links.get('demo-exam')?.lineItemId ?? '';
    expect(app.sandbox.state.scores.get(lineItem)?.get('bob')?.scoreGiven).toBeGreaterThanOrEqual(0);
  });

  it('reconciles: shows where the LMS differs from the tool and resends the differences', async () => {
    const lineItem = app.sandbox?.state.links.get('demo-exam')?.lineItemId ?? '';
    const held = app.sandbox?.state.scores.get(lineItem)?.get('alice');
    if (!held) throw new Error('alice has no score in the sandbox gradebook');
    held.scoreGiven = 3; // someone edited the gradebook by hand
    const { browser, page } = await launchAs('teacher');
    const ltik = hiddenField(page.body, 'ltik');
    const view = await browser.request(`${app.baseUrl}/instructor/reconcile?ltik=${encodeURIComponent(ltik)}`);
    expect(view.status).toBe(200);
    // By name (as the launch gave it), with the LMS user id under it.
    expect(view.body).toMatch(
      /Alice Novak<br><span class="meta">alice<\/span><\/td><td>20 \/ 20<\/td><td>3 \/ 20<\/td><td><strong>differs/,
    );
    const resent = await browser.navigate(`${app.baseUrl}/instructor/reconcile`, { form: { ltik } });
    expect(resent.status).toBe(200);
    await app.drainGradeSync();
    expect(app.sandbox?.state.scores.get(lineItem)?.get('alice')?.scoreGiven).toBe(20);
  });

  it('sends the instructor to the results page and never sends staff scores', async () => {
    const { page } = await launchAs('teacher');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Results');
    expect(page.body).toContain('Alice Novak');
  });

  it('keeps learners out of instructor pages', async () => {
    const { browser } = await launchAs('alice');
    const ltik = launchLtik(browser);
    const r = await browser.request(`${app.baseUrl}/instructor?ltik=${encodeURIComponent(ltik)}`);
    expect(r.status).toBe(403);
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects a replayed id_token with a clear 4xx page', async () => {
    const browser = new TestBrowser();
    const start = await browser.request(`${app.baseUrl}/sandbox/launch?user=alice&link=demo-exam`);
    const login = await browser.request(new URL(start.location ?? '', app.baseUrl).toString());
    const auth = await browser.request(new URL(login.location ?? '', app.baseUrl).toString());
    const fields = Object.fromEntries(
      [...auth.body.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const first = await browser.request(`${app.baseUrl}/lti/launch`, { form: fields as Record<string, string> });
    expect(first.status).toBe(302);
    const replay = await new TestBrowser().request(`${app.baseUrl}/lti/launch`, {
      form: fields as Record<string, string>,
    });
    expect(replay.status).toBeGreaterThanOrEqual(400);
    expect(replay.status).toBeLessThan(500);
    expect(replay.body).toContain('could not be verified');
  });
});
