import { Schema, type Connection, type Model } from 'mongoose';
import type { ActivitySettings } from '../../activity/activity-settings.ts';

export interface ResourceLinkKey {
  platformIssuer: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
}

export interface ActivitySettingsDoc extends ResourceLinkKey {
  settings: ActivitySettings;
  lineItemUrl?: string;
  clientId: string;
  title: string;
  updatedAt: Date;
}

const schema = new Schema<ActivitySettingsDoc>(
  {
    platformIssuer: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    clientId: { type: String, required: true },
    // Validated by ActivitySettingsSchema where it enters; stored as the instructor chose it.
    settings: { type: Schema.Types.Mixed, required: true },
    lineItemUrl: String,
    title: { type: String, default: '' },
  },
  { timestamps: true, strict: 'throw' },
);
schema.index({ platformIssuer: 1, deploymentId: 1, contextId: 1, resourceLinkId: 1 }, { unique: true });

export function activitySettingsModel(conn: Connection): Model<ActivitySettingsDoc> {
  return conn.model<ActivitySettingsDoc>('ActivitySettings', schema, 'activity_settings');
}
