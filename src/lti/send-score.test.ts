import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAgsError, TOKEN_REFUSAL_TRIES } from './classify-ags-error.ts';
import type { GradeSyncJob } from './grade-sync-worker.ts';
import type { LtiPlatform, LtiProvider } from './ltijs.ts';
import { ltiScoreSender, scoresUrl } from './send-score.ts';

describe('scoresUrl', () => {
  it("keeps Moodle's query after /scores and handles plain line item URLs", () => {
    expect(scoresUrl('https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1')).toBe(
      'https://moodle.example.edu/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1',
    );
    expect(scoresUrl('https://canvas.example.edu/api/lti/courses/1/line_items/5')).toBe(
      'https://canvas.example.edu/api/lti/courses/1/line_items/5/scores',
    );
  });
});

describe('the score sender', () => {
  const received: Array<{ url: string; authorization: string; contentType: string; body: Record<string, unknown> }> =
    [];
  let answer = 200;
  const revoked = new Set<string>();
  let answerBody = '{"error":"nope"}';
  let base = '';
  let connections = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: JSON.parse(data) as Record<string, unknown>,
      });
      if (req.url?.startsWith('/silent')) return;
      if (req.url?.startsWith('/half')) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        if (req.url.startsWith('/half-then-gone')) res.socket?.destroy();
        return;
      }
      // An LMS that revoked a token answers 401 to it, and accepts newer ones.
      const status = revoked.has(req.headers.authorization ?? '') ? 401 : answer;
      res.statusCode = status;
      res.end(status === 200 ? '' : answerBody);
    });
  });
  server.on('connection', () => connections++);
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // As ltijs does: a token, once issued, is kept in its database and handed back until it expires
  // or is deleted from its `accesstoken` collection.
  let tokensIssued = 0;
  let storedToken: string | undefined;
  const deletes: Array<{ collection: string; query: Record<string, unknown> }> = [];
  const platform = {
    platformActive: async () => true,
    platformAccessToken: async () => ({
      access_token: (storedToken ??= `token-${++tokensIssued}`),
      token_type: 'Bearer',
      expires_in: 3600,
    }),
  } as unknown as LtiPlatform;
  const Database = {
    Delete: async (collection: string, query: Record<string, unknown>) => {
      deletes.push({ collection, query });
      storedToken = undefined;
      return true;
    },
  };
  const lti = { getPlatform: async () => platform, Database } as unknown as LtiProvider;
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

  it('posts each score to the scores URL, reusing one access token; a revoked one is deleted from ltijs and replaced once for all the scores it failed', async () => {
    let clock = 1_000_000;
    const send = ltiScoreSender(lti, () => clock);
    const connectionsBefore = connections;
    for (const user of ['a', 'b', 'c']) await send(job(user));
    expect(tokensIssued).toBe(1);
    // One kept-alive connection for scores sent one after the other.
    expect(connections - connectionsBefore).toBe(1);
    expect(received[0]?.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(received[0]?.body).toEqual({
      userId: 'a',
      scoreGiven: 4,
      scoreMaximum: 5,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-11-25T10:00:00.000Z',
    });
    expect(received.map((r) => [r.url, r.authorization, r.body.userId, r.body.scoreGiven])).toEqual([
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'a', 4],
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'b', 4],
      ['/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1', 'Bearer token-1', 'c', 4],
    ]);
    // The LMS revokes token-1 (an LMS restart, an admin): a batch of sends all refused with it.
    revoked.add('Bearer token-1');
    await Promise.all(['d1', 'd2', 'd3', 'd4'].map((user) => send(job(user))));
    expect(deletes).toEqual([
      { collection: 'accesstoken', query: { platformUrl: 'https://moodle.example.edu', clientId: 'c' } },
    ]);
    expect(tokensIssued).toBe(2);
    const delivered = received.filter((r) => r.authorization === 'Bearer token-2').map((r) => r.body.userId);
    expect(delivered.sort()).toEqual(['d1', 'd2', 'd3', 'd4']);
    // After five minutes the token is asked for again even without a 401.
    clock += 5 * 60_000 + 1;
    storedToken = undefined;
    await send(job('e'));
    expect(received.at(-1)?.authorization).toBe('Bearer token-3');
  });

  it("an LMS that refuses to issue a token is tried a few times, then a final failure with the LMS's answer for the instructor", async () => {
    const refusing = {
      platformActive: async () => true,
      // got's HTTPError, as ltijs lets it through from the token endpoint.
      platformAccessToken: async () =>
        Promise.reject(
          Object.assign(new Error('Response code 401 (Unauthorized)'), {
            response: { statusCode: 401, body: '{"error":"invalid_client","error_description":"unknown kid"}' },
          }),
        ),
    } as unknown as LtiPlatform;
    const failure = await ltiScoreSender({ getPlatform: async () => refusing, Database } as unknown as LtiProvider)(
      job('t'),
    ).catch((e: unknown) => e);
    // Tried again a few times first: an LMS also refuses when it could not fetch the tool's keyset just then.
    expect(classifyAgsError(failure, { attempt: 1 })).toMatchObject({
      retry: true,
      status: 401,
      reason: expect.stringMatching(/refused to issue an access token.*unknown kid.*trying again \(1 of 6\)/),
    });
    expect(classifyAgsError(failure, { attempt: TOKEN_REFUSAL_TRIES })).toMatchObject({
      retry: false,
      status: 401,
      reason: expect.stringMatching(/refused to issue an access token.*unknown kid.*check the tool's registration/),
    });
  });

  it('an LMS that refuses even a newly issued token is a final failure carrying its message', async () => {
    const send = ltiScoreSender(lti);
    answer = 401;
    answerBody = '{"error":"invalid_token","error_description":"deployment deleted"}';
    const refused = await send(job('z')).catch((e: unknown) => e);
    answer = 200;
    expect(classifyAgsError(refused, { attempt: 1 })).toMatchObject({
      retry: false,
      status: 401,
      reason: expect.stringContaining('deployment deleted'),
    });
  });

  it('asks for one token when a batch of scores finds none; a failed token request fails the scores waiting on it and is not kept', async () => {
    const send = ltiScoreSender(lti);
    storedToken = undefined;
    const issuedBefore = tokensIssued;
    const before = received.length;
    await Promise.all(['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((user) => send(job(user))));
    expect(tokensIssued - issuedBefore).toBe(1);
    expect(new Set(received.slice(before).map((r) => r.authorization))).toEqual(
      new Set([`Bearer token-${tokensIssued}`]),
    );
    expect(
      received
        .slice(before)
        .map((r) => r.body.userId)
        .sort(),
    ).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);

    // A platform whose token request fails: every waiting score gets that failure, and the next
    // batch asks again instead of keeping the failure.
    let asked = 0;
    const failing = {
      platformActive: async () => true,
      platformAccessToken: async () => {
        asked++;
        throw new Error('TOKEN_REQUEST_FAILED');
      },
    } as unknown as LtiPlatform;
    const sendFailing = ltiScoreSender({ getPlatform: async () => failing } as unknown as LtiProvider);
    const outcomes = await Promise.all(
      ['q1', 'q2', 'q3'].map((user) => sendFailing(job(user)).catch((e: unknown) => (e as Error).message)),
    );
    expect(outcomes).toEqual(['TOKEN_REQUEST_FAILED', 'TOKEN_REQUEST_FAILED', 'TOKEN_REQUEST_FAILED']);
    expect(asked).toBe(1);
    await sendFailing(job('q4')).catch(() => undefined);
    expect(asked).toBe(2);
  });

  it("hands the LMS's refusal with its status and whole body to the classifier", async () => {
    const send = ltiScoreSender(lti);
    answer = 400;
    answerBody = `{"error":"${'x'.repeat(100_000)} User cannot be graded"}`;
    const refused = await send(job('f')).catch((e: unknown) => e);
    answer = 200;
    expect(refused).toMatchObject({ response: { statusCode: 400, body: answerBody } });
    expect(classifyAgsError(refused, { attempt: 1 })).toMatchObject({ retry: false, status: 400 });
    answer = 503;
    answerBody = 'maintenance';
    const down = await send(job('g')).catch((e: unknown) => e);
    answer = 200;
    expect(classifyAgsError(down, { attempt: 1 })).toMatchObject({ retry: true, status: 503 });
  });

  it('a token request that never ends (ltijs waits on the LMS and its own store without a deadline) fails the send in time, and the next send asks again', async () => {
    let asked = 0;
    let hang = true;
    const stuck = {
      platformActive: async () => true,
      platformAccessToken: () => {
        asked++;
        return hang
          ? new Promise<never>(() => undefined)
          : Promise.resolve({ access_token: 'after', token_type: 'Bearer', expires_in: 3600 });
      },
    } as unknown as LtiPlatform;
    const send = ltiScoreSender({ getPlatform: async () => stuck, Database } as unknown as LtiProvider, Date.now, 300);
    const started = Date.now();
    const failures = await Promise.all([send(job('p')), send(job('q'))].map((p) => p.catch((e: unknown) => e)));
    // Both within the send's deadline (one token request for both, as always), and a retry.
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(asked).toBe(1);
    for (const failure of failures)
      expect(classifyAgsError(failure, { attempt: 1 })).toMatchObject({
        retry: true,
        reason: expect.stringMatching(/could not be reached \(ETIMEDOUT\)/),
      });
    // The stuck request is not waited on again: the next send asks ltijs anew and gets through.
    hang = false;
    const before = received.length;
    await send(job('r'));
    expect(asked).toBe(2);
    expect(received.slice(before).map((r) => r.authorization)).toEqual(['Bearer after']);
  });

  it('gives up on an LMS that does not answer in time, or goes away mid-answer, as a retry with the reason', async () => {
    const send = ltiScoreSender(lti, Date.now, 200);
    const silent = await send({ ...job('s'), lineItemUrl: `${base}/silent/lineitem` }).catch((e: unknown) => e);
    expect(classifyAgsError(silent, { attempt: 1 })).toMatchObject({
      retry: true,
      reason: expect.stringMatching(/could not be reached \(ETIMEDOUT\)/),
    });
    const half = await send({ ...job('h'), lineItemUrl: `${base}/half/lineitem` }).catch((e: unknown) => e);
    expect(classifyAgsError(half, { attempt: 1 })).toMatchObject({
      retry: true,
      reason: expect.stringMatching(/could not be reached \(ETIMEDOUT\)/),
    });
    const cut = await send({ ...job('k'), lineItemUrl: `${base}/half-then-gone/lineitem` }).catch((e: unknown) => e);
    expect(classifyAgsError(cut, { attempt: 1 })).toMatchObject({
      retry: true,
      reason: expect.stringMatching(/could not be reached \(ECONNRESET\)/),
    });
    // The sender still works after destroying those connections.
    await send(job('i'));
    expect(received.at(-1)?.body.userId).toBe('i');
  });

  it('reports an LMS that cannot be reached as a retry with the reason', async () => {
    const send = ltiScoreSender(lti);
    // A port nothing listens on: one the system just gave out and took back.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const failure = await send({ ...job('z'), lineItemUrl: `http://127.0.0.1:${port}/lineitem` }).catch(
      (e: unknown) => e,
    );
    expect(classifyAgsError(failure, { attempt: 1 })).toMatchObject({
      retry: true,
      reason: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/),
    });
  });

  it('speaks TLS to an https line item URL', async () => {
    const send = ltiScoreSender(lti);
    const before = received.length;
    // The test LMS speaks plain HTTP: a TLS hello gets no sensible answer, and no score arrives.
    const failure = await send({ ...job('t'), lineItemUrl: base.replace('http:', 'https:') + '/lineitem' }).catch(
      (e: unknown) => e,
    );
    expect(classifyAgsError(failure, { attempt: 1 })).toMatchObject({
      retry: true,
      reason: expect.stringMatching(/could not be reached \((EPROTO|ERR_SSL_\w+)\)/),
    });
    expect(received.length).toBe(before);
  });
});
