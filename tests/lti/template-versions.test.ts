import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate, TEMPLATES } from '../../templates/index.ts';
import { DEFAULT_SETTINGS, settingsToCustom } from '../../src/activity/activity-settings.ts';
import { loadProblems } from '../../src/activity/attempt-service.ts';
import { gradedAnswerIdentities } from '../../src/engine/answer-identity.ts';
import { generateVariant } from '../../src/engine/generate-variant.ts';
import { assembleExam } from '../../src/exam/assemble-exam.ts';
import type { AttemptDoc } from '../../src/store/models/attempt.ts';
import { correctAnswerFields } from '../support/correct-answers.ts';
import { hiddenField, TestBrowser } from '../support/lti-browser.ts';
import { startTestServer } from '../support/start-test-server.ts';

let app: Awaited<ReturnType<typeof startTestServer>>;
let legacyLink = '';
let currentLink = '';
let gdLink = '';

beforeAll(async () => {
  app = await startTestServer();
  // Deep-linked before template versions were recorded: its custom settings have none.
  const { templateVersions: _recordedNow, ...legacy } = DEFAULT_SETTINGS;
  legacyLink =
    app.sandbox?.state.addLink('Made last term', settingsToCustom({ ...legacy, title: 'Made last term' }), 20).id ?? '';
  currentLink =
    app.sandbox?.state.addLink('Made today', settingsToCustom({ ...DEFAULT_SETTINGS, title: 'Made today' }), 20).id ??
    '';
  gdLink =
    app.sandbox?.state.addLink(
      'Gradient descent quiz',
      settingsToCustom({ ...DEFAULT_SETTINGS, templates: ['gd'], points: [5], title: 'GD quiz' }),
      5,
    ).id ?? '';
});
afterAll(async () => {
  await app.cleanup();
});

async function launch(user: string, link: string) {
  const browser = new TestBrowser();
  const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=${user}&link=${link}`);
  expect(page.status, page.body.slice(0, 300)).toBe(200);
  return { browser, page };
}

const attemptOf = async (user: string, link: string): Promise<AttemptDoc> =>
  (await app.store.models.Attempt.findOne({ userId: user, resourceLinkId: link }).lean<AttemptDoc>()) as AttemptDoc;

async function submitCorrect(browser: TestBrowser, page: { body: string }, attempt: AttemptDoc): Promise<string> {
  const session = hiddenField(page.body, 'session');
  const key = hiddenField(page.body, 'idempotencyKey');
  const submitted = await browser.request(`${app.baseUrl}/quiz`, {
    form: { session, action: 'submit', idempotencyKey: key, ...correctAnswerFields(attempt) },
  });
  expect(submitted.status).toBe(200);
  return submitted.body;
}

describe('template versions through the LMS launch', () => {
  it('a new activity draws from the current versions', async () => {
    await launch('student-901', currentLink);
    const attempt = await attemptOf('student-901', currentLink);
    expect(attempt.problems.map((p) => [p.templateId, p.templateVersion])).toEqual(
      Object.values(TEMPLATES).map((t) => [t.id, t.version]),
    );
    expect(attempt.problems.every((p) => p.templateVersion >= 2)).toBe(true);
  });

  it('an activity made before versions were recorded keeps drawing version 1', async () => {
    await launch('student-902', legacyLink);
    const attempt = await attemptOf('student-902', legacyLink);
    for (const p of attempt.problems) {
      expect(p.templateVersion).toBe(1);
      expect(p.params).toEqual(
        generateVariant(getTemplate(p.templateId, 1) as NonNullable<ReturnType<typeof getTemplate>>, p.seed).params,
      );
    }
  });

  it('a stored attempt of version 1 opens with its old variant in a current activity, and its own key scores 100 %', async () => {
    // Student 903 started before the upgrade: her attempt holds version-1 draws (batch x̂ = ±1/5, ±7/5, pi = 1/2).
    await launch('student-903', currentLink);
    const started = await attemptOf('student-903', currentLink);
    const v1Problems = started.problems.map((p) => {
      const template = getTemplate(p.templateId, 1) as NonNullable<ReturnType<typeof getTemplate>>;
      return {
        templateId: p.templateId,
        templateVersion: 1,
        seed: `old-${p.templateId}`,
        params: generateVariant(template, `old-${p.templateId}`).params,
        points: p.points,
      };
    });
    await app.store.models.Attempt.updateOne({ _id: started._id }, { $set: { problems: v1Problems } });

    const { browser, page } = await launch('student-903', currentLink);
    const reopened = await attemptOf('student-903', currentLink);
    expect(await app.store.models.Attempt.countDocuments({ userId: 'student-903' })).toBe(1);
    expect(reopened.problems).toEqual(v1Problems);
    const loaded = loadProblems(reopened);
    expect(loaded.map((p) => p.template.version)).toEqual([1, 1, 1, 1]);
    const xhat = loaded[0]?.template.answersToJson(loaded[0].variant.answers).xhat as number[];
    expect([...xhat].sort((a, b) => a - b)).toEqual([-1.4, -0.2, 0.2, 1.4]);
    // The page is that variant: its batch is printed, and the answers of the old variant score full marks.
    const batch = (v1Problems[0]?.params as { x: number[] }).x.map((v, i) => `x_{${i + 1}} = ${v}`).join(', ');
    expect(page.body).toContain(`\\mathcal{B} = \\{${batch}\\}`);
    expect(await submitCorrect(browser, page, reopened)).toContain('Score: <strong>20 / 20 points</strong> (100 %)');
  });
});

describe('the instructor preview', () => {
  it("shows the version the activity's learners draw from", async () => {
    for (const [link, version] of [
      [legacyLink, 1],
      [currentLink, TEMPLATES.batchnorm.version],
    ] as const) {
      const browser = new TestBrowser();
      const page = await browser.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&link=${link}`);
      const ltik = new URL(page.url).searchParams.get('ltik') ?? '';
      const preview = await browser.request(
        `${app.baseUrl}/instructor/preview?ltik=${encodeURIComponent(ltik)}&template=batchnorm&seed=s1`,
      );
      expect(preview.status).toBe(200);
      expect(preview.body).toContain(`Template version ${version} ·`);
    }
  });
});

