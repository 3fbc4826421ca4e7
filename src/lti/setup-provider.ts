import type { Response } from 'express';
import type { AppConfig } from '../config.ts';
import { renderHtml } from '../render/html.ts';
import { loadLtiProvider, type LtiProvider } from './ltijs.ts';
import { dynamicRegistrationHandler } from './dynamic-registration.ts';
import { forwardAsyncRejections } from './forward-async-rejections.ts';
import { isStoreFailure } from '../store/store-failure.ts';
import { isStoreFailureMessage, type LtijsDatabase } from './ltijs-database.ts';

export const LTI_ROUTES = {
  launch: '/lti/launch',
  login: '/lti/login',
  keys: '/lti/keys',
  register: '/lti/register',
} as const;

/**
 * Where ltijs keeps its records: through the app's own connection (the plugin: the app and its
 * CLI), or ltijs' built-in Database with a connection of its own (stock ltijs: bench's floor).
 */
export type LtiDatabase = { plugin: LtijsDatabase } | { url: string };

/** What a launch, a login or an instructor's page answers while the store fails (ltijs' records or ours). */
export const STORE_FAILURE_PAGE_TEXT =
  'The tool cannot use its database right now, so the activity cannot open. Open the activity again in a moment.';

/** The page a login, a launch or ltijs' own handlers answer while the store fails: come back in a moment. */
export function sendStoreFailurePage(res: Response, errorPage: (status: number, message: string) => string): void {
  res.status(503).set('Retry-After', '5').type('html').send(errorPage(503, STORE_FAILURE_PAGE_TEXT));
}

export interface SetupLtiOptions {
  config: AppConfig;
  database: LtiDatabase;
  ltiKey: string;
  log?: (line: string) => void;
  /** The page ltijs' refusals answer with (web/launch-pages.ts); plain text where no one sees it (the CLI). */
  errorPage?: (status: number, message: string) => string;
}

/**
 * Configures ltijs (signature, nonce, state, iss/aud and deployment checks all stay in ltijs) and
 * mounts it serverless, so our express app owns the listening socket.
 */
export async function setupLtiProvider({
  config,
  database,
  ltiKey,
  log = () => undefined,
  errorPage = (_status, message) => renderHtml(message),
}: SetupLtiOptions): Promise<LtiProvider> {
  const lti = loadLtiProvider();
  // Before deploy: ltijs' deploy exits the process when its database's setup fails.
  if ('plugin' in database) await database.plugin.prepare();
  lti.setup(
    ltiKey,
    'plugin' in database
      ? { plugin: database.plugin }
      : { url: database.url, connection: { serverSelectionTimeoutMS: 5000, maxPoolSize: 20 } },
    {
      appRoute: LTI_ROUTES.launch,
      loginRoute: LTI_ROUTES.login,
      keysetRoute: LTI_ROUTES.keys,
      dynRegRoute: LTI_ROUTES.register,
      // Inside an LMS iframe the tool is a third party: cookies must be SameSite=None; Secure (and
      // Partitioned, added by partitioned-cookies.ts: ltijs passes only secure/sameSite/domain).
      // Plain http (development) cannot set those, so ltijs' dev mode skips the cookie check there.
      cookies: config.crossSiteCookies ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
      devMode: !config.crossSiteCookies,
      // Moodle's launch id_token is valid for 60 s; ltijs' default of 10 s rejects slow networks.
      tokenMaxAge: 60,
      dynReg: {
        url: config.baseUrl,
        name: 'exam-variants',
        description: 'Seeded, auto-graded exam variants for quantitative courses',
        redirectUris: [`${config.baseUrl}${LTI_ROUTES.launch}`],
        customParameters: {},
        autoActivate: true,
        useDeepLinking: true,
      },
    },
  );
  const reject =
    (status: number, message: string) =>
    (_req: unknown, res: Response): unknown => {
      // ltijs reports a failure of its records (lti/ltijs-database.ts) as an invalid token or session.
      if (isStoreFailureMessage(ltijsFailure(res))) return sendStoreFailurePage(res, errorPage);
      return res.status(status).type('html').send(errorPage(status, message));
    };
  lti.onInvalidToken(
    reject(
      401,
      'The LMS launch could not be verified (invalid, expired or replayed token). Open the activity again from your course.',
    ),
  );
  lti.onSessionTimeout(reject(401, 'Your session has expired. Open the activity again from your course.'));
  lti.onUnregisteredPlatform(
    reject(400, 'This LMS is not registered with the tool. Ask your LMS administrator to register it.'),
  );
  lti.onInactivePlatform(reject(401, 'This LMS registration is not activated yet.'));
  lti.onDynamicRegistration(
    dynamicRegistrationHandler(lti, { launchUrl: `${config.baseUrl}${LTI_ROUTES.launch}`, name: 'exam-variants', log }),
  );
  await lti.deploy({ serverless: true, silent: true });
  forwardAsyncRejections(lti.app);
  // Behind ltijs' own handlers only (the app's routes mounted later have the app's error handler):
  // nothing was typed yet, so a launch or login is told to come back, not "Not saved".
  lti.app.use((error: unknown, _req: unknown, res: Response, next: (error: unknown) => void) => {
    if (!isStoreFailure(error) || res.headersSent) return next(error);
    log(`ltijs: the store failed: ${error instanceof Error ? error.message : String(error)}`);
    sendStoreFailurePage(res, errorPage);
  });
  return lti;
}

/** The message of the failure ltijs passes to its error handlers (res.locals.err), if any. */
function ltijsFailure(res: Response): unknown {
  const err = (res.locals as { err?: { details?: { message?: unknown } } }).err;
  return err?.details?.message;
}
