import type { ActivitySettings } from '../../activity/activity-settings.ts';
import type { ActivitySettingsDoc, ResourceLinkKey } from '../models/activity-settings.ts';
import type { Models } from '../models/index.ts';
import { StorageInputError } from '../storage-input-error.ts';
import { linkFilter } from './attempts.ts';

export interface ActivitySettingsUpdate {
  settings: ActivitySettings;
  clientId: string;
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
export async function upsertActivitySettings(models: Models, key: ResourceLinkKey, update: ActivitySettingsUpdate): Promise<ActivitySettingsDoc> {
  const write = () =>
    models.ActivitySettings.findOneAndUpdate(
      linkFilter(key),
      {
        $set: { settings: update.settings, clientId: update.clientId, title: update.title, ...(update.lineItemUrl ? { lineItemUrl: update.lineItemUrl } : {}) },
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

export async function selectActivitySettings(models: Models, key: ResourceLinkKey): Promise<ActivitySettingsDoc | null> {
  return models.ActivitySettings.findOne(linkFilter(key)).lean<ActivitySettingsDoc>();
}

/** Exam mode accommodation: extra minutes for one learner (0 removes it). */
export async function setExtraTimeMinutes(models: Models, key: ResourceLinkKey, userId: string, minutes: number): Promise<boolean> {
  // The user id becomes a path segment of the update: "$" or "." would address another field.
  if (!userId || userId.startsWith('$') || userId.includes('.')) throw new StorageInputError('extraTimeMinutesByUser', 'safe-keys', 'user id may not be empty, start with $ or contain a dot');
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60) throw new StorageInputError('extraTimeMinutesByUser', 'shape', 'minutes: 0 to 1440');
  const path = `extraTimeMinutesByUser.${userId}`;
  const r = await models.ActivitySettings.updateOne(linkFilter(key), minutes === 0 ? { $unset: { [path]: '' } } : { $set: { [path]: minutes } });
  return r.matchedCount === 1;
}
