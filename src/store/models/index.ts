import type { Connection } from 'mongoose';
import { activitySettingsModel } from './activity-settings.ts';
import { attemptModel } from './attempt.ts';
import { generatedExamModel } from './generated-exam.ts';
import { gradeSyncModel } from './grade-sync.ts';
import { platformDeploymentModel } from './platform-deployment.ts';
import { submissionModel } from './submission.ts';

export function createModels(conn: Connection) {
  return {
    ActivitySettings: activitySettingsModel(conn),
    Attempt: attemptModel(conn),
    Submission: submissionModel(conn),
    GradeSync: gradeSyncModel(conn),
    GeneratedExam: generatedExamModel(conn),
    PlatformDeployment: platformDeploymentModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds every index the queries rely on (unique ones first of all) before the app serves. */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
}
