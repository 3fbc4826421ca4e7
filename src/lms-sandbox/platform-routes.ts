import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';
import { escapeHtml } from '../render/escape-html.ts';
import type { SigningKey } from './keys.ts';
import { DEMO_COURSE, DEMO_USERS, findSandboxUser, type SandboxScore, type SandboxState } from './state.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const AGS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
];
const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const SERVICE_SCOPES = [...AGS_SCOPES, NRPS_SCOPE];
const ROLE_URIS = {
  learner: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
  instructor: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
};

export interface FaultInjection {
  /** Answer the next `count` AGS score posts with this status (simulates an LMS outage). */
  agsFailure: { status: number; body: string; count: number } | null;
  /** Misbehaving launches, for the tool's security tests: expired, wrong audience, unknown deployment. */
  idToken: {
    lifetimeSeconds?: number;
    audience?: string;
    deploymentId?: string;
    nonce?: string;
    /** Claims to set (or replace) in the id_token: a platform that sends a claim in a shape the tool cannot read. */
    claims?: Record<string, unknown>;
  } | null;
  /** Answer roster (NRPS) requests with this status instead of the members. */
  rosterFailure: { status: number; body: string } | null;
  /**
   * Launch as a second registration of the tool in this LMS: another client id, every other id
   * (issuer, deployment, course, link) the same, as two Moodle sites with small integer ids give.
   */
  alternateClientId: string | null;
}

export interface PlatformDeps {
  issuer: string;
  state: SandboxState;
  key: SigningKey;
  faults: FaultInjection;
  /** Launch id_tokens live 60 s, as Moodle's. */
  tokenLifetimeSeconds: number;
  /** Keeps the state in the data folder; called after every change, before the answer. */
  persist: () => void;
}

