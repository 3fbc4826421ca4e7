import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * Enough to reproduce a printed exam: the seed, labels, problems (with their template versions),
 * language and points. The files are not stored: the same inputs regenerate them byte for byte.
 */
export interface GeneratedExamDoc {
  _id: Types.ObjectId;
  examSeed: string;
  labels: string[];
  templateIds: string[];
  templateVersions: number[];
  lang: string;
  points: number[];
  createdBy: string;
  /**
   * The course it was made in, by its full key (contextFilter in activity-key.ts); all four are
   * absent for an exam made from the command line.
   */
  platformIssuer?: string;
  clientId?: string;
  deploymentId?: string;
  contextId?: string;
  /** Names of the files handed out (e.g. "sheet-A.pdf"), to list what a regeneration must produce. */
  files?: string[];
  createdAt: Date;
}

const schema = new Schema<GeneratedExamDoc>(
  {
    examSeed: { type: String, required: true },
    labels: [String],
    templateIds: [String],
    templateVersions: [Number],
    lang: String,
    points: [Number],
    createdBy: { type: String, required: true },
    platformIssuer: String,
    clientId: String,
    deploymentId: String,
    contextId: String,
    files: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);
// selectGeneratedExams and selectGeneratedExamBySeed: a course's exams, newest first.
schema.index({ platformIssuer: 1, clientId: 1, deploymentId: 1, contextId: 1, createdAt: -1 });

export function generatedExamModel(conn: Connection): Model<GeneratedExamDoc> {
  return conn.model<GeneratedExamDoc>('GeneratedExam', schema, 'generated_exams');
}
