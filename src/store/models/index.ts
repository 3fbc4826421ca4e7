import mongoose, { type Connection } from 'mongoose';
import { activitySettingsModel } from './activity-settings.ts';
import { attemptModel } from './attempt.ts';
import { generatedExamModel } from './generated-exam.ts';
import { gradeSyncModel } from './grade-sync.ts';
import { headlineCountModel } from './headline-count.ts';
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
    HeadlineCount: headlineCountModel(conn),
    Submission: submissionModel(conn),
    GradeSync: gradeSyncModel(conn),
    GeneratedExam: generatedExamModel(conn),
    PlatformDeployment: platformDeploymentModel(conn),
    LaunchLogin: launchLoginModel(conn),
  };
}

export type Models = ReturnType<typeof createModels>;

/**
 * Indexes of earlier versions that are in the way: unique per activity without the client id
 * (activity-key.ts), they refused a second registration's activity that shares the other ids;
 * one no query uses any more, which every insert would still pay for.
 */
const OBSOLETE_INDEXES: ReadonlyArray<[keyof Models, string]> = [
  ['ActivitySettings', 'platformIssuer_1_deploymentId_1_contextId_1_resourceLinkId_1'],
  ['Attempt', 'platformIssuer_1_deploymentId_1_contextId_1_resourceLinkId_1_userId_1_attemptNumber_1'],
  ['Attempt', 'platformIssuer_1_deploymentId_1_contextId_1_resourceLinkId_1_startedAt_-1'],
  ['Attempt', 'problems.headline_1_platformIssuer_1_deploymentId_1_contextId_1_resourceLinkId_1'],
  // The draw counted attempts through it; it reads the headline counters now (headline-count.ts).
  ['Attempt', 'problems.headline_1_platformIssuer_1_clientId_1_deploymentId_1_contextId_1_resourceLinkId_1'],
];

/** Builds every index the queries rely on (unique ones first of all) before the app serves. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const [model, name] of OBSOLETE_INDEXES) {
    await models[model].collection.dropIndex(name).catch((error: unknown) => {
      // Not there (a new database, or dropped before): nothing to do.
      const code = (error as { codeName?: unknown; code?: unknown }).codeName ?? (error as { code?: unknown }).code;
      if (code !== 'IndexNotFound' && code !== 27 && code !== 'NamespaceNotFound' && code !== 26) throw error;
    });
  }
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
}
