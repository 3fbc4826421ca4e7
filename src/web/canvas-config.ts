import type { AppConfig } from '../config.ts';
import { LTI_ROUTES } from '../lti/setup-provider.ts';

/** The JSON a Canvas admin pastes (or points to by URL) when creating an LTI 1.3 developer key. */
export function canvasConfiguration(config: AppConfig): Record<string, unknown> {
  const base = config.baseUrl;
  const host = new URL(base).host;
  return {
    title: 'exam-variants',
    description: 'Seeded, auto-graded exam variants for quantitative courses',
    oidc_initiation_url: `${base}${LTI_ROUTES.login}`,
    target_link_uri: `${base}${LTI_ROUTES.launch}`,
    public_jwk_url: `${base}${LTI_ROUTES.keys}`,
    scopes: [
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
      'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
      'https://purl.imsglobal.org/spec/lti-ags/scope/score',
      // The course roster: instructors pick students by name (extra time, who has not opened it).
      'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
    ],
    extensions: [
      {
        domain: host,
        tool_id: 'exam-variants',
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: 'exam-variants',
          placements: [
            {
              placement: 'assignment_selection',
              message_type: 'LtiDeepLinkingRequest',
              target_link_uri: `${base}${LTI_ROUTES.launch}`,
            },
            {
              placement: 'link_selection',
              message_type: 'LtiDeepLinkingRequest',
              target_link_uri: `${base}${LTI_ROUTES.launch}`,
            },
          ],
        },
      },
    ],
    custom_fields: {},
  };
}
