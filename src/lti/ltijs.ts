import { createRequire } from 'node:module';
import type { Express, Request, Response, NextFunction } from 'express';
import type { LaunchClaims } from './launch-claims.ts';
import { installJwtSecretKeys } from './jwt-secret-keys.ts';

/** The ltijs id token as it puts it on res.locals.token, once its claims are checked (launch-claims.ts). */
export type LtiIdToken = LaunchClaims;

/** One member of an NRPS membership container (LTI NRPS 2.0), the fields the tool reads. */
export interface NrpsMember {
  user_id: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  roles?: string[];
  status?: string;
}

export interface PlatformRegistration {
  url: string;
  name: string;
  clientId: string;
  authenticationEndpoint: string;
  accesstokenEndpoint: string;
  authConfig: { method: 'JWK_SET' | 'JWK_KEY' | 'RSA_KEY'; key: string };
}

export interface LtiPlatform {
  platformUrl(): Promise<string>;
  platformClientId(): Promise<string>;
  platformName(): Promise<string>;
  platformAuthenticationEndpoint(): Promise<string>;
  platformAccessTokenEndpoint(): Promise<string>;
  /** The audience of the client assertion for the token endpoint; given a value, stores it. */
  platformAuthorizationServer(set?: string): Promise<string>;
  platformAuthConfig(): Promise<{ method: string; key: string }>;
  platformKid(): Promise<string>;
  /** Given a value, stores it. */
  platformActive(active?: boolean): Promise<boolean>;
  /** ltijs keeps the token in its database until it expires; it signs the client assertion itself. */
  platformAccessToken(
    scopes: string,
  ): Promise<{ access_token: string; token_type: string; expires_in?: number | string }>;
  platformStatus?(): Promise<string>;
  platformJSON(): Promise<Record<string, unknown>>;
  remove(): Promise<boolean>;
}

/** ltijs hands over its token unchecked: parse it (launch-claims.ts) before reading it. */
type Handler = (token: unknown, req: Request, res: Response, next: NextFunction) => unknown;
type ErrorHandler = (req: Request, res: Response) => unknown;

/** ltijs ships no type declarations; this is the part of its Provider API the tool uses. */
export interface LtiProvider {
  setup(
    encryptionKey: string,
    /** ltijs' built-in Database on a connection of its own, or a plugin (lti/ltijs-database.ts). */
    database: { url: string; connection?: Record<string, unknown> } | { plugin: object },
    options: Record<string, unknown>,
  ): LtiProvider;
  deploy(options: { serverless?: boolean; silent?: boolean; port?: number }): Promise<boolean>;
  close(options?: { silent?: boolean }): Promise<boolean>;
  app: Express;
  onConnect(handler: Handler): void;
  onDeepLinking(handler: Handler): void;
  onInvalidToken(handler: ErrorHandler): void;
  onSessionTimeout(handler: ErrorHandler): void;
  onUnregisteredPlatform(handler: ErrorHandler): void;
  onInactivePlatform(handler: ErrorHandler): void;
  onDynamicRegistration(handler: (req: Request, res: Response, next: NextFunction) => unknown): void;
  /** Present when set up with `dynReg`. `options` is deep-merged into the registration request (arrays replaced). */
  DynamicRegistration?: {
    register(
      openidConfiguration: string,
      registrationToken: string | undefined,
      options?: Record<string, unknown>,
    ): Promise<string>;
  };
  whitelist(...routes: Array<string | RegExp | { route: string | RegExp; method: string }>): void;
  registerPlatform(platform: PlatformRegistration): Promise<LtiPlatform>;
  /** ltijs' own calls pass its key and database after these (remember-platforms.ts forwards them). */
  getPlatform(url: string, clientId?: string, ...internal: unknown[]): Promise<LtiPlatform | LtiPlatform[] | false>;
  deletePlatform(url: string, clientId: string): Promise<boolean>;
  getAllPlatforms(): Promise<LtiPlatform[]>;
  redirect(res: Response, path: string, options?: { newResource?: boolean }): Promise<void>;
  appRoute(): string;
  loginRoute(): string;
  keysetRoute(): string;
  dynRegRoute(): string;
  Grade: {
    submitScore(
      idtoken: GradeTarget,
      lineItemId: string,
      score: Record<string, unknown>,
    ): Promise<Record<string, unknown>>;
    getScores(
      idtoken: GradeTarget,
      lineItemId: string,
      options?: Record<string, unknown>,
    ): Promise<{ scores: Array<Record<string, unknown>> }>;
  };
  NamesAndRoles: {
    /** `pages`: at most that many pages of members (ltijs follows the LMS's rel="next" links). */
    getMembers(
      idtoken: LtiIdToken,
      options?: { role?: string; pages?: number | false; limit?: number },
    ): Promise<{ members?: NrpsMember[]; next?: string }>;
  };
  DeepLinking: {
    createDeepLinkingForm(
      idtoken: LtiIdToken,
      contentItems: Array<Record<string, unknown>>,
      options?: Record<string, unknown>,
    ): Promise<string>;
  };
  Database: {
    Get(key: unknown, collection: string, query: Record<string, unknown>): Promise<unknown[] | false>;
    /** Removes matching documents of one of ltijs' collections (e.g. a stored access token). */
    Delete(collection: string, query: Record<string, unknown>): Promise<boolean>;
  };
}

/** What ltijs' grade service needs to find the platform and its token endpoint without a live launch. */
export interface GradeTarget {
  iss: string;
  clientId: string;
  user: string;
}

const require = createRequire(import.meta.url);

/** ltijs exports one Provider per process (a singleton); one tool app per process follows from that. */
export function loadLtiProvider(): LtiProvider {
  // Before ltijs is loaded: its session tokens are signed and checked with a KeyObject (jwt-secret-keys.ts).
  installJwtSecretKeys();
  return (require('ltijs') as { Provider: LtiProvider }).Provider;
}
