import express, { type Router } from 'express';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { resendStudentScore } from '../../activity/resend-scores.ts';
import { ResendFormSchema } from '../forms/staff-forms.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody } from '../parse-body.ts';

/** Sends one student's grade to the LMS again (a failed or refused send on the results page). */
export function resendRoutes({ lti, models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.post('/resend', async (req, res) => {
    const launch = launchOf(res);
    const { id } = parseBody(ResendFormSchema, req);
    const ok = await resendStudentScore(models, activityKeyOf(launch.identity), launch.settings, id);
    if (!ok) throw new HttpError(404, 'id: no grade record of this activity with that id can be resent');
    await lti.redirect(res, '/instructor');
  });
  return router;
}
