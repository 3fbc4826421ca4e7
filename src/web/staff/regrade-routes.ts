import express, { type Router } from 'express';
import { getTemplate } from '../../../templates/index.ts';
import { isManual } from '../../engine/template.ts';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { applyRegrade, describeRule, previewRegrade } from '../../activity/regrade.ts';
import { RegradeFormSchema, RegradePreviewSchema } from '../forms/staff-forms.ts';
import { launchOf, type Launch, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody, parseQuery } from '../parse-body.ts';
import { renderRegradePage } from '../pages/regrade/regrade.ts';

const regradableParts = (launch: Launch) =>
  launch.settings.templates.flatMap((id, i) =>
    (getTemplate(id)?.parts ?? [])
      .filter((p) => !isManual(p))
      .map((p) => ({ problemIndex: i, partKey: p.key, label: `${i + 1}. ${id}: ${p.key}` })),
  );

/** A regrade rule for one part: who changes from what to what (preview), then apply and resend. */
export function regradeRoutes({ lti, models, log }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/regrade', async (req, res) => {
    const launch = launchOf(res);
    const rule = parseQuery(RegradePreviewSchema, req);
    const changes = rule
      ? await previewRegrade(models, activityKeyOf(launch.identity), rule, launch.settings, launch.lang)
      : undefined;
    res.type('html').send(renderRegradePage(launch.ltik, launch.lang, regradableParts(launch), rule, changes));
  });

  router.post('/regrade', async (req, res) => {
    const launch = launchOf(res);
    const rule = parseBody(RegradeFormSchema, req);
    const changed = await applyRegrade(
      models,
      activityKeyOf(launch.identity),
      rule,
      launch.settings,
      launch.identity.userId,
      launch.lang,
    );
    log(`regrade by ${launch.identity.userId}: ${describeRule(rule)} changed ${changed} student(s)' scores`);
    await lti.redirect(res, '/instructor');
  });
  return router;
}