describe('a printed exam delivered online', () => {
  it('is drawn from the template versions it was printed with, as recorded with the exam', async () => {
    // The course by its full key: a printed exam is found only in its own registration's course.
    const { platformIssuer, clientId, deploymentId, contextId } = await attemptOf('student-901', currentLink);
    // Printed last term, from version 1 (the web generator records every exam it makes).
    await app.store.models.GeneratedExam.create({
      examSeed: 'DL-2025-final',
      labels: ['A', 'B', 'C'],
      templateIds: ['batchnorm'],
      templateVersions: [1],
      lang: 'en',
      points: [5],
      createdBy: 'teacher',
      platformIssuer,
      clientId,
      deploymentId,
      contextId,
      createdAt: new Date(),
    });
    const teacher = new TestBrowser();
    const form = await teacher.navigate(`${app.baseUrl}/sandbox/launch?user=teacher&type=deeplink`);
    await teacher.navigate(`${app.baseUrl}/instructor/deep-link`, {
      form: {
        ltik: hiddenField(form.body, 'ltik'),
        title: 'Last term C',
        templates: 'batchnorm',
        'points:batchnorm': '5',
        feedbackMode: 'immediate',
        showSolutions: 'never',
        scorePolicy: 'best',
        language: 'en',
        declinePerRetry: '0',
        printedSeed: 'DL-2025-final',
        printedLabel: 'c',
      },
    });
    const link = [...(app.sandbox?.state.links.values() ?? [])].find((l) => l.title === 'Last term C');
    await launch('student-904', link?.id ?? '');
    const attempt = await attemptOf('student-904', link?.id ?? '');
    const paper = assembleExam({
      examSeed: 'DL-2025-final',
      variants: 3,
      problems: ['batchnorm'],
      lang: 'en',
      points: [5],
      templateVersions: [1],
    }).variants[2];
    expect(attempt.problems[0]?.templateVersion).toBe(1);
    expect(attempt.problems[0]?.params).toEqual(paper?.problems[0]?.variant.params);
  });
});

describe('neighbours in one activity', () => {
  it('get different headline answers: a collision is re-rolled deterministically and recorded in the attempt', async () => {
    const students = Array.from({ length: 12 }, (_, i) => `student-${i}`);
    for (const s of students) await launch(s, gdLink);
    const attempts = await Promise.all(students.map((s) => attemptOf(s, gdLink)));
    const template = TEMPLATES.gd;
    const headlines = attempts.map((a) => {
      const p = a.problems[0] as AttemptDoc['problems'][number];
      const variant = generateVariant(template, p.seed);
      // The stored seed alone regenerates the stored params: a re-roll is part of the seed.
      expect(variant.params).toEqual(p.params);
      const id = gradedAnswerIdentities(template, variant.params, variant.answers).get(template.headline);
      expect(p.headline).toBe(id);
      if (p.reroll) expect(p.seed).toMatch(new RegExp(`#${p.reroll}$`));
      return id;
    });
    expect(new Set(headlines).size).toBe(students.length);
  });

  it("a learner whose own seed would repeat a neighbour's headline answer gets the next re-roll", async () => {
    // A fresh activity, so student-950 is the first learner there and keeps their own draw (in the
    // shared one, the link id is new each run and that draw collides with a neighbour's now and then).
    const link =
      app.sandbox?.state.addLink(
        'Gradient descent, second group',
        settingsToCustom({ ...DEFAULT_SETTINGS, templates: ['gd'], points: [5], title: 'GD quiz 2' }),
        5,
      ).id ?? '';
    // What student-950 draws from their own seed, given to a neighbour who started first.
    await launch('student-950', link);
    const own = await attemptOf('student-950', link);
    expect(own.problems[0]?.reroll).toBeUndefined();
    await app.store.models.Attempt.deleteOne({ _id: own._id });
    const { _id: _ownId, ...rest } = own;
    await app.store.models.Attempt.create({ ...rest, userId: 'student-951' });

    await launch('student-950', link);
    const rerolled = await attemptOf('student-950', link);
    const p = rerolled.problems[0] as AttemptDoc['problems'][number];
    expect(p.reroll).toBeGreaterThanOrEqual(1);
    expect(p.seed).toBe(`${own.problems[0]?.seed}#${p.reroll}`);
    expect(p.headline).not.toBe(own.problems[0]?.headline);
    expect(generateVariant(TEMPLATES.gd, p.seed).params).toEqual(p.params);
  });
});
