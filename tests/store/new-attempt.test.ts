import fc from 'fast-check';
import mongoose, { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { storeTargets } from 'embedded-mongo/testing';
import type { ConnectedStore } from '../../src/store/connection.ts';
import { attemptModel, checkNewAttempt, type AttemptDoc } from '../../src/store/models/attempt.ts';
import { createOrGetAttempt, type NewAttempt } from '../../src/store/repositories/attempts.ts';
import { openStoreOn } from '../support/store-target.ts';

// createOrGetAttempt checks a new attempt with its own schema (checkNewAttempt) and inserts it
// straight into the collection, where it used to go through a mongoose document. The schema it
// replaced is the reference: the same attempts accepted and refused, the same document stored.

const Attempt = attemptModel(mongoose.createConnection());

const input = (overrides: Partial<NewAttempt> = {}): NewAttempt => ({
  platformIssuer: 'https://lms.example',
  clientId: 'client-1',
  deploymentId: 'd1',
  contextId: 'course-1',
  resourceLinkId: 'link-1',
  userId: 'learner-1',
  userName: 'Learner One',
  isStaff: false,
  attemptNumber: 1,
  problems: [{ templateId: 'gd', templateVersion: 3, seed: 's-1', params: { a: 3, rows: [1, 2] }, points: 5 }],
  startedAt: new Date('2026-12-08T09:00:00Z'),
  ...overrides,
});

/** The attempt as createOrGetAttempt completes it before storing. */
const completed = (a: NewAttempt) => ({
  ...a,
  roles: a.roles ?? [],
  templateIds: a.problems.map((p) => p.templateId),
  status: 'open' as const,
  draft: {},
  headlinesCounted: true as const,
});

/** Whether mongoose's document for it (strict: 'throw', validators) would have been stored. */
async function mongooseAccepts(doc: object): Promise<boolean> {
  try {
    await new Attempt(doc).validate();
    return true;
  } catch {
    return false;
  }
}

describe('a new attempt is checked as the mongoose schema did', () => {
  const optional = fc.record(
    {
      label: fc.constantFrom('A', 'B'),
      reroll: fc.integer({ min: 0, max: 3 }),
      headline: fc.string(),
      partsAsked: fc.array(fc.constantFrom('a', 'b')),
    },
    { requiredKeys: [] },
  );
  // Each a way the code that builds an attempt could get it wrong.
  const broken: Array<[string, (a: ReturnType<typeof completed>) => object]> = [
    ['an empty user id', (a) => ({ ...a, userId: '' })],
    ['attempt number 0', (a) => ({ ...a, attemptNumber: 0 })],
    ['an unknown field', (a) => ({ ...a, score: 1 })],
    ['a language that is not offered', (a) => ({ ...a, draftLang: 'de' })],
    ['no start time', ({ startedAt: _, ...a }) => a],
    ['negative points', (a) => ({ ...a, problems: [{ ...a.problems[0], points: -1 }] })],
    ['no params', (a) => ({ ...a, problems: [{ ...a.problems[0], params: null }] })],
    ['an unknown field in a problem', (a) => ({ ...a, problems: [{ ...a.problems[0], answer: 2 }] })],
    ['a negative re-roll', (a) => ({ ...a, problems: [{ ...a.problems[0], reroll: -1 }] })],
    ['an empty seed', (a) => ({ ...a, problems: [{ ...a.problems[0], seed: '' }] })],
  ];

  it('accepts what mongoose accepted, with or without the optional fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        optional,
        fc.boolean(),
        fc.constantFrom(undefined, 'en' as const, 'cs' as const),
        async (extra, timed, lang) => {
          const base = input();
          const doc = completed(
            input({
              problems: [{ ...base.problems[0]!, ...extra }],
              ...(timed ? { deadlineAt: new Date('2026-12-08T10:00:00Z') } : {}),
              ...(lang ? { draftLang: lang } : {}),
            }),
          );
          expect(await mongooseAccepts(doc)).toBe(true);
          expect(checkNewAttempt(doc).success).toBe(true);
        },
      ),
    );
  });

  it.each(broken)('refuses %s, as mongoose did', async (_, breakIt) => {
    const doc = breakIt(completed(input()));
    expect(await mongooseAccepts(doc)).toBe(false);
    expect(checkNewAttempt(doc).success).toBe(false);
  });
});

let store: ConnectedStore;

for (const target of storeTargets()) {
  describe.skipIf(target.skipped !== undefined)(target.title('a new attempt stored'), () => {
    openStoreOn(target, (opened) => (store = opened));

    it('is the document mongoose stored, without its version key, and what the caller gets back', async () => {
      const asked = input({
        userId: 'stored-1',
        deadlineAt: new Date('2026-12-08T10:00:00Z'),
        problems: [
          {
            ...input().problems[0]!,
            params: { a: 3, rows: [1, 2], gone: undefined },
            headline: 'h1',
            partsAsked: ['a'],
            label: undefined,
          },
        ],
      });
      const created = await createOrGetAttempt(store.models, asked);
      const stored = await store.models.Attempt.collection.findOne({ _id: created._id });
      const mongooses = new Attempt({ ...completed(asked), _id: created._id }).toObject({ versionKey: false });
      expect(stored).toEqual(mongooses);
      expect(created).toEqual(stored);
      expect(Object.keys(stored?.problems[0] ?? {})).not.toContain('label');
      expect(Object.keys(stored?.problems[0]?.params ?? {})).toEqual(['a', 'rows']);
    });

    it('refuses an attempt mongoose would have refused, naming the field, and stores nothing', async () => {
      const bad = input({ userId: 'refused-1', attemptNumber: 0 });
      await expect(createOrGetAttempt(store.models, bad)).rejects.toThrow(/attemptNumber/);
      expect(await store.models.Attempt.countDocuments({ userId: 'refused-1' })).toBe(0);
    });

    it('creates one attempt when a class launches at once, each learner their own', async () => {
      const learners = Array.from({ length: 30 }, (_, i) => `class-${i}`);
      const created = await Promise.all(
        learners.flatMap((userId) => [0, 1].map(() => createOrGetAttempt(store.models, input({ userId })))),
      );
      for (const userId of learners) {
        const mine = created.filter((a: AttemptDoc) => a.userId === userId);
        expect(new Set(mine.map((a) => a._id.toHexString())).size).toBe(1);
      }
      expect(await store.models.Attempt.collection.countDocuments({ userId: { $in: learners } })).toBe(30);
      expect(created.every((a) => a._id instanceof Types.ObjectId)).toBe(true);
    });
  });
}
