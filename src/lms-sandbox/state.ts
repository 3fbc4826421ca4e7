import { randomUUID } from 'node:crypto';
import { DEFAULT_SETTINGS, settingsToCustom, type ActivitySettings } from '../activity/activity-settings.ts';

export interface SandboxUser {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  role: 'learner' | 'instructor';
  locale: string;
}

export interface SandboxLink {
  id: string;
  title: string;
  custom: Record<string, string>;
  lineItemId: string;
}

export interface SandboxLineItem {
  id: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId: string;
  resourceId?: string;
  tag?: string;
}

export interface SandboxScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string;
}

export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  jwksUri: string;
  initiateLoginUri: string;
  redirectUris: string[];
  targetLinkUri: string;
  name: string;
}

export const DEMO_COURSE = { id: 'demo-course', label: 'DL-DEMO', title: 'Deep Learning (demo)' };

export const DEMO_USERS: SandboxUser[] = [
  { id: 'alice', name: 'Alice Novak', givenName: 'Alice', familyName: 'Novak', email: 'alice@example.edu', role: 'learner', locale: 'en-US' },
  { id: 'bob', name: 'Bob Smith', givenName: 'Bob', familyName: 'Smith', email: 'bob@example.edu', role: 'learner', locale: 'en-GB' },
  { id: 'chloe', name: 'Chloé Dvořáková', givenName: 'Chloé', familyName: 'Dvořáková', email: 'chloe@example.edu', role: 'learner', locale: 'cs-CZ' },
  { id: 'teacher', name: 'Dr. Teacher', givenName: 'Dr.', familyName: 'Teacher', email: 'teacher@example.edu', role: 'instructor', locale: 'en-US' },
];

/**
 * A demo user by id. Besides the named ones, "student-<n>" is an enrolled learner too, so load
 * tests (npm run bench:http) can launch hundreds of distinct students.
 */
export function findSandboxUser(id: unknown): SandboxUser | undefined {
  if (typeof id !== 'string') return undefined;
  const named = DEMO_USERS.find((u) => u.id === id);
  if (named) return named;
  const n = /^student-(\d{1,6})$/.exec(id)?.[1];
  return n === undefined ? undefined : { id, name: `Student ${n}`, givenName: 'Student', familyName: n, email: `${id}@example.edu`, role: 'learner', locale: 'en-US' };
}

const TIMED_DEMO: ActivitySettings = {
  ...DEFAULT_SETTINGS,
  templates: ['gd'],
  points: [5],
  attemptsAllowed: 1,
  timeLimitMinutes: 20,
  feedbackMode: 'afterDue',
  showSolutions: 'afterDue',
  // Fixed, so the sandbox is the same on every start: a date in the future of any demo.
  dueAt: '2099-12-31T23:59:00Z',
  title: 'Timed quiz: gradient descent',
};

/** The sandbox LMS's data: one demo course with its activities, line items and gradebook. */
export class SandboxState {
  registration: ToolRegistration | undefined;
  readonly links = new Map<string, SandboxLink>();
  readonly lineItems = new Map<string, SandboxLineItem>();
  /** lineItemId -> userId -> latest score */
  readonly scores = new Map<string, Map<string, SandboxScore>>();
  readonly registrationTokens = new Set<string>();
  readonly accessTokens = new Map<string, { scope: string[]; expiresAt: number }>();
  readonly pendingLaunches = new Map<string, { userId: string; linkId?: string; type: 'resource' | 'deeplink' }>();

  constructor() {
    this.addLink('Deep learning exam (demo)', settingsToCustom(DEFAULT_SETTINGS), DEFAULT_SETTINGS.points.reduce((a, b) => a + b, 0), 'demo-exam');
    // Exam mode to try: one timed attempt, feedback and solutions after the due date.
    this.addLink('Timed quiz: gradient descent (demo)', settingsToCustom(TIMED_DEMO), 5, 'demo-timed');
  }

  addLink(title: string, custom: Record<string, string>, scoreMaximum: number, id = `link-${randomUUID().slice(0, 8)}`): SandboxLink {
    const lineItemId = `li-${randomUUID().slice(0, 8)}`;
    this.lineItems.set(lineItemId, { id: lineItemId, label: title, scoreMaximum, resourceLinkId: id });
    const link = { id, title, custom, lineItemId };
    this.links.set(id, link);
    return link;
  }
}
