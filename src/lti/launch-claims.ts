import { z } from 'zod';
import { isStaffRole, type LaunchIdentity } from '../activity/launch-identity.ts';

/**
 * The launch claims the tool reads, as ltijs puts them on res.locals.token after it verified the
 * id_token (signature, nonce, audience, expiry, the core claims' presence). ltijs checks that a
 * claim is there, not what it holds: a platform that sends roles as one string or a context id as
 * a number would otherwise fail deep inside a page. Parsed once per request (web/launch-context.ts).
 *
 * Objects are loose: ltijs' own services (deep linking, AGS, NRPS) are handed the parsed token and
 * read claims the tool does not (deep_linking_settings, tool_platform, lis), so those pass through.
 */
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Absent or null (some platforms send null for an optional claim): read as absent. */
const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .transform((v) => v ?? undefined)
    .optional();

const text = z.string('must be a string');
const id = text.min(1, 'must not be empty');
const texts = z.array(text, 'must be a list of strings');

export const LaunchClaimsSchema = z.looseObject({
  iss: id,
  user: id,
  clientId: id,
  deploymentId: id,
  userInfo: optional(
    z.looseObject({
      given_name: optional(text),
      family_name: optional(text),
      name: optional(text),
      email: optional(text),
    }),
  ),
  platformContext: z.looseObject(
    {
      /** ltijs' own id of the launch context (not the LMS's course id: that is context.id). */
      contextId: id,
      user: id,
      roles: optional(texts),
      context: optional(z.looseObject({ id: optional(id), label: optional(text), title: optional(text) })),
      resource: optional(z.looseObject({ id: optional(id), title: optional(text) })),
      messageType: optional(text),
      custom: optional(z.record(z.string(), z.unknown(), 'must be an object of parameters')),
      launchPresentation: optional(
        z.looseObject({ locale: optional(text), document_target: optional(text), return_url: optional(text) }),
      ),
      endpoint: optional(
        z.looseObject({ scope: optional(texts), lineitems: optional(text), lineitem: optional(text) }),
      ),
      namesRoles: optional(
        z.looseObject({ context_memberships_url: optional(text), service_versions: optional(texts) }),
      ),
    },
    'must be an object',
  ),
  /** Only in a learner session made without a platform cookie (learner-session.ts). */
  cookieless: z.literal(true).optional(),
});

/** A verified launch's claims (ltijs' token, or the subset a learner session carries). */
export type LaunchClaims = z.output<typeof LaunchClaimsSchema>;

/** Where ltijs puts each claim, and the claim's name in the LTI spec (what an LMS administrator can look up). */
const CLAIM_NAMES: Record<string, string> = {
  iss: 'iss',
  user: 'sub',
  clientId: 'aud',
  deploymentId: `${LTI}deployment_id`,
  userInfo: 'name',
  'platformContext.user': 'sub',
  'platformContext.roles': `${LTI}roles`,
  'platformContext.context': `${LTI}context`,
  'platformContext.resource': `${LTI}resource_link`,
  'platformContext.messageType': `${LTI}message_type`,
  'platformContext.custom': `${LTI}custom`,
  'platformContext.launchPresentation': `${LTI}launch_presentation`,
  'platformContext.endpoint': 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  'platformContext.namesRoles': 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
};

export type ClaimsCheck = { ok: true; claims: LaunchClaims } | { ok: false; claim: string; rule: string };

/** The claims as the tool reads them, or the first claim that breaks a rule, by its LTI name. */
export function parseLaunchClaims(token: unknown): ClaimsCheck {
  const parsed = LaunchClaimsSchema.safeParse(token);
  if (parsed.success) return { ok: true, claims: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, claim: claimName(issue?.path ?? []), rule: issue?.message ?? 'invalid' };
}

/** ["platformContext", "roles", 0] -> "https://purl.imsglobal.org/spec/lti/claim/roles[0]". */
export function claimName(path: readonly PropertyKey[]): string {
  const keys = path.map(String);
  for (let n = Math.min(keys.length, 2); n > 0; n--) {
    const name = CLAIM_NAMES[keys.slice(0, n).join('.')];
    if (name === undefined) continue;
    // userInfo.given_name is the id_token's given_name claim.
    const rest = keys.slice(n);
    if (name === 'name' && rest.length > 0) return rest.join('.');
    return name + rest.map((k) => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`)).join('');
  }
  return keys.join('.') || 'id_token';
}

/** Who launched what, from checked claims (ltijs' token or the learner session's subset of it). */
export function identityFromClaims(token: LaunchClaims): LaunchIdentity {
  const ctx = token.platformContext;
  const roles = ctx.roles ?? [];
  const info = token.userInfo ?? {};
  return {
    issuer: token.iss,
    clientId: token.clientId,
    deploymentId: token.deploymentId,
    contextId: ctx.context?.id ?? 'no-context',
    contextTitle: ctx.context?.title ?? ctx.context?.label ?? '',
    resourceLinkId: ctx.resource?.id ?? 'no-resource-link',
    resourceTitle: ctx.resource?.title ?? '',
    userId: token.user,
    userName: info.name ?? ([info.given_name, info.family_name].filter(Boolean).join(' ') || token.user),
    roles,
    isStaff: isStaffRole(roles),
    locale: ctx.launchPresentation?.locale,
    lineItemUrl: ctx.endpoint?.lineitem,
    custom: ctx.custom ?? {},
  };
}
