import { randomUUID } from 'node:crypto';
import { DEFAULT_SETTINGS, settingsToCustom, type ActivitySettings } from '../activity/activity-settings.ts';

export interface SandboxUser {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  role: 'learner' | 'instructor';
  /** Absent: the launch carries no locale, as some LMS configurations send none. */
  locale?: string;
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
  /** How many score posts the gradebook accepted for this user and line item (a grade history's length). */
  received?: number;
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
  {
    id: 'alice',
    name: 'Alice Novak',
    givenName: 'Alice',
    familyName: 'Novak',
    email: 'alice@example.edu',
    role: 'learner',
    locale: 'en-US',
  },
  {
    id: 'bob',
    name: 'Bob Smith',
    givenName: 'Bob',
    familyName: 'Smith',
    email: 'bob@example.edu',
    role: 'learner',
    locale: 'en-GB',
  },
  {
    id: 'chloe',
    name: 'Chloé Dvořáková',
    givenName: 'Chloé',
    familyName: 'Dvořáková',
    email: 'chloe@example.edu',
    role: 'learner',
    locale: 'cs-CZ',
  },
  {
    id: 'teacher',
    name: 'Dr. Teacher',
    givenName: 'Dr.',
    familyName: 'Teacher',
    email: 'teacher@example.edu',
    role: 'instructor',
    locale: 'en-US',
  },
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
  return n === undefined
    ? undefined
    : {
        id,
        name: `Student ${n}`,
        givenName: 'Student',
        familyName: n,
        email: `${id}@example.edu`,
        role: 'learner',
        locale: 'en-US',
      };
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

/** A launch started at /sandbox/launch, waiting for the tool's login request (single use). */
export interface PendingLaunch {
  userId: string;
  linkId?: string;
  type: 'resource' | 'deeplink';
  startedAt: number;
}

/** A launch not completed within this is abandoned (a closed tab): pruned, never kept forever. */
const PENDING_LAUNCH_MS = 10 * 60_000;

/** What the sandbox keeps in the data folder: everything a real LMS keeps across a restart. */
export interface SavedSandboxState {
  registration?: ToolRegistration;
  links: SandboxLink[];
  lineItems: SandboxLineItem[];
  scores: Array<{ lineItemId: string; scores: SandboxScore[] }>;
  accessTokens: Array<{ token: string; scope: string[]; expiresAt: number }>;
}

/** The sandbox LMS's data: one demo course with its activities, line items and gradebook. */
export class SandboxState {
  registration: ToolRegistration | undefined;
  readonly links = new Map<string, SandboxLink>();
  readonly lineItems = new Map<string, SandboxLineItem>();
  /** lineItemId -> userId -> latest score */
  readonly scores = new Map<string, Map<string, SandboxScore>>();
  readonly registrationTokens = new Set<string>();
  readonly accessTokens = new Map<string, { scope: string[]; expiresAt: number }>();
  readonly pendingLaunches = new Map<string, PendingLaunch>();

  constructor(saved?: SavedSandboxState) {
    if (saved) {
      this.registration = saved.registration;
      for (const link of saved.links) this.links.set(link.id, link);
      for (const li of saved.lineItems) this.lineItems.set(li.id, li);
      for (const book of saved.scores) this.scores.set(book.lineItemId, new Map(book.scores.map((s) => [s.userId, s])));
      for (const t of saved.accessTokens) this.accessTokens.set(t.token, { scope: t.scope, expiresAt: t.expiresAt });
      return;
    }
    this.addLink(
      'Deep learning exam (demo)',
      settingsToCustom(DEFAULT_SETTINGS),
      DEFAULT_SETTINGS.points.reduce((a, b) => a + b, 0),
      'demo-exam',
    );
    // Exam mode to try: one timed attempt, feedback and solutions after the due date.
    this.addLink('Timed quiz: gradient descent (demo)', settingsToCustom(TIMED_DEMO), 5, 'demo-timed');
  }

  addLink(
    title: string,
    custom: Record<string, string>,
    scoreMaximum: number,
    id = `link-${randomUUID().slice(0, 8)}`,
  ): SandboxLink {
    const lineItemId = `li-${randomUUID().slice(0, 8)}`;
    this.lineItems.set(lineItemId, { id: lineItemId, label: title, scoreMaximum, resourceLinkId: id });
    const link = { id, title, custom, lineItemId };
    this.links.set(id, link);
    return link;
  }

  /** Starts a launch; launches abandoned for ten minutes are dropped, so the map cannot grow without bound. */
  addPendingLaunch(hint: string, launch: Omit<PendingLaunch, 'startedAt'>, now = Date.now()): void {
    for (const [key, pending] of this.pendingLaunches) {
      if (now - pending.startedAt <= PENDING_LAUNCH_MS) break; // insertion order: the rest are newer
      this.pendingLaunches.delete(key);
    }
    this.pendingLaunches.set(hint, { ...launch, startedAt: now });
  }

  /** The launch a login request names, if it was started here less than ten minutes ago. */
  pendingLaunch(hint: string, now = Date.now()): PendingLaunch | undefined {
    const launch = this.pendingLaunches.get(hint);
    return launch && now - launch.startedAt <= PENDING_LAUNCH_MS ? launch : undefined;
  }

  /** Issues an access token, dropping expired ones. */
  addAccessToken(token: string, scope: string[], expiresAt: number, now = Date.now()): void {
    for (const [t, grant] of this.accessTokens) if (grant.expiresAt < now) this.accessTokens.delete(t);
    this.accessTokens.set(token, { scope, expiresAt });
  }

  /** An LMS administrator revoking every token the tool holds (or an LMS that lost them). */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Records a score as the gradebook's latest for the user, counting every post received. */
  recordScore(lineItemId: string, score: SandboxScore): SandboxScore {
    const book = this.scores.get(lineItemId) ?? new Map<string, SandboxScore>();
    const received = (book.get(score.userId)?.received ?? 0) + 1;
    const recorded = { ...score, received };
    book.set(score.userId, recorded);
    this.scores.set(lineItemId, book);
    return recorded;
  }

  toSaved(): SavedSandboxState {
    return {
      ...(this.registration ? { registration: this.registration } : {}),
      links: [...this.links.values()],
      lineItems: [...this.lineItems.values()],
      scores: [...this.scores].map(([lineItemId, book]) => ({ lineItemId, scores: [...book.values()] })),
      accessTokens: [...this.accessTokens].map(([token, grant]) => ({ token, ...grant })),
    };
  }
}
