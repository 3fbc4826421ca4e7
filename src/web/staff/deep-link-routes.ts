import express, { type Router } from 'express';
import { settingsToCustom, type ActivitySettings } from '../../activity/activity-settings.ts';
import { LTI_ROUTES } from '../../lti/setup-provider.ts';
import { selectGeneratedExamBySeed } from '../../store/repositories/generated-exams.ts';
import { SettingsFormSchema } from '../forms/settings-form.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody } from '../parse-body.ts';
import { renderDeepLinkPage } from '../pages/deep-link/deep-link.ts';
import { withScriptNonce } from '../../lib/script-nonce.ts';

/** Deep Linking: the instructor picks problems and settings; the LMS gets a resource link with a line item. */
export function deepLinkRoutes({ config, lti, models, log }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/deep-link', (_req, res) => {
    const launch = launchOf(res);
    res.type('html').send(renderDeepLinkPage(launch.ltik, launch.lang));
  });

  router.post('/deep-link', async (req, res) => {
    const launch = launchOf(res);
    let settings: ActivitySettings;
    try {
      settings = parseBody(SettingsFormSchema, req);
    } catch (error) {
      // The form again, with the message, so the instructor's choices are one back-button away.
      if (!(error instanceof HttpError)) throw error;
      res
        .status(error.status)
        .type('html')
        .send(renderDeepLinkPage(launch.ltik, launch.lang, error.message));
      return;
    }
    // A printed exam delivered online must be the one on paper: drawn from the versions it was printed with.
    const { identity } = launch;
    const printed = settings.printedVariant
      ? await selectGeneratedExamBySeed(
          models,
          {
            platformIssuer: identity.issuer,
            clientId: identity.clientId,
            deploymentId: identity.deploymentId,
            contextId: identity.contextId,
          },
          settings.printedVariant.examSeed,
        )
      : null;
    if (printed)
      settings = {
        ...settings,
        templateVersions: {
          ...settings.templateVersions,
          ...Object.fromEntries(printed.templateIds.map((id, i) => [id, printed.templateVersions[i] ?? 1])),
        },
      };
    const scoreMaximum = settings.points.reduce((a, b) => a + b, 0);
    const form = await lti.DeepLinking.createDeepLinkingForm(
      launch.claims,
      [
        {
          type: 'ltiResourceLink',
          title: settings.title,
          url: `${config.baseUrl}${LTI_ROUTES.launch}`,
          custom: settingsToCustom(settings),
          lineItem: { scoreMaximum, label: settings.title, resourceId: 'exam-variants' },
        },
      ],
      { message: `Added "${settings.title}"` },
    );
    log(`deep linking: ${identity.userId} added "${settings.title}" (${settings.templates.join(', ')})`);
    // ltijs' form posts itself to the LMS with an inline script: it runs by this response's nonce.
    res.type('html').send(withScriptNonce(form, res));
  });
  return router;
}
