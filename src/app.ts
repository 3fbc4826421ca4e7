import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { AppConfig } from './config.ts';
import type { LtiProvider } from './lti/ltijs.ts';
import { canvasConfiguration } from './web/canvas-config.ts';
import { errorHandler } from './web/error-handler.ts';
import { partitionedCookies } from './lti/partitioned-cookies.ts';
import { keysetWithLastKnown } from './lti/keyset-last-known.ts';
import { LTI_ROUTES } from './lti/setup-provider.ts';
import { healthRoutes } from './web/health-routes.ts';
import { makeScriptNonce, scriptSources } from './lib/script-nonce.ts';
import type { StoreHealth } from './store/store-health.ts';

export interface AppParts {
  config: AppConfig;
  lti: LtiProvider;
  /** Routes that need a verified LTI session, mounted on ltijs' own app (it checks the ltik). */
  ltiRoutes: Router;
  /** Routes that check the learner session themselves (learner-session.ts); mounted before ltijs. */
  learnerRoutes?: Router;
  /** Routes open to anyone (sandbox LMS, health); mounted before ltijs. */
  publicRoutes?: Router;
  /**
   * Services other servers call (the sandbox LMS's token, AGS and NRPS endpoints): answered before
   * the page middleware, whose nonce and Content-Security-Policy only a document uses. They set
   * their own headers.
   */
  serviceRoutes?: Router;
  /** Runs before ltijs on its login and launch routes (launch-binding.ts). */
  launchBinding?: Router;
  /** Whether the store accepts a durable write now (/health, /ready). */
  storeHealth: () => Promise<StoreHealth>;
  log: (line: string) => void;
}

const require = createRequire(import.meta.url);
const KATEX_DIST = dirname(require.resolve('katex/dist/katex.min.css'));
/** The pages' own scripts (plain browser JavaScript, no build step). */
const PAGE_ASSETS = fileURLToPath(new URL('./web/assets/', import.meta.url));

/** Builds the app without listening, so tests drive it in-process and the server decides the socket. */
export function createApp({
  config,
  lti,
  ltiRoutes,
  learnerRoutes,
  publicRoutes,
  serviceRoutes,
  launchBinding,
  storeHealth,
  log,
}: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  if (config.production) app.set('trust proxy', 1);
  if (serviceRoutes) app.use(serviceRoutes);
  if (config.crossSiteCookies) app.use(partitionedCookies());
  app.use(makeScriptNonce);
  app.use(
    helmet({
      // The tool lives in the LMS's iframe: no X-Frame-Options, and any LMS may frame it.
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          // KaTeX places every glyph with a style attribute, and the printed sheet carries its own
          // stylesheet so that it prints alone: inline styles stay allowed, scripts do not.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          // The auto-posting LTI forms go to the LMS's own origin.
          'form-action': ['*'],
          'frame-ancestors': ['*'],
          'script-src': scriptSources,
          'upgrade-insecure-requests': config.production ? [] : null,
        },
      },
      hsts: config.production,
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );
  app.use(healthRoutes(storeHealth));
  // The LMS checks every access-token request against this keyset: it must answer while the store is away.
  app.get(LTI_ROUTES.keys, keysetWithLastKnown());
  app.get('/lti/canvas.json', (_req, res) => {
    res.json(canvasConfiguration(config));
  });
  app.use('/assets/katex', express.static(KATEX_DIST, { maxAge: '7d', index: false }));
  // Short cache: a deploy changes the script and pages must not pair with an old one for long.
  app.use('/assets/app', express.static(PAGE_ASSETS, { maxAge: '10m', index: false }));
  // Browsers ask for it on every page of the tool; without it each page logged a 401 (no session).
  app.get('/favicon.ico', (_req, res) => {
    res.sendFile('favicon.ico', { root: PAGE_ASSETS, maxAge: '7d' });
  });
  // Everything below is per person: a learner's answers and session, scores, answer keys. Neither
  // the browser (a shared lab computer, the back button after a submit) nor a proxy keeps a copy,
  // and without caching an ETag (a hash of every body) is work for nothing.
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (publicRoutes) app.use(publicRoutes);
  app.get('/', (_req, res) => {
    res.redirect(config.sandbox ? '/sandbox' : '/lti/keys');
  });
  if (learnerRoutes) app.use(learnerRoutes);
  if (launchBinding) app.use(launchBinding);
  // ltijs' own express app answers the instructor's pages: the same rule there.
  lti.app.set('etag', false);
  lti.app.use(ltiRoutes);
  lti.app.use(errorHandler(log));
  app.use(lti.app);
  app.use(errorHandler(log));
  return app;
}
