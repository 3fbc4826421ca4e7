import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStore, StoreUnavailableError, type ConnectedStore } from '../../src/store/connection.ts';
import { createOrGetAttempt, selectAttemptsForUser, selectOwnedAttempt, type NewAttempt } from '../../src/store/repositories/attempts.ts';
import { gradeSyncQueue } from '../../src/store/repositories/grade-sync.ts';
import { recordSubmission, type NewSubmission, type QueuedScore } from '../../src/store/repositories/submissions.ts';
import { StorageInputError } from '../../src/store/storage-input-error.ts';
import { testMongo, type TestMongo } from '../support/mongo.ts';

let mongo: TestMongo;
let store: ConnectedStore;

beforeAll(async () => {
  mongo = await testMongo();
  store = await connectStore({ mongodbUri: mongo.uri, dataDir: '/nonexistent', logger: () => undefined });
});
afterAll(async () => {
  await store.conn.dropDatabase().catch(() => undefined);
  await store.close();
  await mongo.close();
});

const link = { platformIssuer: 'https://lms.example', deploymentId: 'd1', contextId: 'c1', resourceLinkId: 'r1' };
const attempt = (userId: string, attemptNumber = 1): NewAttempt => ({
  ...link,
  clientId: 'client',
  userId,
  userName: userId,
  isStaff: false,
  attemptNumber,
  problems: [{ templateId: 'gd', templateVersion: 1, seed: 's', params: { a: 3, b: 0, c: -1 }, points: 5 }],
  startedAt: new Date(),
});
const submission = (attemptId: Types.ObjectId, key: string): NewSubmission => ({
  attemptId,
  userId: 'u',
  resourceLinkId: 'r1',
  idempotencyKey: key,
  parts: [{ problemIndex: 0, templateId: 'gd', partKey: 'alphaStar', raw: '1/6', parsed: { ok: true, echo: '1/6' }, score: 1, points: 1, maxPoints: 1, feedback: 'Correct.', pendingManual: false }],
  rawScore: 1,
  scoreFraction: 1,
  points: 5,
  maxPoints: 5,
  pendingManual: false,
  graderVersion: 1,
  templateVersions: [1],
  auto: false,
  submittedAt: new Date(),
});
const score = (userId: string): QueuedScore => ({
  attemptId: new Types.ObjectId(),
  platformIssuer: link.platformIssuer,
  clientId: 'client',
  contextId: 'c1',
  resourceLinkId: 'r1',
  userId,
  lineItemUrl: 'https://lms.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1',
  scoreGiven: 5,
  scoreMaximum: 5,
  activityProgress: 'Completed',
  gradingProgress: 'FullyGraded',
  timestamp: new Date(),
});

describe(`repositories (${process.env.TEST_MONGODB_URI ? 'real MongoDB' : 'embedded store'})`, () => {
  it('creates one attempt when two requests race for it', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => createOrGetAttempt(store.models, attempt('racer'))));
    expect(new Set(results.map((a) => a._id.toHexString())).size).toBe(1);
    expect(await selectAttemptsForUser(store.models, link, 'racer')).toHaveLength(1);
  });

  it('stores a double-submitted answer once, with one outbox record', async () => {
    const a = await createOrGetAttempt(store.models, attempt('double'));
    const [first, second] = await Promise.all([
      recordSubmission(store.models, submission(a._id, 'click-1234'), score('double')),
      recordSubmission(store.models, submission(a._id, 'click-1234'), score('double')),
    ]);
    expect(first?.submission._id.toHexString()).toBe(second?.submission._id.toHexString());
    expect([first?.duplicate, second?.duplicate].sort()).toEqual([false, true]);
    expect(await store.models.Submission.countDocuments({ attemptId: a._id })).toBe(1);
    expect(await store.models.GradeSync.countDocuments({ userId: 'double' })).toBe(1);
  });

  it('lets each outbox record be claimed by exactly one of many concurrent workers', async () => {
    const a = await createOrGetAttempt(store.models, attempt('claims'));
    for (let i = 0; i < 10; i++) await recordSubmission(store.models, submission(a._id, `claim-key-${i}`), score('claims'));
    const queue = gradeSyncQueue(store.models);
    const now = new Date(Date.now() + 1000);
    const claimed = (await Promise.all(Array.from({ length: 30 }, (_, i) => queue.claim(`w${i}`, 60_000, now)))).filter((j) => j !== null);
    const ids = claimed.map((j) => j?.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(claimed.filter((j) => j?.userId === 'claims')).toHaveLength(10);
    expect(await store.models.GradeSync.countDocuments({ userId: 'claims', status: 'pending' })).toBe(0);
  });

  it('hands an expired lease to another worker', async () => {
    await store.models.GradeSync.deleteMany({});
    const a = await createOrGetAttempt(store.models, attempt('lease'));
    await recordSubmission(store.models, submission(a._id, 'lease-key-1'), score('lease'));
    const queue = gradeSyncQueue(store.models);
    const t0 = new Date(Date.now() + 1000);
    expect(await queue.claim('crashed', 1000, t0)).not.toBeNull();
    expect(await queue.claim('other', 1000, t0)).toBeNull();
    const later = await queue.claim('other', 1000, new Date(t0.getTime() + 2000));
    expect(later).not.toBeNull();
    await queue.markSent(later?.id ?? '', 'other', new Date());
    expect(await store.models.GradeSync.findOne({ userId: 'lease' }).lean()).toMatchObject({ status: 'sent', tries: 1 });
  });

  it('never turns request data into a query operator', async () => {
    await createOrGetAttempt(store.models, attempt('victim'));
    const injected = { $gt: '' } as unknown as string;
    // The operator is refused by the schema cast before any query is sent, rather than matching everyone.
    await expect(selectAttemptsForUser(store.models, link, injected)).rejects.toThrow(/Cast to string failed/);
    expect(await selectOwnedAttempt(store.models, 'not-an-id', 'victim', link)).toBeNull();
  });

  it('refuses $-keys and oversized answers before they reach the store', async () => {
    const a = await createOrGetAttempt(store.models, attempt('big'));
    const huge = submission(a._id, 'big-key-12');
    (huge.parts[0] as { raw: string }).raw = 'x'.repeat(5001);
    await expect(recordSubmission(store.models, huge)).rejects.toThrow(StorageInputError);
    const evil = submission(a._id, 'evil-key-1');
    (evil.parts[0] as unknown as Record<string, unknown>).parsed = { ok: true, $where: '1' };
    await expect(recordSubmission(store.models, evil)).rejects.toThrow(/may not start with \$/);
  });

  it('fails fast and clearly when MongoDB cannot be reached', async () => {
    const started = Date.now();
    await expect(connectStore({ mongodbUri: 'mongodb://127.0.0.1:1/x', dataDir: '/tmp', logger: () => undefined, serverSelectionTimeoutMS: 500 })).rejects.toThrow(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
