/**
 * Per-activity counts of headline answers, for the neighbour-aware draw: how many attempts of the
 * activity hold each headline of each family. A draw reads the counters of its candidates (at
 * most 21 per problem, tiny documents), never the class's attempts, so a new attempt costs the
 * same in a class of ten or of a thousand.
 *
 * Why the counts cannot fall behind the attempts (a count too low would hand a neighbour's answer
 * out again; one too high only makes a headline look rarer than it is):
 * - An attempt's headlines are counted before the attempt is inserted (createOrGetAttempt): a
 *   process or store that dies between the two leaves a count one too high, never an attempt
 *   uncounted. A request that lost the creation race to a concurrent one takes its count back.
 * - Attempts made before the counters existed (no `headlinesCounted`) are counted once per
 *   activity by the first draw that finds the activity unmarked (the backfill). That set never
 *   grows, so the backfill $sets the same numbers however often and by however many instances it
 *   runs, and it writes the mark only after them: a backfill cut short by a restart runs again.
 *   What it cannot see: attempts that an instance of an earlier version, still running beside
 *   this one during an upgrade, stores after the activity was marked. Upgrade all instances of a
 *   deployment together (as the index changes need anyway).
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import type { AttemptDoc } from '../models/attempt.ts';
import { COUNTED_MARK, type HeadlineCountDoc } from '../models/headline-count.ts';
import type { Models } from '../models/index.ts';
import { batcherPer, outcomesOfBulkWrite, WriteBatcher } from './write-batcher.ts';

type Headline = { templateId: string; headline?: string | undefined };
type Counts = Map<string, Map<string, number>>;

/**
 * How many attempts of the activity hold each wanted headline, per family (absent: none). One
 * query; for an activity whose attempts predate the counters, the backfill first.
 */
export async function countHeadlinesInActivity(
  models: Models,
  key: ActivityKey,
  wanted: ReadonlyMap<string, readonly string[]>,
): Promise<Counts> {
  if (![...wanted.values()].some((v) => v.length > 0)) return new Map();
  const read = await readCounters(models, key, wanted);
  if (read.marked) return read.counts;
  await backfillOnce(models, key);
  const again = await readCounters(models, key, wanted);
  if (!again.marked) throw new Error('headline counters: the backfill did not mark the activity');
  return again.counts;
}

type CounterDoc = Pick<HeadlineCountDoc, 'templateId' | 'headline' | 'count' | 'before'>;
type CountersRead = { key: ActivityKey; wanted: ReadonlyMap<string, readonly string[]> };

/**
 * Reads of the same moment are read together (as grouped-reads.ts does for a submission's reads):
 * one find per activity with every wanted headline of the group, each caller taking its own. A
 * read joins a group not sent yet, so it sees every count acknowledged before it was asked for.
 */
const countersReads = batcherPer(
  (models: Models) =>
    new WriteBatcher<CountersRead, CounterDoc[]>(async (reads) => {
      const byActivity = new Map<string, CountersRead[]>();
      for (const read of reads) {
        const k = JSON.stringify(activityFilter(read.key));
        byActivity.set(k, [...(byActivity.get(k) ?? []), read]);
      }
      const found = new Map<string, CounterDoc[]>();
      await Promise.all(
        [...byActivity].map(async ([k, group]) => {
          const values = new Set<string>([COUNTED_MARK.headline]);
          const templateIds = new Set<string>([COUNTED_MARK.templateId]);
          for (const { wanted } of group)
            for (const [templateId, headlines] of wanted) {
              templateIds.add(templateId);
              for (const h of headlines) values.add(h);
            }
          // The mark comes with the counters, so knowing the counts are complete costs no round trip.
          // Straight to the collection: the filter is built here from typed values (mongoose would only recast it).
          const docs = await models.HeadlineCount.collection
            .find<CounterDoc>(
              {
                headline: { $in: [...values] },
                templateId: { $in: [...templateIds] },
                ...activityFilter(group[0]?.key as ActivityKey),
              },
              // All in the first reply: a group of launches asks for a few hundred tiny counters, and
              // the default first batch (101) cost a getMore round trip for a quarter of launches.
              { projection: { _id: 0, templateId: 1, headline: 1, count: 1, before: 1 }, batchSize: 10_000 },
            )
            .toArray();
          found.set(k, docs);
        }),
      );
      return reads.map((r) => ({ ok: true, value: found.get(JSON.stringify(activityFilter(r.key))) ?? [] }));
    }),
);

