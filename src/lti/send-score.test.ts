import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAgsError } from './classify-ags-error.ts';
import type { GradeSyncJob } from './grade-sync-worker.ts';
import type { LtiPlatform, LtiProvider } from './ltijs.ts';
import { ltiScoreSender, scoresUrl } from './send-score.ts';

describe('scoresUrl', () => {
  it("keeps Moodle's query after /scores and handles plain line item URLs", () => {
    expect(scoresUrl('https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1')).toBe('https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1');
    expect(scoresUrl('https://canvas.example.edu/api/lti/courses/1/line_items/5')).toBe('https://canvas.example.edu/api/lti/courses/1/line_items/5/scores');
  });
});

describe('the score sender', () => {
  const received: Array<{ url: string; authorization: string; body: Record<string, unknown> }> = [];
  let answer = 200;
  let base = '';
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', authorization: req.headers.authorization ?? '', body: JSON.parse(data) as Record<string, unknown> });
      res.statusCode = answer;
      res.end(answer === 200 ? '' : '{"error":"nope"}');
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  let tokensIssued = 0;
  const platform = {
    platformActive: async () => true,
    platformAccessToken: async () => ({ access_token: `token-${++tokensIssued}`, token_type: 'Bearer', expires_in: 3600 }),
  } as unknown as LtiPlatform;
  const lti = { getPlatform: async () => platform } as unknown as LtiProvider;
  const job = (userId: string): GradeSyncJob => ({
    id: userId,
    platformIssuer: 'https://moodle.example.edu',
    clientId: 'c',
    userId,
    lineItemUrl: `${base}/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1`,
    scoreGiven: 4,
    scoreMaximum: 5,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date('2026-11-25T10:00:00Z'),
    tries: 0,
  });

  it('posts each score to the scores URL, reusing one access token, and asks for a new one after a 401', async () => {
    let clock = 1_000_000;
    const send = ltiScoreSender(lti, () => clock);
    for (const user of ['a', 'b', 'c']) await send(job(user));
    expect(tokensIssued).toBe(1);
    expect(received.map((r) => [r.url, r.authorization, r.body.userId, r.body.scoreGiven])).toEqual([
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'a', 4],
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'b', 4],
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'c', 4],
    ]);
    answer = 401;
    const refused = await send(job('d')).catch((e: unknown) => e);
    expect(classifyAgsError(refused)).toMatchObject({ retry: true, status: 401 });
    answer = 200;
    await send(job('d'));
    expect(received.at(-1)?.authorization).toBe('Bearer token-2');
    // After five minutes the token is asked for again even without a 401.
    clock += 5 * 60_000 + 1;
    await send(job('e'));
    expect(received.at(-1)?.authorization).toBe('Bearer token-3');
  });

  it('reports an LMS that cannot be reached as a retry with the reason', async () => {
    const send = ltiScoreSender(lti);
    // A port nothing listens on: one the system just gave out and took back.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const failure = await send({ ...job('z'), lineItemUrl: `http://127.0.0.1:${port}/lineitem` }).catch((e: unknown) => e);
    expect(classifyAgsError(failure)).toMatchObject({ retry: true, reason: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/) });
  });
});
