import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { DEMO_COURSE, findSandboxUser } from '../state.ts';
import { autoPostForm } from './auto-post-form.ts';
import { scriptNonce } from '../../lib/script-nonce.ts';
import type { PlatformDeps } from './platform-deps.ts';
import { parseFields, SandboxError } from './sandbox-error.ts';
import { AGS_SCOPES, ROLE_URIS } from './scopes.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** The OIDC authentication request's parameters (query or form post). */
const AuthRequestSchema = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  nonce: z.string().optional(),
  state: z.string().optional(),
  login_hint: z.string().optional(),
  lti_message_hint: z.string().optional(),
});

/** The OIDC authorization endpoint: checks the tool's login request and posts it a signed launch. */
export function authorizeRoutes(deps: PlatformDeps): Router {
  const { issuer, state, key, faults } = deps;
  const router = express.Router();

  const authorize = async (req: Request, res: Response) => {
    const p = parseFields(AuthRequestSchema, { ...req.query, ...(req.body ?? {}) });
    const reg = state.registration;
    if (!reg || !p.client_id || (p.client_id !== reg.clientId && p.client_id !== faults.alternateClientId))
      throw new SandboxError(400, 'unknown client_id');
    const clientId = p.client_id;
    const redirectUri = p.redirect_uri ?? '';
    if (!reg.redirectUris.includes(redirectUri))
      throw new SandboxError(400, 'redirect_uri is not registered for this tool');
    if (p.response_type !== 'id_token' || p.scope !== 'openid' || !p.nonce)
      throw new SandboxError(400, 'expected response_type=id_token, scope=openid and a nonce');
    const launch = state.pendingLaunch(p.lti_message_hint ?? '');
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
      ...(user.locale ? { locale: user.locale } : {}),
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: faults.idToken?.deploymentId ?? reg.deploymentId,
      [`${LTI}roles`]: ROLE_URIS[user.role],
      [`${LTI}context`]: { ...DEMO_COURSE, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [`${LTI}tool_platform`]: {
        guid: 'exam-variants-sandbox',
        name: 'Sandbox LMS',
        product_family_code: 'exam-variants-sandbox',
      },
      [`${LTI}launch_presentation`]: {
        ...(user.locale ? { locale: user.locale } : {}),
        document_target: 'iframe',
        return_url: `${issuer}/`,
      },
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
      .send(autoPostForm(redirectUri, { id_token: idToken, state: p.state ?? '' }, 'Launching…', scriptNonce(res)));
  };
  router.get('/auth', authorize);
  router.post('/auth', authorize);
  return router;
}
