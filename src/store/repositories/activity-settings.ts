import mongoose from 'mongoose';
import type { RegradeRule } from '../../grading/scoring.ts';
import type { ActivitySettingsDoc, StoredActivitySettings, StoredRegradeRule } from '../models/activity-settings.ts';
import { activityFilter, type ActivityKey } from '../models/activity-key.ts';
import type { Models } from '../models/index.ts';
import { StorageInputError } from '../storage-input-error.ts';
import { BoundedCache } from '../../lib/bounded-cache.ts';
import { readRegradeRulesDoc } from './grouped-reads.ts';

export interface ActivitySettingsUpdate {
  settings: StoredActivitySettings;
  title: string;
  lineItemUrl?: string;
  /** The launching user; recorded as createdBy only when the record is created. */
  launchedBy: string;
}

/**
 * Copies a placement's settings (carried by the LMS in custom parameters) into the store on each
 * launch. One record per resource link (unique index); the upsert makes concurrent first launches
 * safe (on real MongoDB the server retries the losing upsert; E11000 from a store that does not is
 * retried here once, when the record then exists and the update applies).
 */
export async function upsertActivitySettings(
  models: Models,
  key: ActivityKey,
  update: ActivitySettingsUpdate,
): Promise<ActivitySettingsDoc> {
  const write = () =>
    models.ActivitySettings.findOneAndUpdate(
      activityFilter(key),
      {
        $set: {
          settings: update.settings,
          title: update.title,
          ...(update.lineItemUrl ? { lineItemUrl: update.lineItemUrl } : {}),
        },
        $setOnInsert: { createdBy: update.launchedBy },
      },
      // Validators on updates are off by default in mongoose; the enums must hold here too.
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).lean<ActivitySettingsDoc>();
  let doc: ActivitySettingsDoc | null;
  try {
    doc = await write();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    doc = await write();
  }
  if (!doc) throw new Error('upsert returned no document');
  return doc;
}

/**
 * How long this process trusts that the record still holds what it wrote. Every launch of a
 * placement carries the same custom parameters until the instructor edits the placement, so in an
 * exam's first minute a thousand launches wrote the same record again: one journaled write each.
 *
 * Why 10 s is safe: a launch whose settings, title or line item differ from what this process last
 * wrote is always written, so an edited placement reaches the store with its first launch. What
 * is skipped is only a write of exactly what this process wrote less than 10 s ago; that leaves
 * the store stale only if another writer (a launch on another instance) wrote something else in
 * between, i.e. the placement was edited and edited back within 10 s, and then only until the next
 * launch after the window. The learner's own requests read the launch's settings, not this record.
 */
const UNCHANGED_SETTINGS_MS = 10_000;

/** Per store connection: what was last written for each placement, and until when it is trusted. */
const lastWritten = new WeakMap<Models, BoundedCache<string, { written: string; until: number }>>();

/**
 * A launch's copy of the placement's settings (upsertActivitySettings), unless this process wrote
 * exactly the same in the last few seconds.
 */
export async function recordLaunchedSettings(
  models: Models,
  key: ActivityKey,
  update: ActivitySettingsUpdate,
): Promise<void> {
  let cache = lastWritten.get(models);
  if (!cache) lastWritten.set(models, (cache = new BoundedCache(1_000)));
  const placement = JSON.stringify(activityFilter(key));
  const written = JSON.stringify([update.settings, update.title, update.lineItemUrl ?? null]);
  const now = Date.now();
  const known = cache.get(placement);
  if (known && known.written === written && known.until > now) return;
  await upsertActivitySettings(models, key, update);
  cache.set(placement, { written, until: now + UNCHANGED_SETTINGS_MS });
}

export async function selectActivitySettings(models: Models, key: ActivityKey): Promise<ActivitySettingsDoc | null> {
  return models.ActivitySettings.findOne(activityFilter(key)).lean<ActivitySettingsDoc>();
}

/**
 * The regrade rules every grading of the placement applies, read from the store for each grading
 * (with the other gradings of the moment: grouped-reads.ts): a rule an instructor applies on one
 * app instance holds for the submission another instance grades the next moment, and instances
 * have no channel but the store to learn of it (a cache in each would grade with the rules it last
 * read). Only the rules are read, not the extra-time map, which grows with the class.
 */
