import { z } from 'zod';

/** Configuration from the environment, validated where it enters; defaults make `npm start` work as is. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().optional(),
  BASE_URL: z.string().url().optional(),
  MONGODB_URI: z.string().min(1).optional(),
  DATA_DIR: z.string().default('./data'),
  /** Encrypts ltijs' stored platform keys and signs its ltik tokens; shared by every instance. */
  LTI_KEY: z.string().min(16).optional(),
  /** Derives each learner's variant seed; shared by every instance, never sent to browsers. */
  SEED_SECRET: z.string().min(16).optional(),
  SANDBOX: z.enum(['on', 'off']).optional(),
  /**
   * cross-site: the tool is a third party in the LMS frame (cookies SameSite=None; Secure;
   * Partitioned, every cookie required); same-site: plain-http development, cookies optional.
   * Default: cross-site in production, same-site otherwise.
   */
  LTI_COOKIES: z.enum(['cross-site', 'same-site']).optional(),
  /** Where the sandbox LMS says it lives (its issuer); another host than BASE_URL puts the tool on another site, as in a real LMS. */
  SANDBOX_BASE_URL: z.string().url().optional(),
});

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  baseUrl: string;
  mongodbUri: string | undefined;
  dataDir: string;
  ltiKey: string | undefined;
  seedSecret: string | undefined;
  sandbox: boolean;
  /** The tool's cookies are third-party in the LMS frame (see LTI_COOKIES). */
  crossSiteCookies: boolean;
  sandboxBaseUrl: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set" (docker-compose and shells produce them).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`environment ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && (!e.LTI_KEY || !e.SEED_SECRET)) {
    throw new ConfigError(
      'environment LTI_KEY and SEED_SECRET: required in production (at least 16 characters each, the same on every instance)',
    );
  }
  const host = e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1');
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    production,
    port: e.PORT,
    host,
    baseUrl,
    mongodbUri: e.MONGODB_URI,
    dataDir: e.DATA_DIR,
    ltiKey: e.LTI_KEY,
    seedSecret: e.SEED_SECRET,
    // The sandbox LMS is a development tool: never on in production, whatever SANDBOX says.
    sandbox: !production && e.SANDBOX !== 'off',
    crossSiteCookies: (e.LTI_COOKIES ?? (production ? 'cross-site' : 'same-site')) === 'cross-site',
    sandboxBaseUrl: (e.SANDBOX_BASE_URL ?? baseUrl).replace(/\/$/, ''),
  };
}
