import type { LearnerClaims } from '../lti/learner-session.ts';
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

/** From ltijs' token or the learner session's claims (a subset of it). */
export function identityFromToken(token: LearnerClaims): LaunchIdentity {
  const ctx = token.platformContext;
  const roles = ctx.roles ?? [];
  const info = token.userInfo ?? {};
  return {
    issuer: token.iss,
    clientId: token.clientId,
    deploymentId: token.deploymentId,
    contextId: ctx.context?.id ?? 'no-context',
    contextTitle: ctx.context?.title ?? ctx.context?.label ?? '',
    resourceLinkId: ctx.resource?.id ?? 'no-resource-link',
    resourceTitle: ctx.resource?.title ?? '',
    userId: token.user,
    userName: info.name ?? ([info.given_name, info.family_name].filter(Boolean).join(' ') || token.user),
    roles,
    isStaff: isStaffRole(roles),
    locale: ctx.launchPresentation?.locale,
    lineItemUrl: ctx.endpoint?.lineitem,
    custom: ctx.custom ?? {},
  };
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
