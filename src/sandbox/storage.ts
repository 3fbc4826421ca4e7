import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The platform's RS256 key pair, as PEM so it survives a restart byte for byte. */
export interface StoredSigningKey {
  kid: string;
  privatePem: string;
  publicPem: string;
  createdAt: number;
}

/** What a tool told us about itself in dynamic registration, plus the ids we gave it. */
export interface ToolRegistration {
  clientId: string;
  deploymentId: string;
  clientName: string;
  initiateLoginUri: string;
  redirectUris: string[];
  jwksUri: string;
  targetLinkUri: string;
  /** Where the tool wants deep-linking requests; falls back to targetLinkUri. */
  deepLinkingUri?: string;
  /** Scopes granted at registration (a subset of what the tool asked for and we support). */
  scopes: string[];
  customParameters: Record<string, string>;
  messageTypes: string[];
  createdAt: number;
}

/** An activity in the demo course: what a student clicks to launch the tool. */
export interface ResourceLink {
  id: string;
  contextId: string;
  clientId: string;
  title: string;
  /** The tool URL to launch (from the deep-linking content item); registration's targetLinkUri when absent. */
  url?: string;
  custom: Record<string, string>;
  lineItemId?: string;
  createdAt: number;
}

export interface LineItem {
  id: string;
  contextId: string;
  /** The tool that created it (or whose activity it grades); AGS only shows a tool its own items. */
  clientId: string;
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
  gradesReleased?: boolean;
  createdAt: number;
}

export type ActivityProgress = 'Initialized' | 'Started' | 'InProgress' | 'Submitted' | 'Completed';
export type GradingProgress = 'FullyGraded' | 'Pending' | 'PendingManual' | 'Failed' | 'NotReady';

/** The latest score a tool posted for one user on one line item (the platform keeps only the latest). */
export interface StoredScore {
  lineItemId: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  /** The tool's own timestamp (ISO 8601); later posts must not go back in time. */
  timestamp: string;
  receivedAt: number;
}

/** A launch the sandbox page started; the lti_message_hint points to it. */
export interface PendingLaunch {
  id: string;
  clientId: string;
  userId: string;
  role: 'Learner' | 'Instructor';
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  contextId: string;
  resourceLinkId?: string;
  expiresAt: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
}

/**
 * Everything the sandbox platform remembers. Async so a database-backed implementation can slot in;
 * the in-memory one below is the default and the file one keeps state across `npm start` restarts.
 */
export interface SandboxStorage {
  getSigningKey(): Promise<StoredSigningKey | undefined>;
  saveSigningKey(key: StoredSigningKey): Promise<void>;

  saveRegistration(registration: ToolRegistration): Promise<void>;
  getRegistration(clientId: string): Promise<ToolRegistration | undefined>;
  listRegistrations(): Promise<ToolRegistration[]>;

  /** One-time bearer tokens for the registration endpoint; the value is filled with the client id once used. */
  saveRegistrationToken(token: string, expiresAt: number): Promise<void>;
  /** Marks the token used by clientId; false when unknown, expired or already used. */
  consumeRegistrationToken(token: string, clientId: string, now: number): Promise<boolean>;
  /** The client id that used the token, once it has been used. */
  registrationForToken(token: string): Promise<string | undefined>;

  saveResourceLink(link: ResourceLink): Promise<void>;
  getResourceLink(id: string): Promise<ResourceLink | undefined>;
  listResourceLinks(contextId: string): Promise<ResourceLink[]>;

  saveLineItem(item: LineItem): Promise<void>;
  getLineItem(id: string): Promise<LineItem | undefined>;
  listLineItems(contextId: string): Promise<LineItem[]>;
  deleteLineItem(id: string): Promise<void>;

  saveScore(score: StoredScore): Promise<void>;
  getScore(lineItemId: string, userId: string): Promise<StoredScore | undefined>;
  listScores(lineItemId: string): Promise<StoredScore[]>;

  saveLaunch(launch: PendingLaunch): Promise<void>;
  getLaunch(id: string): Promise<PendingLaunch | undefined>;

  saveAccessToken(token: AccessToken): Promise<void>;
  getAccessToken(token: string): Promise<AccessToken | undefined>;

  /** Records a one-time value (client-assertion jti, deep-linking nonce); false if it was seen before. */
  useNonce(value: string, expiresAt: number, now: number): Promise<boolean>;
}

interface State {
  signingKey?: StoredSigningKey;
  registrations: Record<string, ToolRegistration>;
  registrationTokens: Record<string, { expiresAt: number; clientId?: string }>;
  resourceLinks: Record<string, ResourceLink>;
  lineItems: Record<string, LineItem>;
  /** Keyed by `${lineItemId}\n${userId}`. */
  scores: Record<string, StoredScore>;
  launches: Record<string, PendingLaunch>;
  accessTokens: Record<string, AccessToken>;
  nonces: Record<string, number>;
}

function emptyState(): State {
  return { registrations: {}, registrationTokens: {}, resourceLinks: {}, lineItems: {}, scores: {}, launches: {}, accessTokens: {}, nonces: {} };
}

const scoreKey = (lineItemId: string, userId: string) => `${lineItemId}\n${userId}`;

