import type { Models } from '../models/index.ts';

export type DeploymentCheck = 'known' | 'first' | 'unknown';

/**
 * Whether a launch's deployment is one this platform registration uses. ltijs does not check
 * deployments, so the tool does: ids given at manual registration are the list; otherwise the
 * first deployment seen is recorded (Moodle uses one per registration) and others are refused
 * until an admin adds them (`exam-variants platform add ... --deployment-id`).
 */
export async function checkDeployment(models: Models, issuer: string, clientId: string, deploymentId: string): Promise<DeploymentCheck> {
  const existing = await models.PlatformDeployment.findOne({ issuer, clientId }).lean();
  if (existing && existing.deploymentIds.length > 0) return existing.deploymentIds.includes(deploymentId) ? 'known' : 'unknown';
  await models.PlatformDeployment.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: deploymentId } }, { upsert: true });
  return 'first';
}

export async function addDeployments(models: Models, issuer: string, clientId: string, deploymentIds: string[]): Promise<void> {
  await models.PlatformDeployment.updateOne({ issuer, clientId }, { $addToSet: { deploymentIds: { $each: deploymentIds } } }, { upsert: true });
}

export async function removeDeployments(models: Models, issuer: string, clientId: string): Promise<void> {
  await models.PlatformDeployment.deleteOne({ issuer, clientId });
}

export async function selectDeployments(models: Models): Promise<Array<{ issuer: string; clientId: string; deploymentIds: string[] }>> {
  return models.PlatformDeployment.find({}).lean();
}
