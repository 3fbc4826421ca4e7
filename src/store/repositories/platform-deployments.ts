import type { Models } from '../models/index.ts';
import type { PlatformDeploymentDoc } from '../models/platform-deployment.ts';

/**
 * How long a registration's deployment list read from the store is believed. A launch asks three
 * times in three requests (login, id_token, launch), and a class opening an exam asks for the same
 * registration a thousand times a minute: each question was a store round trip.
 *
 * Why 5 s is safe: a deployment removed or changed in the store (`exam-variants platform`, another
 * instance, an admin) is seen by every process within 5 s, the window the session guard
 * (web/deployment-guard.ts) has always allowed an open session, and far shorter than the minutes
 * an LMS takes to stop launching a revoked deployment. Nothing extends an entry: it is read again
 * when it is 5 s old (dated from before the read), and this process's own changes drop every
 * entry at once. Only the list is cached; the first deployment of a registration is recorded
 * through the store (checkDeployment), never decided from a remembered empty list.
 */
const DEPLOYMENTS_TTL_MS = 5_000;

type DeploymentRecord = Pick<PlatformDeploymentDoc, 'issuer' | 'clientId' | 'deploymentIds'>;

interface Remembered {
  until: number;
  records: Promise<DeploymentRecord[]>;
}

/** Per store connection (tests run several apps in one process), keyed by issuer and client id ('' for any). */
const remembered = new WeakMap<Models, Map<string, Remembered>>();

/** The registration's records (one per client id; all of the issuer's without one), read at most every 5 s. */
function deploymentRecords(models: Models, issuer: string, clientId: string | undefined): Promise<DeploymentRecord[]> {
  let byKey = remembered.get(models);
  if (!byKey) remembered.set(models, (byKey = new Map()));
  const key = `${issuer}\u0000${clientId ?? ''}`;
  const now = Date.now();
  const hit = byKey.get(key);
  if (hit && hit.until > now) return hit.records;
  // Few registrations exist; an expired entry is replaced, so the map holds one per registration asked about.
  if (byKey.size > 1_000) byKey.clear();
  const records = models.PlatformDeployment.find(clientId ? { issuer, clientId } : { issuer }, {
    _id: 0,
    issuer: 1,
    clientId: 1,
    deploymentIds: 1,
  })
    .lean<DeploymentRecord[]>()
    .exec();
  const entry = { until: now + DEPLOYMENTS_TTL_MS, records };
  byKey.set(key, entry);
  // A failed read is not remembered: the next question asks the store again.
  records.catch(() => {
    if (byKey.get(key) === entry) byKey.delete(key);
  });
  return records;
}

/** After this process changed a registration's deployments: every later question reads the store. */
function forgetDeployments(models: Models): void {
  remembered.delete(models);
}

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
  const [known] = await deploymentRecords(models, issuer, clientId);
  if (known && known.deploymentIds.length > 0) return known.deploymentIds.includes(deploymentId) ? 'known' : 'unknown';
  // No list yet (or none remembered): decided by the store, never by a remembered empty list.
  const existing = await models.PlatformDeployment.findOne({ issuer, clientId }).lean();
  if (existing && existing.deploymentIds.length > 0)
    return existing.deploymentIds.includes(deploymentId) ? 'known' : 'unknown';
  await models.PlatformDeployment.updateOne(
    { issuer, clientId },
    { $addToSet: { deploymentIds: deploymentId } },
    { upsert: true },
  );
  forgetDeployments(models);
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
  forgetDeployments(models);
}

export async function removeDeployments(models: Models, issuer: string, clientId: string): Promise<void> {
  await models.PlatformDeployment.deleteOne({ issuer, clientId });
  forgetDeployments(models);
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
  const records = await deploymentRecords(models, issuer, clientId);
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
