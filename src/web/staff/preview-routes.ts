import express, { type Router } from 'express';
import { getTemplate, isTemplateId, TEMPLATE_IDS } from '../../../templates/index.ts';
import { templateVersionIn } from '../../activity/activity-settings.ts';
import { generateVariant } from '../../engine/generate-variant.ts';
import type { Lang } from '../../engine/template.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { renderPreviewPage } from '../pages/preview-page.ts';

/** One variant of a problem family with its worked solution, as this activity's learners would draw it. */
export function previewRoutes(_deps: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/preview', (req, res) => {
    const launch = launchOf(res);
    const templateId = String(req.query.template ?? TEMPLATE_IDS[0]);
    // The version this activity's learners draw from, so the preview shows what they get.
    const template = isTemplateId(templateId)
      ? getTemplate(templateId, templateVersionIn(launch.settings, templateId))
      : undefined;
    if (!template) throw new HttpError(400, `template: must be one of ${TEMPLATE_IDS.join(', ')}`);
    const seed = String(req.query.seed ?? 'preview').slice(0, 200) || 'preview';
    const lang: Lang = req.query.lang === 'cs' ? 'cs' : req.query.lang === 'en' ? 'en' : launch.lang;
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
