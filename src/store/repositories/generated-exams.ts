import { contextFilter, type ContextKey } from '../models/activity-key.ts';
import type { GeneratedExamDoc } from '../models/generated-exam.ts';
import type { Models } from '../models/index.ts';
import { assertStorableSize } from '../storage-input-error.ts';

export type NewGeneratedExam = Omit<GeneratedExamDoc, '_id'>;

/** Records what is needed to reproduce a printed exam (not the files: they are regenerated). */
export async function insertGeneratedExam(models: Models, exam: NewGeneratedExam): Promise<GeneratedExamDoc> {
  assertStorableSize(exam, 'generatedExam');
  return (await models.GeneratedExam.create(exam)).toObject();
}

const OUTSIDE_ANY_COURSE = { platformIssuer: null, clientId: null, deploymentId: null, contextId: null };

/** Newest first, for a course (by its full key) or, without one, those made outside any course. */
export async function selectGeneratedExams(
  models: Models,
  filter: { context?: ContextKey; limit?: number } = {},
): Promise<GeneratedExamDoc[]> {
  return models.GeneratedExam.find(filter.context ? contextFilter(filter.context) : OUTSIDE_ANY_COURSE)
    .sort({ createdAt: -1 })
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .lean<GeneratedExamDoc[]>();
}

/**
 * The course's latest exam printed with this seed, if the tool made it (the web generator records
 * each). By the full key: two registrations (two Moodle sites) number their courses alike.
 */
export async function selectGeneratedExamBySeed(
  models: Models,
  context: ContextKey,
  examSeed: string,
): Promise<GeneratedExamDoc | null> {
  return models.GeneratedExam.findOne({ ...contextFilter(context), examSeed })
    .sort({ createdAt: -1 })
    .lean<GeneratedExamDoc>();
}
