import { Schema, type Connection, type Model } from 'mongoose';

/** Enough to reproduce a printed exam: the seed, labels, problems, language and points. */
export interface GeneratedExamDoc {
  examSeed: string;
  labels: string[];
  templateIds: string[];
  templateVersions: number[];
  lang: string;
  points: number[];
  createdBy: string;
  contextId?: string;
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
    contextId: String,
    createdAt: { type: Date, required: true },
  },
  { strict: 'throw' },
);
schema.index({ contextId: 1, createdAt: -1 });

export function generatedExamModel(conn: Connection): Model<GeneratedExamDoc> {
  return conn.model<GeneratedExamDoc>('GeneratedExam', schema, 'generated_exams');
}
