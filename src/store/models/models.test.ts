import mongoose, { Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../activity/activity-settings.ts';
import { createModels } from './index.ts';

// No server: an unconnected connection is enough to check schemas, indexes and validation.
const conn = mongoose.createConnection();
const models = createModels(conn);
afterAll(() => conn.close());

async function validationErrors(doc: mongoose.Document): Promise<Record<string, unknown>> {
  try {
    await doc.validate();
    return {};
  } catch (error) {
    return (error as mongoose.Error.ValidationError).errors;
  }
}

const indexes = (model: { schema: mongoose.Schema }) =>
  model.schema.indexes().map(([fields, options]) => ({ fields, unique: options.unique === true }));

describe('models', () => {
  it('declare the unique indexes the repositories rely on (per activity: all five ids of the key)', () => {
    expect(indexes(models.ActivitySettings)).toContainEqual({
      fields: { platformIssuer: 1, clientId: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1 },
      unique: true,
    });
    expect(indexes(models.Attempt)).toContainEqual({
      fields: {
        platformIssuer: 1,
        clientId: 1,
        deploymentId: 1,
        contextId: 1,
        resourceLinkId: 1,
        userId: 1,
        attemptNumber: 1,
      },
      unique: true,
    });
    expect(indexes(models.Submission)).toContainEqual({ fields: { attemptId: 1, idempotencyKey: 1 }, unique: true });
    expect(indexes(models.GradeSync)).toContainEqual({ fields: { submissionId: 1 }, unique: true });
    // One headline counter per activity (all five ids), family and headline: the draw's upserts.
    expect(indexes(models.HeadlineCount)).toContainEqual({
      fields: {
        headline: 1,
        templateId: 1,
        platformIssuer: 1,
        clientId: 1,
        deploymentId: 1,
        contextId: 1,
        resourceLinkId: 1,
      },
      unique: true,
    });
  });

  it('declare the indexes of the worker claim and the instructor listings', () => {
    expect(indexes(models.GradeSync)).toContainEqual({ fields: { status: 1, nextAttemptAt: 1 }, unique: false });
    expect(indexes(models.GradeSync)).toContainEqual({ fields: { resourceLinkId: 1, timestamp: 1 }, unique: false });
    expect(indexes(models.Submission)).toContainEqual({ fields: { resourceLinkId: 1, submittedAt: 1 }, unique: false });
    expect(indexes(models.GeneratedExam)).toContainEqual({
      fields: { platformIssuer: 1, clientId: 1, deploymentId: 1, contextId: 1, createdAt: -1 },
      unique: false,
    });
  });

  it('are strict: an unknown field is an error, not silently dropped', async () => {
    expect(() => new models.GradeSync({ submissionId: new Types.ObjectId(), sneaky: 1 })).toThrow(/not in schema/);
    // In a sub-document the strict error surfaces as a cast error of the sub-document.
    await expect(
      new models.ActivitySettings({ settings: { ...DEFAULT_SETTINGS, extra: true } }).validate(),
    ).rejects.toThrow(/settings: .*StrictModeError/s);
  });

  it('refuse a filter on a path the schema lacks (sanitising is exercised in tests/store/models.test.ts)', () => {
    // cast() is what exec() does first; no server needed to see the outcome.
    expect(() => models.Attempt.find({ usrId: 'typo' }).cast()).toThrow(/not in schema/);
  });

  it('validate enums and ranges', async () => {
    const submission = new models.Submission({
      attemptId: new Types.ObjectId(),
      userId: 'u',
      resourceLinkId: 'r',
      idempotencyKey: 'k',
      parts: [
        {
          problemIndex: 0,
          templateId: 'gd',
          partKey: 'a',
          raw: 'x',
          parsed: { ok: true },
          score: 1.5,
          pendingManual: false,
        },
      ],
      submittedAt: new Date(),
    });
    expect(String((await validationErrors(submission)).parts)).toMatch(/^parts\.0\.score: Too big/);
    submission.set('parts', [
      {
        problemIndex: 0,
        templateId: 'gd',
        partKey: 'a',
        raw: 'x',
        parsed: { ok: true },
        score: 1,
        points: 1,
        maxPoints: 1,
        feedback: '',
        pendingManual: false,
        grade: 'A+',
      },
    ]);
    expect(String((await validationErrors(submission)).parts)).toMatch(/^parts\.0: Unrecognized key: "grade"/);
    const sync = new models.GradeSync({ status: 'lost' });
    expect(Object.keys(await validationErrors(sync))).toEqual(
      expect.arrayContaining(['status', 'submissionId', 'lineItemUrl', 'nextAttemptAt']),
    );
  });
});