/** Copies on the way in and out so callers never mutate stored state by accident. */
const copy = <T>(value: T): T => structuredClone(value);

function stateStorage(state: State, changed: () => void): SandboxStorage {
  return {
    async getSigningKey() {
      return state.signingKey && copy(state.signingKey);
    },
    async saveSigningKey(key) {
      state.signingKey = copy(key);
      changed();
    },
    async saveRegistration(registration) {
      state.registrations[registration.clientId] = copy(registration);
      changed();
    },
    async getRegistration(clientId) {
      const found = Object.hasOwn(state.registrations, clientId) ? state.registrations[clientId] : undefined;
      return found && copy(found);
    },
    async listRegistrations() {
      return Object.values(state.registrations).map(copy).sort((a, b) => a.createdAt - b.createdAt);
    },
    async saveRegistrationToken(token, expiresAt) {
      state.registrationTokens[token] = { expiresAt };
      changed();
    },
    async consumeRegistrationToken(token, clientId, now) {
      const entry = Object.hasOwn(state.registrationTokens, token) ? state.registrationTokens[token] : undefined;
      if (!entry || entry.clientId !== undefined || entry.expiresAt <= now) return false;
      entry.clientId = clientId;
      changed();
      return true;
    },
    async registrationForToken(token) {
      return Object.hasOwn(state.registrationTokens, token) ? state.registrationTokens[token]?.clientId : undefined;
    },
    async saveResourceLink(link) {
      state.resourceLinks[link.id] = copy(link);
      changed();
    },
    async getResourceLink(id) {
      const found = Object.hasOwn(state.resourceLinks, id) ? state.resourceLinks[id] : undefined;
      return found && copy(found);
    },
    async listResourceLinks(contextId) {
      return Object.values(state.resourceLinks)
        .filter((l) => l.contextId === contextId)
        .map(copy)
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async saveLineItem(item) {
      state.lineItems[item.id] = copy(item);
      changed();
    },
    async getLineItem(id) {
      const found = Object.hasOwn(state.lineItems, id) ? state.lineItems[id] : undefined;
      return found && copy(found);
    },
    async listLineItems(contextId) {
      return Object.values(state.lineItems)
        .filter((i) => i.contextId === contextId)
        .map(copy)
        .sort((a, b) => a.createdAt - b.createdAt);
    },
    async deleteLineItem(id) {
      delete state.lineItems[id];
      for (const key of Object.keys(state.scores)) if (state.scores[key]?.lineItemId === id) delete state.scores[key];
      changed();
    },
    async saveScore(score) {
      state.scores[scoreKey(score.lineItemId, score.userId)] = copy(score);
      changed();
    },
    async getScore(lineItemId, userId) {
      const found = state.scores[scoreKey(lineItemId, userId)];
      return found && copy(found);
    },
    async listScores(lineItemId) {
      return Object.values(state.scores)
        .filter((s) => s.lineItemId === lineItemId)
        .map(copy);
    },
    async saveLaunch(launch) {
      prune(state.launches, (l) => l.expiresAt, launch.expiresAt - 24 * 3600_000);
      state.launches[launch.id] = copy(launch);
      changed();
    },
    async getLaunch(id) {
      const found = Object.hasOwn(state.launches, id) ? state.launches[id] : undefined;
      return found && copy(found);
    },
    async saveAccessToken(token) {
      prune(state.accessTokens, (t) => t.expiresAt, token.expiresAt - 24 * 3600_000);
      state.accessTokens[token.token] = copy(token);
      changed();
    },
    async getAccessToken(token) {
      const found = Object.hasOwn(state.accessTokens, token) ? state.accessTokens[token] : undefined;
      return found && copy(found);
    },
    async useNonce(value, expiresAt, now) {
      // Expired entries can go: a replay of them fails its own expiry check anyway.
      prune(state.nonces, (e) => e, now);
      if (Object.hasOwn(state.nonces, value)) return false;
      state.nonces[value] = expiresAt;
      changed();
      return true;
    },
  };
}

/** Drops entries that expired before `cutoff`, so long-running dev servers do not grow without bound. */
function prune<T>(record: Record<string, T>, expiresAt: (entry: T) => number, cutoff: number): void {
  for (const [key, entry] of Object.entries(record)) if (expiresAt(entry) < cutoff) delete record[key];
}

/** The default: everything in memory, gone when the process ends (tests). */
export function createMemoryStorage(): SandboxStorage {
  return stateStorage(emptyState(), () => undefined);
}

/**
 * Memory plus a JSON snapshot written after every change (write-then-rename, so a crash leaves the
 * old or the new file, never half of one). The sandbox sees a handful of requests a minute; a full
 * rewrite per change is simpler than a journal and cheap at that size.
 */
export function createFileStorage(path: string): SandboxStorage {
  let state = emptyState();
  try {
    state = { ...emptyState(), ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<State>) };
  } catch {
    // First start (or an unreadable file): begin empty; the first change writes a fresh file.
  }
  mkdirSync(dirname(path), { recursive: true });
  const write = () => {
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
    renameSync(temp, path);
  };
  return stateStorage(state, write);
}
