import type { GeneratedExamDoc } from '../models/generated-exam.ts';
import type { Models } from '../models/index.ts';
import { assertStorableSize } from '../storage-input-error.ts';

export type NewGeneratedExam = Omit<GeneratedExamDoc, '_id'>;

/** Records what is needed to reproduce a printed exam (not the files: they are regenerated). */
export async function insertGeneratedExam(models: Models, exam: NewGeneratedExam): Promise<GeneratedExamDoc> {
  assertStorableSize(exam, 'generatedExam');
  return (await models.GeneratedExam.create(exam)).toObject();
}

/** Newest first, for a course (contextId) or, without one, those made outside any course. */
export async function selectGeneratedExams(
  models: Models,
  filter: { contextId?: string; limit?: number } = {},
): Promise<GeneratedExamDoc[]> {
  return models.GeneratedExam.find({ contextId: filter.contextId ?? null })
    .sort({ createdAt: -1 })
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .lean<GeneratedExamDoc[]>();
}

/** The course's latest exam printed with this seed, if the tool made it (the web generator records each). */
export async function selectGeneratedExamBySeed(
  models: Models,
  contextId: string,
  examSeed: string,
): Promise<GeneratedExamDoc | null> {
  return models.GeneratedExam.findOne({ contextId, examSeed }).sort({ createdAt: -1 }).lean<GeneratedExamDoc>();
}
