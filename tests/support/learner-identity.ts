import type { LaunchIdentity } from '../../src/activity/launch-identity.ts';

/** A learner's launch at `resourceLinkId` of one course of one registration at lms.example. */
export function learnerIdentity(
  resourceLinkId: string,
  userId: string,
  overrides: Partial<LaunchIdentity> = {},
): LaunchIdentity {
  return {
    issuer: 'https://lms.example',
    clientId: 'client',
    deploymentId: 'd1',
    contextId: 'c1',
    contextTitle: 'Course',
    resourceLinkId,
    resourceTitle: 'Exam',
    userId,
    userName: userId,
    roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
    isStaff: false,
    locale: 'en',
    lineItemUrl: undefined,
    custom: {},
    ...overrides,
  };
}
