import express, { type Router } from 'express';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { gradeByHand } from '../../activity/manual-grading.ts';
import { ManualGradeFormSchema } from '../forms/staff-forms.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody } from '../parse-body.ts';

/** An instructor's points for a free-text part, or a reading of an answer the tool could not read. */
export function manualGradeRoutes({ lti, models, log }: LtiRouteDeps): Router {
  const router = express.Router();
  router.post('/manual-grade', async (req, res) => {
    const launch = launchOf(res);
    const grade = parseBody(ManualGradeFormSchema, req);
    const outcome = await gradeByHand(models, activityKeyOf(launch.identity), launch.settings, grade, launch.lang);
    if (!outcome.ok) throw new HttpError(outcome.status, outcome.message);
    log(
      `manual grade by ${launch.identity.userId}: submission ${outcome.submission._id.toHexString()} problem ${grade.problemIndex + 1} part ${grade.partKey}`,
    );
    await lti.redirect(res, '/instructor');
  });
  return router;
}
