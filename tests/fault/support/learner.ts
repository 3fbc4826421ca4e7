import { hiddenField, TestBrowser } from '../../support/lti-browser.ts';

export interface OpenQuiz {
  browser: TestBrowser;
  session: string;
  /** The idempotency key of the page as served (the page's script sends it with a submit). */
  key: string;
}

/** A learner launched from the sandbox LMS into the activity, as a browser would. */
export async function openQuiz(baseUrl: string, user: string, link = 'demo-exam'): Promise<OpenQuiz> {
  const browser = new TestBrowser();
  const page = await browser.navigate(`${baseUrl}/sandbox/launch?user=${user}&link=${link}`);
  if (page.status !== 200) throw new Error(`launch of ${user} answered ${page.status}: ${page.body.slice(0, 200)}`);
  return { browser, session: hiddenField(page.body, 'session'), key: hiddenField(page.body, 'idempotencyKey') };
}

export interface SubmitAnswer {
  status: number;
  contentType: string;
  json: Record<string, unknown> | undefined;
}

/**
 * A submit as the quiz page's script sends it (asking for JSON): 'submit-confirmed', the press that
 * hands in the page as it is, blank or unreadable parts included (after the page listed them).
 */
export async function submitJson(
  baseUrl: string,
  quiz: OpenQuiz,
  key: string,
  answers: Record<string, string>,
): Promise<SubmitAnswer> {
  const res = await quiz.browser.request(`${baseUrl}/quiz`, {
    form: { session: quiz.session, action: 'submit-confirmed', idempotencyKey: key, ...answers },
    headers: { accept: 'application/json' },
  });
  const contentType = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    contentType,
    json: contentType.startsWith('application/json') ? (JSON.parse(res.body) as Record<string, unknown>) : undefined,
  };
}