async function readCounters(
  models: Models,
  key: ActivityKey,
  wanted: ReadonlyMap<string, readonly string[]>,
): Promise<{ counts: Counts; marked: boolean }> {
  const docs = await countersReads(models).write({ key: activityFilter(key), wanted });
  const counts: Counts = new Map();
  let marked = false;
  for (const doc of docs) {
    if (doc.templateId === COUNTED_MARK.templateId && doc.headline === COUNTED_MARK.headline) {
      marked = true;
      continue;
    }
    if (!wanted.get(doc.templateId)?.includes(doc.headline)) continue;
    const n = (doc.count ?? 0) + (doc.before ?? 0);
    const family = counts.get(doc.templateId) ?? new Map<string, number>();
    family.set(doc.headline, n);
    counts.set(doc.templateId, family);
  }
  return { counts, marked };
}

/** One backfill at a time per activity in this process (a launch storm on an old activity asks at once). */
const backfills = new WeakMap<Models, Map<string, Promise<void>>>();

function backfillOnce(models: Models, key: ActivityKey): Promise<void> {
  let running = backfills.get(models);
  if (!running) {
    running = new Map();
    backfills.set(models, running);
  }
  const id = JSON.stringify(activityFilter(key));
  const pending = running.get(id);
  if (pending) return pending;
  const started = backfillHeadlineCounts(models, key).finally(() => running.delete(id));
  running.set(id, started);
  return started;
}

/**
 * Counts the activity's attempts made before the counters and marks the activity counted. Safe
 * to run again and from several instances at once: it sets (never adds) the same numbers.
 */
export async function backfillHeadlineCounts(models: Models, key: ActivityKey): Promise<void> {
  const old = await models.Attempt.collection
    .find<Pick<AttemptDoc, 'problems'>>(
      { ...activityFilter(key), headlinesCounted: { $ne: true } },
      { projection: { _id: 0, 'problems.templateId': 1, 'problems.headline': 1 } },
    )
    .toArray();
  const before = new Map<string, { templateId: string; headline: string; n: number }>();
  for (const attempt of old)
    for (const p of attempt.problems) {
      if (p.headline === undefined) continue;
      const k = JSON.stringify([p.templateId, p.headline]);
      const entry = before.get(k) ?? { templateId: p.templateId, headline: p.headline, n: 0 };
      entry.n++;
      before.set(k, entry);
    }
  const filter = activityFilter(key);
  const ops: AnyBulkWriteOperation[] = [...before.values()].map((e) => ({
    updateOne: {
      filter: { ...filter, templateId: e.templateId, headline: e.headline },
      update: { $set: { before: e.n }, $inc: { count: 0 } },
      upsert: true,
    },
  }));
  // Last, in an ordered write: the mark exists only once every count before it is stored.
  ops.push({
    updateOne: { filter: { ...filter, ...COUNTED_MARK }, update: { $setOnInsert: { count: 0 } }, upsert: true },
  });
  await models.HeadlineCount.collection.bulkWrite(ops, { ordered: true });
}

type CountChange = { key: ActivityKey; problems: readonly Headline[]; by: 1 | -1 };

/** Counted together with the other attempts made at the same moment (see WriteBatcher): one command, one journal sync. */
const countChanges = batcherPer(
  (models: Models) =>
    new WriteBatcher<CountChange, undefined>(async (changes) => {
      const owner: number[] = [];
      const ops: AnyBulkWriteOperation[] = [];
      changes.forEach((change, i) => {
        for (const p of change.problems) {
          if (p.headline === undefined) continue;
          owner.push(i);
          ops.push({
            updateOne: {
              filter: { ...activityFilter(change.key), templateId: p.templateId, headline: p.headline },
              update: { $inc: { count: change.by } },
              // A count taken back was made by the same attempt's +1: never a counter of -1.
              upsert: change.by > 0,
            },
          });
        }
      });
      if (ops.length === 0) return changes.map(() => ({ ok: true, value: undefined }));
      const perOp = await outcomesOfBulkWrite(ops, () =>
        models.HeadlineCount.collection.bulkWrite(ops, { ordered: false }),
      );
      // A change fails if any of its counters failed (the others it moved stay: one too high at most).
      return changes.map((_, i) => perOp.find((o, j) => owner[j] === i && !o.ok) ?? { ok: true, value: undefined });
    }),
);

/** Counts a new attempt's headlines (by 1), or takes back the count of one that was not inserted (by -1). */
export function changeHeadlineCounts(
  models: Models,
  key: ActivityKey,
  problems: readonly Headline[],
  by: 1 | -1,
): Promise<void> {
  if (!problems.some((p) => p.headline !== undefined)) return Promise.resolve();
  return countChanges(models).write({ key: activityFilter(key), problems, by });
}
