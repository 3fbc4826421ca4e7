import type { Request, Response } from 'express';
import { z } from 'zod';
import type { LtiProvider } from './ltijs.ts';
import { withScriptNonce } from '../lib/script-nonce.ts';

const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';
const CANVAS = 'https://canvas.instructure.com/lti/';

/**
 * Where an instructor adds the tool in Canvas: both with Deep Linking, as /lti/canvas.json says.
 * Canvas keeps one message per placement and gives a message without placements `link_selection`
 * (app/models/lti/ims/registration.rb#placements in canvas-lms), so ltijs' default list (both
 * message types without placements) made `link_selection` a plain resource link and dropped deep
 * linking and `assignment_selection`. Other platforms ignore the Canvas placement names.
 */
export const CANVAS_DEEP_LINKING_PLACEMENTS = ['assignment_selection', 'link_selection'] as const;

/** The tool configuration's messages: deep linking first, with its Canvas placements; resource links have no placement of their own. */
export function registrationMessages(launchUrl: string, label: string): Array<Record<string, unknown>> {
  return [
    {
      type: 'LtiDeepLinkingRequest',
      target_link_uri: launchUrl,
      label,
      placements: CANVAS_DEEP_LINKING_PLACEMENTS.map((p) => `${CANVAS}${p}`),
    },
    { type: 'LtiResourceLinkRequest', target_link_uri: launchUrl, label },
  ];
}

/** The parts of the LMS's OpenID configuration the tool reads (ltijs reads it again for the registration itself). */
const OpenIdConfigurationSchema = z.looseObject({
  issuer: z.string('must be a string').optional(),
  token_endpoint: z.string('must be a string').optional(),
  authorization_server: z.string('must be a string').optional(),
  'https://purl.imsglobal.org/spec/lti-platform-configuration': z
    .looseObject({ product_family_code: z.string('must be a string').optional() }, 'must be an object')
    .optional(),
});
type OpenIdConfiguration = z.output<typeof OpenIdConfigurationSchema>;

/**
 * LTI Dynamic Registration (ltijs' flow with our messages). After it, a Canvas platform's client
 * assertions are addressed to its token endpoint: ltijs takes the openid configuration's
 * `authorization_server` as their audience, but Canvas checks `aud` against its own token URL
 * (Canvas::OAuth::ClientCredentialsProvider, expected_aud = oauth2_token_url).
 */
export function dynamicRegistrationHandler(
  lti: LtiProvider,
  { launchUrl, name, log }: { launchUrl: string; name: string; log: (line: string) => void },
) {
  return async (req: Request, res: Response): Promise<void> => {
    const openidConfiguration =
      typeof req.query.openid_configuration === 'string' ? req.query.openid_configuration : '';
    const registrationToken =
      typeof req.query.registration_token === 'string' ? req.query.registration_token : undefined;
    if (!openidConfiguration) {
      res
        .status(400)
        .type('text/plain')
        .send('openid_configuration: required (the LMS adds it when it opens this URL)');
      return;
    }
    if (!lti.DynamicRegistration) throw new Error('ltijs was set up without dynamic registration');
    let configuration: OpenIdConfiguration;
    try {
      const answer = await fetch(openidConfiguration, { signal: AbortSignal.timeout(10_000) });
      if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
      const read = OpenIdConfigurationSchema.safeParse(await answer.json());
      if (!read.success) {
        const issue = read.error.issues[0];
        throw new Error(`${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}`);
      }
      configuration = read.data;
    } catch (error) {
      res
        .status(502)
        .type('text/plain')
        .send(
          `openid_configuration: the LMS's configuration could not be read (${error instanceof Error ? error.message : String(error)})`,
        );
      return;
    }
    try {
      const page = await lti.DynamicRegistration.register(openidConfiguration, registrationToken, {
        [TOOL_CONFIGURATION]: { messages: registrationMessages(launchUrl, name), [`${CANVAS}privacy_level`]: 'public' },
      });
      const canvas =
        configuration['https://purl.imsglobal.org/spec/lti-platform-configuration']?.product_family_code === 'canvas';
      if (canvas && configuration.issuer && configuration.token_endpoint)
        await addressTokenRequestsTo(lti, configuration.issuer, configuration.token_endpoint);
      log(
        `dynamic registration: registered ${configuration.issuer ?? 'a platform'}${canvas ? ' (Canvas: client assertions addressed to its token endpoint)' : ''}`,
      );
      // ltijs' page closes the LMS's registration window with an inline script: it runs by this response's nonce.
      res.type('html').send(withScriptNonce(page, res));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message === 'PLATFORM_ALREADY_REGISTERED') {
        res.status(409).type('text/plain').send('This LMS registration is already registered with the tool.');
        return;
      }
      res.status(502).type('text/plain').send(`The LMS refused or did not complete the registration: ${message}`);
    }
  };
}

async function addressTokenRequestsTo(lti: LtiProvider, issuer: string, tokenEndpoint: string): Promise<void> {
  const found = await lti.getPlatform(issuer);
  const platforms = Array.isArray(found) ? found : found ? [found] : [];
  for (const platform of platforms) {
    if ((await platform.platformAccessTokenEndpoint()) === tokenEndpoint)
      await platform.platformAuthorizationServer(tokenEndpoint);
  }
}