export async function selectRegradeRules(models: Models, key: ActivityKey): Promise<RegradeRule[]> {
  return regradeRulesOf(await readRegradeRulesDoc(models, key));
}

/** The activities (their key, settings and rules) with a regrade rule applied at `since` or later. */
export async function selectActivitiesWithRulesSince(
  models: Models,
  since: Date,
): Promise<Array<{ key: ActivityKey; settings: StoredActivitySettings; rules: RegradeRule[] }>> {
  const docs = await models.ActivitySettings.find(
    { 'regradeRules.appliedAt': mongoose.trusted({ $gte: since }) },
    { extraTimeMinutesByUser: 0 },
  ).lean<ActivitySettingsDoc[]>();
  return docs.map((doc) => ({ key: activityFilter(doc), settings: doc.settings, rules: regradeRulesOf(doc) }));
}

/**
 * The map key for a user id. LTI user ids are opaque strings; "." or a leading "$" would address
 * another field of the update, so the id is percent-encoded (and "." with it) rather than refused:
 * any learner can be given extra time.
 */
export const extraTimeKey = (userId: string): string => encodeURIComponent(userId).replace(/\./g, '%2E');

/** The stored map as a plain one: a lean read gives an object, a hydrated document a Map. */
function extraTimeByKey(
  doc: Pick<ActivitySettingsDoc, 'extraTimeMinutesByUser'> | null | undefined,
): Record<string, number> {
  const map = doc?.extraTimeMinutesByUser as Map<string, number> | Record<string, number> | undefined;
  return map instanceof Map ? Object.fromEntries(map) : (map ?? {});
}

/** The extra minutes recorded for one learner (0 when none). */
export function extraTimeMinutesOf(
  doc: Pick<ActivitySettingsDoc, 'extraTimeMinutesByUser'> | null | undefined,
  userId: string,
): number {
  return extraTimeByKey(doc)[extraTimeKey(userId)] ?? 0;
}

/** Every learner's extra minutes, with the user ids decoded. */
export function grantedExtraTime(
  doc: Pick<ActivitySettingsDoc, 'extraTimeMinutesByUser'> | null | undefined,
): Array<{ userId: string; minutes: number }> {
  return Object.entries(extraTimeByKey(doc))
    .map(([key, minutes]) => ({ userId: decodeURIComponent(key), minutes }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

/** Exam mode accommodation: extra minutes for one learner (0 removes it). False when the activity has no record yet. */
export async function setExtraTimeMinutes(
  models: Models,
  key: ActivityKey,
  userId: string,
  minutes: number,
): Promise<boolean> {
  if (!userId) throw new StorageInputError('extraTimeMinutesByUser', 'shape', 'user id may not be empty');
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60)
    throw new StorageInputError('extraTimeMinutesByUser', 'shape', 'minutes: 0 to 1440');
  const path = `extraTimeMinutesByUser.${extraTimeKey(userId)}`;
  const r = await models.ActivitySettings.updateOne(
    activityFilter(key),
    minutes === 0 ? { $unset: { [path]: '' } } : { $set: { [path]: minutes } },
  );
  return r.matchedCount === 1;
}

/** The regrade rules applied to a placement so far, oldest first (none on records made before they were kept). */
export function regradeRulesOf(doc: Pick<ActivitySettingsDoc, 'regradeRules'> | null | undefined): RegradeRule[] {
  return (doc?.regradeRules ?? []).map((r) => ({
    problemIndex: r.problemIndex,
    partKey: r.partKey,
    action: r.action,
    ...(r.relativePercent !== undefined && r.relativePercent !== null ? { relativePercent: r.relativePercent } : {}),
    ...(r.accepted ? { accepted: r.accepted } : {}),
  }));
}

/** Records a regrade rule for every later grading of the placement. False when the placement has no record. */
export async function addRegradeRule(
  models: Models,
  key: ActivityKey,
  rule: RegradeRule,
  appliedBy: string,
  now = new Date(),
): Promise<boolean> {
  const stored: StoredRegradeRule = { ...rule, appliedAt: now, appliedBy };
  const r = await models.ActivitySettings.updateOne(
    activityFilter(key),
    { $push: { regradeRules: stored } },
    { runValidators: true },
  );
  return r.matchedCount === 1;
}
