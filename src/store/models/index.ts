import mongoose, { type Connection } from 'mongoose';
import { activitySettingsModel } from './activity-settings.ts';
import { attemptModel } from './attempt.ts';
import { generatedExamModel } from './generated-exam.ts';
import { gradeSyncModel } from './grade-sync.ts';
import { launchLoginModel } from './launch-login.ts';
import { platformDeploymentModel } from './platform-deployment.ts';
import { submissionModel } from './submission.ts';

// Set where the models are made, so every user of the models has them (not only connectStore's).
// This mongoose instance is ours alone: ltijs bundles its own (7.x), these settings do not reach it.
// Request data never becomes a query operator: a filter value with "$" keys is wrapped in $eq.
// Our own operators are marked with mongoose.trusted().
mongoose.set('sanitizeFilter', true);
// A filter on a path the schema lacks (a typo) is an error, not silently dropped into
// "match everything" (strictQuery: true would drop it).
mongoose.set('strictQuery', 'throw');

export function createModels(conn: Connection) {
  return {
    ActivitySettings: activitySettingsModel(conn),
    Attempt: attemptModel(conn),
    Submission: submissionModel(conn),
    GradeSync: gradeSyncModel(conn),
    GeneratedExam: generatedExamModel(conn),
    PlatformDeployment: platformDeploymentModel(conn),
    LaunchLogin: launchLoginModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Builds every index the queries rely on (unique ones first of all) before the app serves. */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
}
