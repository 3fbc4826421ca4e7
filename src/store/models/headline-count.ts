import { Schema, type Connection, type Model } from 'mongoose';
import { ACTIVITY_INDEX, type ActivityKey } from './activity-key.ts';

/**
 * How many attempts of one activity hold one headline answer of one problem family: what the
 * neighbour-aware draw reads (a few of these per new attempt) instead of the class's attempts.
 * One more document per activity, the mark (COUNTED_MARK), says its counts are complete.
 */
export interface HeadlineCountDoc extends ActivityKey {
  templateId: string;
  headline: string;
  /** Attempts counted when they were made: $inc'd before each attempt is inserted. */
  count: number;
  /**
   * Attempts made before the activity had counters (attempts without `headlinesCounted`), as the
   * backfill counted them: $set, so a backfill run twice, or by two instances at once, counts once.
   */
  before?: number;
}

/** templateId and headline of the mark: no template has an empty id. */
export const COUNTED_MARK = { templateId: '', headline: '' } as const;

const schema = new Schema<HeadlineCountDoc>(
  {
    platformIssuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    resourceLinkId: { type: String, required: true },
    // Not required: the mark's are empty strings.
    templateId: { type: String, default: '' },
    headline: { type: String, default: '' },
    count: { type: Number, default: 0 },
    before: Number,
  },
  { strict: 'throw', minimize: false },
);
// One counter per (activity, family, headline), which the upserts rely on. Headline first: the
// draw asks for a few headlines of one activity, and the embedded store narrows a query by the
// first field of an index.
schema.index({ headline: 1, templateId: 1, ...ACTIVITY_INDEX }, { unique: true });

export function headlineCountModel(conn: Connection): Model<HeadlineCountDoc> {
  return conn.model<HeadlineCountDoc>('HeadlineCount', schema, 'headline_counts');
}
