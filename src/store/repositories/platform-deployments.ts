import type { Models } from '../models/index.ts';

export type DeploymentCheck = 'known' | 'first' | 'unknown';

/**
 * Whether a launch's deployment is one this platform registration uses. ltijs does not check
 * deployments, so the tool does: ids given at manual registration are the list; otherwise the
 * first deployment seen is recorded (Moodle uses one per registration) and others are refused
 * until an admin adds them (`exam-variants platform add ... --deployment-id`).
 */
export async function checkDeployment(
  models: Models,
  issuer: string,
  clientId: string,
  deploymentId: string,
): Promise<DeploymentCheck> {
  const existing = await models.PlatformDeployment.findOne({ issuer, clientId }).lean();
  if (existing && existing.deploymentIds.length > 0)
    return existing.deploymentIds.includes(deploymentId) ? 'known' : 'unknown';
  await models.PlatformDeployment.updateOne(
    { issuer, clientId },
    { $addToSet: { deploymentIds: deploymentId } },
    { upsert: true },
  );
  return 'first';
}

export async function addDeployments(
  models: Models,
  issuer: string,
  clientId: string,
  deploymentIds: string[],
): Promise<void> {
  await models.PlatformDeployment.updateOne(
    { issuer, clientId },
    { $addToSet: { deploymentIds: { $each: deploymentIds } } },
    { upsert: true },
  );
}

export async function removeDeployments(models: Models, issuer: string, clientId: string): Promise<void> {
  await models.PlatformDeployment.deleteOne({ issuer, clientId });
}

export async function selectDeployments(
  models: Models,
): Promise<Array<{ issuer: string; clientId: string; deploymentIds: string[] }>> {
  return models.PlatformDeployment.find({}).lean();
}

/**
 * Read-only: true when this deployment is not one the registration accepts. For requests that
 * are not verified yet (the login, an id_token before ltijs checks it): they may be refused on
 * it, but never record a deployment. Without a client id (it is optional at login) a deployment is
 * refused when no registration of the issuer lists it and every one of them has a list.
 */
export async function isDeploymentRefused(
  models: Models,
  issuer: string,
  clientId: string | undefined,
  deploymentId: string,
): Promise<boolean> {
  const records = await models.PlatformDeployment.find(clientId ? { issuer, clientId } : { issuer }).lean();
  if (records.length === 0) return false;
  return records.every((r) => r.deploymentIds.length > 0 && !r.deploymentIds.includes(deploymentId));
}

/** True only when the registration (issuer + client id) lists this deployment: what a session's every request needs. */
export async function isDeploymentAccepted(
  models: Models,
  issuer: string,
  clientId: string,
  deploymentId: string,
): Promise<boolean> {
  return (
    (await models.PlatformDeployment.countDocuments({ issuer, clientId, deploymentIds: deploymentId }).limit(1)) > 0
  );
}
