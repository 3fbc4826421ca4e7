import { createHmac } from 'node:crypto';
import type { LaunchIdentity } from './launch-identity.ts';

/**
 * A learner's variant seed: an HMAC of the launch identity under a server secret, so it can be
 * reproduced by the server but neither guessed nor chosen by the browser.
 */
export function deriveAttemptSeed(
  secret: string,
  id: LaunchIdentity,
  attemptNumber: number,
  problemIndex: number,
): string {
  const material = JSON.stringify([
    id.issuer,
    id.deploymentId,
    id.contextId,
    id.resourceLinkId,
    id.userId,
    attemptNumber,
    problemIndex,
  ]);
  return createHmac('sha256', secret).update(material).digest('base64url').slice(0, 22);
}
