/**
 * The five LTI ids that name one activity: a resource link (placement) in a context (course) of
 * one deployment of one registration (issuer + client id) of the tool. LMSs number courses and
 * links from 1 per site, so two registrations (two Moodle sites, or one LMS that registered the
 * tool twice) may share every other id: per-activity data is read and written by all five, and a
 * function that takes this type cannot be given a part of it.
 */
export interface ActivityKey {
  platformIssuer: string;
  clientId: string;
  deploymentId: string;
  contextId: string;
  resourceLinkId: string;
}

/** Exactly the five key fields, so extra properties of a wider object (a whole document) never enter a filter. */
export function activityFilter(key: ActivityKey): ActivityKey {
  return {
    platformIssuer: key.platformIssuer,
    clientId: key.clientId,
    deploymentId: key.deploymentId,
    contextId: key.contextId,
    resourceLinkId: key.resourceLinkId,
  };
}

/**
 * A course (context) of one deployment of one registration: LTI makes a context id unique only
 * within its deployment. Per-course data (printed exams) is read and written by all four.
 */
export type ContextKey = Omit<ActivityKey, 'resourceLinkId'>;

/** Exactly the four key fields. */
export function contextFilter(key: ContextKey): ContextKey {
  return {
    platformIssuer: key.platformIssuer,
    clientId: key.clientId,
    deploymentId: key.deploymentId,
    contextId: key.contextId,
  };
}

/** The key's fields in index order (every per-activity index starts with them). */
export const ACTIVITY_INDEX = {
  platformIssuer: 1,
  clientId: 1,
  deploymentId: 1,
  contextId: 1,
  resourceLinkId: 1,
} as const;