class SandboxError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function autoPostForm(action: string, fields: Record<string, string>, title: string): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><form id="f" method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.getElementById('f').submit()</script></body></html>`;
}

/** The LTI 1.3 platform endpoints: OIDC login, token, registration, AGS and deep-linking return. */
export function platformRoutes(deps: PlatformDeps): Router {
  const { issuer, state, key, faults, persist } = deps;
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));
  router.use(express.json({ limit: '100kb', type: ['application/json', 'application/*+json'] }));
  const toolJwks = () => {
    if (!state.registration) throw new SandboxError(400, 'no tool is registered with the sandbox');
    return createRemoteJWKSet(new URL(state.registration.jwksUri));
  };

  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({
      issuer,
      authorization_endpoint: `${issuer}/auth`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      registration_endpoint: `${issuer}/register`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', ...SERVICE_SCOPES],
      response_types_supported: ['id_token'],
      id_token_signing_alg_values_supported: ['RS256'],
      subject_types_supported: ['public', 'pairwise'],
      claims_supported: ['sub', 'iss', 'name', 'given_name', 'family_name', 'email', 'locale'],
      'https://purl.imsglobal.org/spec/lti-platform-configuration': {
        product_family_code: 'exam-variants-sandbox',
        version: '1.0',
        messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
      },
    });
  });

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [key.publicJwk] });
  });

  router.post('/register', (req: Request, res: Response) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.registrationTokens.delete(token))
      throw new SandboxError(401, 'registration token missing or already used');
    const body = req.body as Record<string, unknown>;
    const config = (body['https://purl.imsglobal.org/spec/lti-tool-configuration'] ?? {}) as Record<string, unknown>;
    const jwksUri = String(body.jwks_uri ?? '');
    const initiateLoginUri = String(body.initiate_login_uri ?? '');
    const redirectUris = Array.isArray(body.redirect_uris) ? body.redirect_uris.map(String) : [];
    if (!jwksUri || !initiateLoginUri || redirectUris.length === 0)
      throw new SandboxError(400, 'jwks_uri, initiate_login_uri and redirect_uris are required');
    const clientId = `sandbox-${randomUUID().slice(0, 8)}`;
    const deploymentId = 'sandbox-deployment-1';
    state.registration = {
      clientId,
      deploymentId,
      jwksUri,
      initiateLoginUri,
      redirectUris,
      targetLinkUri: String(config.target_link_uri ?? redirectUris[0]),
      name: String(body.client_name ?? 'tool'),
    };
    persist();
    res.json({
      ...body,
      client_id: clientId,
      'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...config, deployment_id: deploymentId },
    });
  });

  const authorize = async (req: Request, res: Response) => {
    const p = { ...(req.query as Record<string, string>), ...((req.body as Record<string, string>) ?? {}) };
    const reg = state.registration;
    if (!reg || (p.client_id !== reg.clientId && p.client_id !== faults.alternateClientId))
      throw new SandboxError(400, 'unknown client_id');
    const clientId = String(p.client_id);
    if (!reg.redirectUris.includes(String(p.redirect_uri)))
      throw new SandboxError(400, 'redirect_uri is not registered for this tool');
    if (p.response_type !== 'id_token' || p.scope !== 'openid' || !p.nonce)
      throw new SandboxError(400, 'expected response_type=id_token, scope=openid and a nonce');
    const launch = state.pendingLaunch(String(p.lti_message_hint));
    const user = findSandboxUser(p.login_hint);
    if (!launch || !user || launch.userId !== user.id)
      throw new SandboxError(400, 'login_hint / lti_message_hint do not match a launch started here');
    const link = launch.linkId ? state.links.get(launch.linkId) : undefined;
    const lifetime = faults.idToken?.lifetimeSeconds ?? deps.tokenLifetimeSeconds;
    // An expired token is also issued in the past, as a replayed old one would be.
    const now = Math.floor(Date.now() / 1000) - (lifetime < 0 ? 300 : 0);
    const claims: Record<string, unknown> = {
      nonce: faults.idToken?.nonce ?? p.nonce,
      azp: clientId,
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      locale: user.locale,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: faults.idToken?.deploymentId ?? reg.deploymentId,
      [`${LTI}roles`]: ROLE_URIS[user.role],
      [`${LTI}context`]: { ...DEMO_COURSE, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [`${LTI}tool_platform`]: {
        guid: 'exam-variants-sandbox',
        name: 'Sandbox LMS',
        product_family_code: 'exam-variants-sandbox',
      },
      [`${LTI}launch_presentation`]: { locale: user.locale, document_target: 'iframe', return_url: `${issuer}/` },
    };
    if (launch.type === 'deeplink') {
      claims[`${LTI}message_type`] = 'LtiDeepLinkingRequest';
      claims[`${LTI}target_link_uri`] = reg.targetLinkUri;
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${issuer}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: false,
        auto_create: true,
        data: randomUUID(),
      };
    } else {
      if (!link) throw new SandboxError(404, 'no such activity in the demo course');
      claims[`${LTI}message_type`] = 'LtiResourceLinkRequest';
      claims[`${LTI}target_link_uri`] = reg.targetLinkUri;
      claims[`${LTI}resource_link`] = { id: link.id, title: link.title };
      claims[`${LTI}custom`] = link.custom;
      claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] = {
        scope: AGS_SCOPES,
        lineitems: `${issuer}/ags/${DEMO_COURSE.id}/lineitems?type_id=1`,
        // Moodle-style: the line item URL carries a query string.
        lineitem: `${issuer}/ags/${DEMO_COURSE.id}/lineitems/${link.lineItemId}/lineitem?type_id=1`,
      };
      claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] = {
        context_memberships_url: `${issuer}/nrps/${DEMO_COURSE.id}/memberships`,
        service_versions: ['2.0'],
      };
    }
    Object.assign(claims, faults.idToken?.claims ?? {});
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(faults.idToken?.audience ?? clientId)
      .setSubject(user.id)
      .setIssuedAt(now)
      .setExpirationTime(now + Math.max(lifetime, 1))
      .sign(key.privateKey);
    res
      .type('html')
      .send(autoPostForm(String(p.redirect_uri), { id_token: idToken, state: String(p.state ?? '') }, 'Launching…'));
  };
  router.get('/auth', authorize);
  router.post('/auth', authorize);

  router.post('/token', async (req: Request, res: Response) => {
    const body = req.body as Record<string, string>;
    if (
      body.grant_type !== 'client_credentials' ||
      body.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const reg = state.registration;
    try {
      const { payload } = await jwtVerify(String(body.client_assertion), toolJwks(), {
        audience: [`${issuer}/token`, issuer],
        issuer: reg?.clientId ?? '',
        subject: reg?.clientId ?? '',
      });
      if (!payload.jti) throw new Error('jti required');
    } catch (error) {
      res.status(401).json({
        error: 'invalid_client',
        error_description: error instanceof Error ? error.message : 'invalid assertion',
      });
      return;
    }
    const scope = String(body.scope ?? '')
      .split(' ')
      .filter((s) => SERVICE_SCOPES.includes(s));
    const token = randomUUID();
    state.addAccessToken(token, scope, Date.now() + 3_600_000);
    persist();
    res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: scope.join(' ') });
  });

  const requireScope = (req: Request, scope: string): void => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? state.accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt < Date.now()) throw new SandboxError(401, 'missing or expired access token');
    if (
      !grant.scope.includes(scope) &&
      !(scope.endsWith('.readonly') && grant.scope.includes(scope.replace('.readonly', '')))
    )
      throw new SandboxError(403, `token lacks scope ${scope}`);
  };

  const lineItemJson = (id: string) => {
    const li = state.lineItems.get(id);
    if (!li) throw new SandboxError(404, 'no such line item');
    return {
      id: `${issuer}/ags/${DEMO_COURSE.id}/lineitems/${li.id}/lineitem?type_id=1`,
      label: li.label,
      scoreMaximum: li.scoreMaximum,
      resourceLinkId: li.resourceLinkId,
      ...(li.resourceId ? { resourceId: li.resourceId } : {}),
    };
  };

  router.get('/ags/:ctx/lineitems', (req, res) => {
    requireScope(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly');
    res
      .type('application/vnd.ims.lis.v2.lineitemcontainer+json')
      .send(JSON.stringify([...state.lineItems.keys()].map(lineItemJson)));
  });

  router.get('/ags/:ctx/lineitems/:id/lineitem', (req, res) => {
    requireScope(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly');
    res.type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(lineItemJson(String(req.params.id))));
  });

  router.post('/ags/:ctx/lineitems/:id/lineitem/scores', (req, res) => {
    requireScope(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/score');
    if (faults.agsFailure && faults.agsFailure.count > 0) {
      faults.agsFailure.count--;
      res.status(faults.agsFailure.status).send(faults.agsFailure.body);
      return;
    }
    if (req.query.type_id !== '1') throw new SandboxError(400, 'the line item query string (type_id) was lost');
    const id = String(req.params.id);
    if (!state.lineItems.has(id)) throw new SandboxError(404, 'no such line item');
    const score = req.body as SandboxScore;
    const user = findSandboxUser(score.userId);
    if (!user || user.role !== 'learner')
      throw new SandboxError(400, 'User cannot be graded: not enrolled as a student');
    if (!score.activityProgress || !score.gradingProgress || !score.timestamp)
      throw new SandboxError(400, 'activityProgress, gradingProgress and timestamp are required');
    state.recordScore(id, score);
    // Kept before it is acknowledged, as an LMS does: a 204 is a grade that survives a restart.
    persist();
    res.status(204).end();
  });

  router.get('/ags/:ctx/lineitems/:id/lineitem/results', (req, res) => {
    requireScope(req, 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly');
    const id = String(req.params.id);
    const li = state.lineItems.get(id);
    if (!li) throw new SandboxError(404, 'no such line item');
    const results = [...(state.scores.get(id)?.values() ?? [])].map((s) => ({
      id: `${issuer}/ags/results/${id}/${s.userId}`,
      scoreOf: lineItemJson(id).id,
      userId: s.userId,
      resultScore: s.scoreGiven,
      resultMaximum: s.scoreMaximum,
    }));
    res.type('application/vnd.ims.lis.v2.resultcontainer+json').send(JSON.stringify(results));
  });

  // NRPS 2.0: the demo course's members (the named demo users), filtered by role if asked.
  router.get('/nrps/:ctx/memberships', (req, res) => {
    requireScope(req, NRPS_SCOPE);
    if (faults.rosterFailure) {
      res.status(faults.rosterFailure.status).send(faults.rosterFailure.body);
      return;
    }
    if (req.params.ctx !== DEMO_COURSE.id) throw new SandboxError(404, 'no such course');
    const role = typeof req.query.role === 'string' ? req.query.role : undefined;
    const members = DEMO_USERS.map((u) => ({
      status: 'Active',
      name: u.name,
      given_name: u.givenName,
      family_name: u.familyName,
      email: u.email,
      user_id: u.id,
      roles: ROLE_URIS[u.role],
    })).filter((m) => !role || m.roles.some((r) => r === role || r.endsWith(`#${role}`)));
    res
      .type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json')
      .send(JSON.stringify({ id: `${issuer}/nrps/${DEMO_COURSE.id}/memberships`, context: DEMO_COURSE, members }));
  });

  router.post('/deep-link-return', async (req: Request, res: Response) => {
    const reg = state.registration;
    const { payload } = await jwtVerify(String((req.body as Record<string, string>).JWT ?? ''), toolJwks(), {
      audience: issuer,
      issuer: reg?.clientId ?? '',
    }).catch(() => {
      throw new SandboxError(400, 'the deep-linking response JWT is invalid');
    });
    const items = (payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] ?? []) as Array<
      Record<string, unknown>
    >;
    const added = items
      .filter((i) => i.type === 'ltiResourceLink')
      .map((i) => {
        const lineItem = (i.lineItem ?? {}) as { scoreMaximum?: number };
        return state.addLink(
          String(i.title ?? 'Activity'),
          (i.custom ?? {}) as Record<string, string>,
          Number(lineItem.scoreMaximum ?? 100),
        );
      });
    persist();
    res.redirect(303, `${issuer}/?added=${encodeURIComponent(added.map((l) => l.title).join(', '))}`);
  });

  router.use((error: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (error instanceof SandboxError) {
      res.status(error.status).type('text/plain').send(error.message);
      return;
    }
    next(error);
  });

  return router;
}
