import type { ActivityProgress, GradingProgress } from './storage.ts';

export class AgsInputError extends Error {}

const ACTIVITY: readonly ActivityProgress[] = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'];
const GRADING: readonly GradingProgress[] = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AgsInputError(`${name}: must be a string`);
  return value;
}

function optionalDate(body: Record<string, unknown>, name: string): string | undefined {
  const value = optionalString(body, name);
  if (value !== undefined && Number.isNaN(Date.parse(value))) throw new AgsInputError(`${name}: must be an ISO 8601 date-time`);
  return value;
}

export interface LineItemInput {
  label: string;
  scoreMaximum: number;
  resourceLinkId?: string;
  resourceId?: string;
  tag?: string;
  startDateTime?: string;
  endDateTime?: string;
  gradesReleased?: boolean;
}

/** application/vnd.ims.lis.v2.lineitem+json, AGS §3.2. */
export function parseLineItem(body: unknown): LineItemInput {
  if (!isObject(body)) throw new AgsInputError('the body must be a line item JSON object');
  const label = body.label;
  if (typeof label !== 'string' || label.trim() === '') throw new AgsInputError('label: required, a non-empty string');
  const scoreMaximum = body.scoreMaximum;
  if (typeof scoreMaximum !== 'number' || !Number.isFinite(scoreMaximum) || scoreMaximum <= 0) throw new AgsInputError('scoreMaximum: required, a number greater than 0');
  if (body.gradesReleased !== undefined && typeof body.gradesReleased !== 'boolean') throw new AgsInputError('gradesReleased: must be a boolean');
  const input: LineItemInput = { label, scoreMaximum };
  for (const name of ['resourceLinkId', 'resourceId', 'tag'] as const) {
    const value = optionalString(body, name);
    if (value !== undefined) input[name] = value;
  }
  for (const name of ['startDateTime', 'endDateTime'] as const) {
    const value = optionalDate(body, name);
    if (value !== undefined) input[name] = value;
  }
  if (typeof body.gradesReleased === 'boolean') input.gradesReleased = body.gradesReleased;
  return input;
}

export interface ScoreInput {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  timestamp: string;
}

/** application/vnd.ims.lis.v1.score+json, AGS §3.4. */
export function parseScore(body: unknown): ScoreInput {
  if (!isObject(body)) throw new AgsInputError('the body must be a score JSON object');
  const userId = body.userId;
  if (typeof userId !== 'string' || userId === '') throw new AgsInputError('userId: required, a string');
  const activityProgress = body.activityProgress;
  if (!ACTIVITY.includes(activityProgress as ActivityProgress)) throw new AgsInputError(`activityProgress: required, one of ${ACTIVITY.join(', ')}`);
  const gradingProgress = body.gradingProgress;
  if (!GRADING.includes(gradingProgress as GradingProgress)) throw new AgsInputError(`gradingProgress: required, one of ${GRADING.join(', ')}`);
  const timestamp = body.timestamp;
  // The spec asks for sub-second precision and a time zone; Date.parse is enough to catch garbage.
  if (typeof timestamp !== 'string' || !/T\d\d:\d\d/.test(timestamp) || Number.isNaN(Date.parse(timestamp))) throw new AgsInputError('timestamp: required, an ISO 8601 date-time with time zone');
  const score: ScoreInput = { userId, activityProgress: activityProgress as ActivityProgress, gradingProgress: gradingProgress as GradingProgress, timestamp };
  if (body.scoreGiven !== undefined && body.scoreGiven !== null) {
    if (typeof body.scoreGiven !== 'number' || !Number.isFinite(body.scoreGiven) || body.scoreGiven < 0) throw new AgsInputError('scoreGiven: must be a number >= 0');
    if (typeof body.scoreMaximum !== 'number' || !Number.isFinite(body.scoreMaximum) || body.scoreMaximum <= 0) throw new AgsInputError('scoreMaximum: required with scoreGiven, a number greater than 0');
    score.scoreGiven = body.scoreGiven;
    score.scoreMaximum = body.scoreMaximum;
  } else if (body.scoreMaximum !== undefined && body.scoreMaximum !== null) {
    if (typeof body.scoreMaximum !== 'number' || !Number.isFinite(body.scoreMaximum) || body.scoreMaximum <= 0) throw new AgsInputError('scoreMaximum: must be a number greater than 0');
    score.scoreMaximum = body.scoreMaximum;
  }
  const comment = optionalString(body, 'comment');
  if (comment !== undefined) score.comment = comment;
  return score;
}
