import express, { type Request, type Response, type Router } from 'express';
import { activityKeyOf } from '../activity/launch-identity.ts';
import { grantExtraTime } from '../activity/extra-time.ts';
import { launchOf, requireStaff, type LtiRouteDeps } from './launch-context.ts';
import { HttpError } from './http-error.ts';

/** Exam-mode accommodations: an instructor gives one learner extra minutes (0 takes them back). */
export function extraTimeRoutes({ lti, models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.post('/instructor/extra-time', async (req: Request, res: Response) => {
    const launch = launchOf(res);
    requireStaff(launch);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const userId = String(body.userId ?? '').trim();
    const minutesText = String(body.minutes ?? '').trim();
    const minutes = Number(minutesText);
    if (!userId) throw new HttpError(422, 'userId: the LMS user id of the student is required');
    if (userId.length > 256) throw new HttpError(422, 'userId: at most 256 characters');
    if (minutesText === '' || !Number.isInteger(minutes) || minutes < 0 || minutes > 1440)
      throw new HttpError(422, 'minutes: a whole number of minutes from 0 to 1440 (0 removes the extra time)');
    if (!launch.settings.timeLimitMinutes)
      throw new HttpError(
        409,
        'This activity has no time limit, so extra time would change nothing. Set a time limit in the activity settings first.',
      );
    const result = await grantExtraTime(
      models,
      activityKeyOf(launch.identity),
      userId,
      minutes,
      launch.settings.timeLimitMinutes,
    );
    // The activity's record is written on every launch, so it exists once anyone (this instructor) opened it.
    if (!result.recorded)
      throw new HttpError(409, 'This activity has no record yet: launch it once from the LMS, then try again.');
    await lti.redirect(res, '/instructor');
  });
  return router;
}
