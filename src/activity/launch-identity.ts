import type { ActivityKey } from '../store/models/activity-key.ts';

/** Who launched what, taken only from the verified id_token (never from the browser). */
export interface LaunchIdentity {
  issuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  contextTitle: string;
  resourceLinkId: string;
  resourceTitle: string;
  userId: string;
  userName: string;
  roles: string[];
  isStaff: boolean;
  locale: string | undefined;
  lineItemUrl: string | undefined;
  custom: Record<string, unknown>;
}

const STAFF_ROLE =
  /#(Instructor|Administrator|ContentDeveloper|TeachingAssistant|Mentor)$|\/Instructor#|^Instructor$|^Administrator$/;

export function isStaffRole(roles: readonly string[]): boolean {
  return roles.some((r) => STAFF_ROLE.test(r));
}

/** The activity a launch is for: all five ids (activity-key.ts). */
export function activityKeyOf(id: LaunchIdentity): ActivityKey {
  return {
    platformIssuer: id.issuer,
    clientId: id.clientId,
    deploymentId: id.deploymentId,
    contextId: id.contextId,
    resourceLinkId: id.resourceLinkId,
  };
}
