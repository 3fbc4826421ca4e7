import express, { type Router } from 'express';
import { getTemplate, TEMPLATE_IDS } from '../../../templates/index.ts';
import { templateVersionIn } from '../../activity/activity-settings.ts';
import { generateVariant } from '../../engine/generate-variant.ts';
import type { Lang } from '../../engine/template.ts';
import { HttpError } from '../http-error.ts';
import { PreviewQuerySchema } from '../forms/staff-forms.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseQuery } from '../parse-body.ts';
import { renderPreviewPage } from '../pages/preview/preview.ts';

/** One variant of a problem family with its worked solution, as this activity's learners would draw it. */
export function previewRoutes(_deps: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/preview', (req, res) => {
    const launch = launchOf(res);
    const query = parseQuery(PreviewQuerySchema, req);
    const templateId = query.template ?? TEMPLATE_IDS[0];
    // The version this activity's learners draw from, so the preview shows what they get.
    const template = templateId && getTemplate(templateId, templateVersionIn(launch.settings, templateId));
    if (!templateId || !template) throw new HttpError(500, `template ${templateId}: no version of it is registered`);
    const { seed } = query;
    const lang: Lang = query.lang ?? launch.lang;
    res.type('html').send(
      renderPreviewPage({
        ltik: launch.ltik,
        lang,
        templateId,
        seed,
        template,
        variant: generateVariant(template, seed),
      }),
    );
  });
  return router;
}
