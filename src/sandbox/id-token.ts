import { SignJWT } from 'jose';
import type { PlatformContext } from './context.ts';
import { DEMO_COURSE, fullName, type DemoUser } from './demo-course.ts';
import { CLAIM, ROLE, SCOPE } from './lti-constants.ts';
import type { LineItem, PendingLaunch, ResourceLink, ToolRegistration } from './storage.ts';

/** Moodle's launch id_token lives 60 s: a tool that takes longer, or whose clock is off, must fail here first. */
export const ID_TOKEN_LIFETIME_S = 60;

const AGS_SCOPES: readonly string[] = Object.values(SCOPE);

export interface LaunchParts {
  launch: PendingLaunch;
  registration: ToolRegistration;
  user: DemoUser;
  nonce: string;
  link?: ResourceLink;
  lineItem?: LineItem;
}

export function targetLinkUriFor(registration: ToolRegistration, launch: PendingLaunch, link?: ResourceLink): string {
  if (launch.messageType === 'LtiDeepLinkingRequest') return registration.deepLinkingUri ?? registration.targetLinkUri;
  return link?.url ?? registration.targetLinkUri;
}

/** The LTI 1.3 claims for a resource-link or deep-linking launch (LTI core §5, AGS §3.1, DL §4.4). */
export function launchClaims(ctx: PlatformContext, parts: LaunchParts): Record<string, unknown> {
  const { launch, registration, user, link, lineItem } = parts;
  const claims: Record<string, unknown> = {
    nonce: parts.nonce,
    name: fullName(user),
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    locale: user.locale,
    [CLAIM.messageType]: launch.messageType,
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: registration.deploymentId,
    [CLAIM.targetLinkUri]: targetLinkUriFor(registration, launch, link),
    [CLAIM.roles]: [ROLE[launch.role]],
    [CLAIM.context]: { id: DEMO_COURSE.id, label: DEMO_COURSE.label, title: DEMO_COURSE.title, type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
    [CLAIM.toolPlatform]: { guid: ctx.issuer, name: 'Sandbox LMS', product_family_code: 'exam-variants-sandbox', version: '1.0' },
    [CLAIM.launchPresentation]: { locale: user.locale, document_target: 'window', return_url: `${ctx.issuer}/` },
    [CLAIM.lis]: { person_sourcedid: `sandbox-user-${user.id}`, course_section_sourcedid: `sandbox-course-${DEMO_COURSE.id}` },
    // Registration-wide custom parameters first; the activity's own override them, as in Moodle.
    [CLAIM.custom]: { ...registration.customParameters, ...(link?.custom ?? {}) },
  };
  if (link) claims[CLAIM.resourceLink] = { id: link.id, title: link.title };
  const agsScopes = registration.scopes.filter((s) => AGS_SCOPES.includes(s));
  if (agsScopes.length > 0) {
    claims[CLAIM.agsEndpoint] = {
      scope: agsScopes,
      lineitems: ctx.urls.lineItems(DEMO_COURSE.id),
      ...(lineItem ? { lineitem: ctx.urls.lineItem(DEMO_COURSE.id, lineItem.id) } : {}),
    };
  }
  if (launch.messageType === 'LtiDeepLinkingRequest') {
    claims[CLAIM.deepLinkingSettings] = {
      deep_link_return_url: `${ctx.urls.deepLinkReturn}?course=${encodeURIComponent(DEMO_COURSE.id)}`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      auto_create: true,
      title: `Add an activity to ${DEMO_COURSE.title}`,
      // Opaque to the tool and echoed back, so the return is tied to this launch.
      data: launch.id,
    };
  }
  return claims;
}

export async function signIdToken(ctx: PlatformContext, parts: LaunchParts): Promise<string> {
  const key = await ctx.signingKey();
  const iat = Math.floor(ctx.now() / 1000);
  return new SignJWT(launchClaims(ctx, parts))
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setAudience(parts.registration.clientId)
    .setSubject(parts.user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_LIFETIME_S)
    .sign(key.privateKey);
}
