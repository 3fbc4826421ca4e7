import express, { type Router } from 'express';
import { grantExtraTime } from '../../activity/extra-time.ts';
import { activityKeyOf } from '../../activity/launch-identity.ts';
import { ExtraTimeFormSchema } from '../forms/staff-forms.ts';
import { HttpError } from '../http-error.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody } from '../parse-body.ts';

/** Exam-mode accommodations: an instructor gives one learner extra minutes (0 takes them back). */
export function extraTimeRoutes({ lti, models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.post('/extra-time', async (req, res) => {
    const launch = launchOf(res);
    const { userId, minutes } = parseBody(ExtraTimeFormSchema, req);
    const { timeLimitMinutes } = launch.settings;
    if (!timeLimitMinutes)
      throw new HttpError(
        409,
        'This activity has no time limit, so extra time would change nothing. Set a time limit in the activity settings first.',
      );
    const result = await grantExtraTime(models, activityKeyOf(launch.identity), userId, minutes ?? 0, timeLimitMinutes);
    // The activity's record is written on every launch, so it exists once anyone (this instructor) opened it.
    if (!result.recorded)
      throw new HttpError(409, 'This activity has no record yet: launch it once from the LMS, then try again.');
    await lti.redirect(res, '/instructor');
  });
  return router;
}
