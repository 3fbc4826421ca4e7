import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeToolKey, startFakeTool, startPlatform, type FakeTool, type RunningPlatform } from './test-harness.ts';

const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  result: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
};
const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';

/** What ltijs does: the scores URL is the line item path + '/scores', query string kept. */
function scoresUrl(lineItemUrl: string): string {
  const [path, query] = lineItemUrl.split('?');
  return `${path}/scores${query ? `?${query}` : ''}`;
}

describe('sandbox platform: token endpoint', () => {
  let lms: RunningPlatform;
  let tool: FakeTool;
  let tokenUrl: string;
  beforeAll(async () => {
    lms = await startPlatform();
    tool = await startFakeTool();
    await lms.platform.registerWithTool(`${tool.url}/register`);
    tokenUrl = `${lms.url}/sandbox/token`;
  });
  afterAll(async () => {
    await tool.close();
    await lms.close();
  });

  const requestToken = (assertion: string, scope = SCOPE.score) =>
    fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, scope }) });

  it('issues a bearer token for a valid client assertion, limited to granted scopes', async () => {
    const response = await requestToken(await tool.clientAssertion(), `${SCOPE.score} ${SCOPE.result} https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: `${SCOPE.score} ${SCOPE.result}` });
    expect(typeof body.access_token).toBe('string');
  });

  it('rejects a bad signature, an expired assertion, a wrong audience and a replayed jti', async () => {
    const other = await makeToolKey();
    const badSignature = await requestToken(await tool.clientAssertion({ key: { ...other, kid: tool.key.kid } }));
    expect(badSignature.status).toBe(401);
    expect(await badSignature.json()).toMatchObject({ error: 'invalid_client' });

    const expired = await requestToken(await tool.clientAssertion({ expiresIn: -120 }));
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error_description: string }).error_description).toMatch(/exp/);

    const wrongAud = await requestToken(await tool.clientAssertion({ aud: 'https://lms.example/token' }));
    expect(wrongAud.status).toBe(401);
    expect(((await wrongAud.json()) as { error_description: string }).error_description).toMatch(/aud/);

    const assertion = await tool.clientAssertion();
    expect((await requestToken(assertion)).status).toBe(200);
    expect((await requestToken(assertion)).status).toBe(401);
  });

  it('answers malformed requests with 400 and an OAuth error', async () => {
    const wrongGrant = await fetch(tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'password' }) });
    expect(wrongGrant.status).toBe(400);
    expect(await wrongGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await requestToken('not-a-jwt')).status).toBe(400);
    expect((await requestToken(await tool.clientAssertion(), 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly')).status).toBe(400);
  });
});

describe('sandbox platform: assignment and grade services', () => {
  let lms: RunningPlatform;
  let tool: FakeTool;
  let token: string;
  let lineItemUrl: string;
  let lineItemsUrl: string;
  beforeAll(async () => {
    lms = await startPlatform();
    tool = await startFakeTool();
    await lms.platform.registerWithTool(`${tool.url}/register`);
    token = await tool.accessToken([SCOPE.lineItem, SCOPE.score, SCOPE.result]);
    const book = await lms.platform.gradebook();
    lineItemUrl = book.lineItems[0]!.url;
    lineItemsUrl = `${lms.url}/sandbox/ags/2/lineitems?type_id=1`;
  });
  afterAll(async () => {
    await tool.close();
    await lms.close();
  });
  beforeEach(() => lms.platform.faults.setAgsFailure(null));

  let clock = Date.parse('2026-01-01T10:00:00.000Z');
  const score = (userId: string, scoreGiven: number, extra: Record<string, unknown> = {}) => ({
    userId,
    scoreGiven,
    scoreMaximum: 20,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: new Date((clock += 1000)).toISOString(),
    ...extra,
  });
  const postScore = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Content-Type': SCORE_TYPE }, url = scoresUrl(lineItemUrl)) =>
    fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });

  it('gives line item URLs a Moodle-style query string and keeps it on the scores URL', () => {
    expect(lineItemUrl).toMatch(/\/lineitem\?type_id=1$/);
    expect(scoresUrl(lineItemUrl)).toMatch(/\/lineitem\/scores\?type_id=1$/);
  });

  it('requires a bearer token, the query string and the score content type', async () => {
    const noToken = await postScore(score('3', 10), { 'Content-Type': SCORE_TYPE });
    expect(noToken.status).toBe(401);
    expect(noToken.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await postScore(score('3', 10), { 'Content-Type': SCORE_TYPE, Authorization: 'Bearer forged' })).status).toBe(401);
    const noQuery = await postScore(score('3', 10), undefined, scoresUrl(lineItemUrl).split('?')[0]);
    expect(noQuery.status).toBe(400);
    expect(await noQuery.text()).toMatch(/type_id/);
    const json = await postScore(score('3', 10), { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
    expect(json.status).toBe(415);
  });

  it('checks scopes: a score-only token cannot create line items', async () => {
    const scoreOnly = await tool.accessToken([SCOPE.score]);
    const response = await fetch(lineItemsUrl, { method: 'POST', headers: { Authorization: `Bearer ${scoreOnly}`, 'Content-Type': 'application/vnd.ims.lis.v2.lineitem+json' }, body: JSON.stringify({ label: 'x', scoreMaximum: 1 }) });
    expect(response.status).toBe(403);
  });

  it('stores scores in the gradebook and reflects them, rescaled, in results', async () => {
    expect((await postScore(score('3', 15, { comment: 'Good work' }))).status).toBe(200);
    expect((await postScore(score('4', 5))).status).toBe(200);
    const book = await lms.platform.gradebook();
    const column = book.lineItems[0]!;
    expect(book.scores.find((s) => s.lineItemId === column.lineItemId && s.userId === '3')).toMatchObject({ userName: 'Alice Martin', scoreGiven: 15, scoreMaximum: 20, activityProgress: 'Completed', gradingProgress: 'FullyGraded', comment: 'Good work' });

    const resultsUrl = `${lineItemUrl.split('?')[0]}/results?type_id=1`;
    const response = await fetch(resultsUrl, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/vnd\.ims\.lis\.v2\.resultcontainer\+json/);
    const results = (await response.json()) as Record<string, unknown>[];
    // Line item scoreMaximum is 100: 15/20 becomes 75.
    expect(results).toEqual([
      expect.objectContaining({ userId: '3', resultScore: 75, resultMaximum: 100, comment: 'Good work', scoreOf: lineItemUrl }),
      expect.objectContaining({ userId: '4', resultScore: 25, resultMaximum: 100 }),
    ]);
    const alice = (await (await fetch(`${lineItemUrl.split('?')[0]}/results?type_id=1&user_id=3`, { headers: { Authorization: `Bearer ${token}` } })).json()) as unknown[];
    expect(alice).toHaveLength(1);
  });

  it('answers like Moodle: 400 for an instructor (cannot be graded), an earlier timestamp or a bad score', async () => {
    const instructor = await postScore(score('2', 10));
    expect(instructor.status).toBe(400);
    expect(await instructor.text()).toMatch(/cannot be graded/);
    const later = score('5', 10);
    const earlier = { ...score('5', 12), timestamp: new Date(Date.parse(later.timestamp) - 60_000).toISOString() };
    expect((await postScore(later)).status).toBe(200);
    const refused = await postScore(earlier);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/earlier timestamp/);
    expect((await postScore({ ...score('3', 1), activityProgress: 'Finished' })).status).toBe(400);
    expect((await postScore({ ...score('3', 1), scoreMaximum: undefined })).status).toBe(400);
  });

  it('fails 503 for N requests when told to, then recovers', async () => {
    lms.platform.faults.setAgsFailure({ status: 503, count: 2 });
    const first = await postScore(score('3', 16));
    expect(first.status).toBe(503);
    expect(await first.text()).toMatch(/Service Unavailable/);
    expect((await postScore(score('3', 16))).status).toBe(503);
    expect((await postScore(score('3', 16))).status).toBe(200);
    lms.platform.faults.setAgsFailure({ status: 403, body: '{"errors":[{"message":"Rate Limit Exceeded"}]}' });
    const limited = await postScore(score('3', 17));
    expect(limited.status).toBe(403);
    expect(await limited.text()).toMatch(/Rate Limit Exceeded/);
    expect(() => lms.platform.faults.setAgsFailure({ status: 200 })).toThrow(RangeError);
  });

  it('manages line items: create, list with filters, read, update, delete', async () => {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/vnd.ims.lis.v2.lineitem+json' };
    const created = await fetch(lineItemsUrl, { method: 'POST', headers, body: JSON.stringify({ label: 'Bonus', scoreMaximum: 5, tag: 'bonus', resourceId: 'b1' }) });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string; label: string };
    expect(item.id).toMatch(/\/lineitem\?type_id=1$/);
    const listed = (await (await fetch(`${lineItemsUrl}&tag=bonus`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string }[];
    expect(listed.map((i) => i.id)).toEqual([item.id]);
    const updated = await fetch(item.id, { method: 'PUT', headers, body: JSON.stringify({ label: 'Bonus round', scoreMaximum: 6 }) });
    expect(await updated.json()).toMatchObject({ id: item.id, label: 'Bonus round', scoreMaximum: 6 });
    expect((await fetch(item.id, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(item.id, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })).status).toBe(204);
    expect((await fetch(item.id, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
    expect((await fetch(lineItemsUrl, { method: 'POST', headers, body: JSON.stringify({ label: '', scoreMaximum: 0 }) })).status).toBe(400);
    const broken = await fetch(lineItemsUrl, { method: 'POST', headers, body: '{"label":' });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toBe('The request body is not valid JSON.');
  });

  it('expires access tokens', async () => {
    lms.advance(3601_000);
    try {
      expect((await postScore(score('3', 18))).status).toBe(401);
    } finally {
      lms.advance(-3601_000);
    }
  });
});
