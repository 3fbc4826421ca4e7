import type { Types } from 'mongoose';
import { answerField } from './answer-field.ts';
import { getTemplate } from '../../templates/index.ts';
import { variantFromParams, type Variant } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import type { SubmissionGrade } from '../grading/grade-submission.ts';
import type { AttemptDoc } from '../store/models/attempt.ts';
import type { Models } from '../store/models/index.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import {
  createOrGetAttempt,
  recordAttemptScore,
  saveDraft,
  selectAttemptsForUser,
} from '../store/repositories/attempts.ts';
import { countHeadlinesInActivity } from '../store/repositories/headline-counts.ts';
import {
  queueScore,
  recordSubmission,
  selectLatestSubmissionForAttempt,
  selectSubmittedAttemptIds,
  selectSubmissionsForAttempt,
  selectSubmissionsForAttempts,
} from '../store/repositories/submissions.ts';
import {
  extraTimeMinutesOf,
  selectActivitySettings,
  selectRegradeRules,
} from '../store/repositories/activity-settings.ts';
import { attemptDeadline } from './extra-time.ts';
import { BoundedCache } from '../lib/bounded-cache.ts';
import { gradeAttempt, gradedFields } from './grade-attempt.ts';
import { policyScore, regradeOverrides, type AttemptResult, type RegradeRule } from '../grading/scoring.ts';
import { attemptResults } from './student-score.ts';
import { partsAskedIn, templateVersionIn, type ActivitySettings } from './activity-settings.ts';
import { askedPartKeys } from './parts-asked.ts';
import { deriveAttemptSeed } from './attempt-seed.ts';
import { labelIndex, openPrintedVariant } from '../exam/assemble-exam.ts';
import { drawAttemptProblems } from './draw-attempt-problems.ts';
import { activityKeyOf, type LaunchIdentity } from './launch-identity.ts';
import type { LoadedProblem } from './loaded-problem.ts';

export type { LoadedProblem } from './loaded-problem.ts';

export interface AttemptState {
  attempt: AttemptDoc;
  /** All of the learner's attempts at this resource link, oldest first; `attempt` is the last. */
  attempts: AttemptDoc[];
  attemptsUsed: number;
  problems: LoadedProblem[];
  submissions: SubmissionDoc[];
}

function stateOf(attempts: AttemptDoc[], submissions: SubmissionDoc[]): AttemptState {
  const attempt = attempts[attempts.length - 1];
  if (!attempt) throw new Error('stateOf: a learner state needs at least one attempt');
  return {
    attempt,
    attempts,
    attemptsUsed: attempts.filter((a) => a.status !== 'open').length,
    problems: loadProblems(attempt),
    submissions,
  };
}

// The field name is a pure rule (answer-field.ts), kept importable from here for the routes.
export { answerField } from './answer-field.ts';

/**
 * A variant is a pure function of (template version, params, seed) and is never mutated, so the
 * ones an attempt's requests rebuild again and again (every page, check, autosave and submit) are
 * shared. Solving is the costly part (exact rationals). Sized for a large class working at once:
 * the learners' autosaves come round in turn, so a cache smaller than the class keeps nothing any
 * of them asks for again. A variant of the demo exam holds about 3 kB, so 16,000 of them (4,000
 * four-problem attempts) are under 50 MB.
 */
const rebuiltVariants = new BoundedCache<string, Variant>(16_000);
/**
 * An attempt's problems never change once it is created (nothing in the app updates them; a later
 * template version never changes an existing attempt), so what they load to is remembered by
 * attempt id, with each problem's template, version and seed in the key (a record changed in the
 * store by hand, or by a migration, loads afresh): serialising the params to key every variant on
 * every request of an exam's last minute cost more than this lookup. A pure function of what the
 * store holds, so any instance may keep it and nothing needs invalidating across instances.
 * Attempts of one printed variant still share one Variant (rebuiltVariants). 4,000 attempts hold as
 * many variants as rebuiltVariants does, so the two together keep at most twice its 50 MB.
 */
const problemsOfAttempt = new BoundedCache<string, LoadedProblem[]>(4_000);

/** Rebuilds the attempt's variants from its stored params: never re-drawn, so never changed. */
export function loadProblems(attempt: AttemptDoc): LoadedProblem[] {
  let key = attempt._id.toHexString();
  for (const p of attempt.problems) key += `\u0000${p.templateId}@${p.templateVersion}\u0000${p.seed}`;
  return problemsOfAttempt.getOrCreate(key, () => rebuildProblems(attempt));
}

function rebuildProblems(attempt: AttemptDoc): LoadedProblem[] {
  return attempt.problems.map((p) => {
    // The version it was drawn from: a later version never changes an existing attempt.
    const template = getTemplate(p.templateId, p.templateVersion);
    if (!template)
      throw new Error(
        `attempt ${attempt._id.toHexString()} uses unknown template ${p.templateId} version ${p.templateVersion}`,
      );
    const key = `${template.id}@${template.version}\u0000${p.seed}\u0000${JSON.stringify(p.params)}`;
    const full = rebuiltVariants.getOrCreate(key, () => variantFromParams(template, p.params, p.seed));
    const asked = p.partsAsked;
    // The parts the activity asked when the attempt was made: the page, grading and points see only these.
    const variant = asked
      ? rebuiltVariants.getOrCreate(`${key}\u0000${asked.join(',')}`, () => ({
          ...full,
          parts: full.parts.filter((part) => asked.includes(part.key)),
        }))
      : full;
    return { template, variant, points: p.points };
  });
}

async function createAttempt(
  models: Models,
  secret: string,
  id: LaunchIdentity,
  settings: ActivitySettings,
  attemptNumber: number,
  now: Date,
): Promise<AttemptDoc> {
  const printed = settings.printedVariant ? printedProblems(settings) : undefined;
  const drawn = printed
    ? settings.templates.map((templateId, i) => {
        const fromPaper = printed[i] as LoadedProblem;
        return {
          templateId,
          templateVersion: fromPaper.variant.templateVersion,
          seed: fromPaper.variant.seed,
          params: fromPaper.variant.params,
          points: settings.points[i] ?? 5,
        };
      })
    : await drawAttemptProblems(
        settings,
        (i) => deriveAttemptSeed(secret, id, attemptNumber, i),
        (wanted) => countHeadlinesInActivity(models, activityKeyOf(id), wanted),
      );
  const asked = drawn.map((p, i) => {
    const template = getTemplate(p.templateId, p.templateVersion);
    const keys = template && askedPartKeys(template.parts, partsAskedIn(settings, i));
    return keys ? { ...p, partsAsked: keys } : p;
  });
  // Read only when an attempt is created: extra time granted later moves open deadlines itself (grantExtraTime).
  const extraMinutes = settings.timeLimitMinutes
    ? extraTimeMinutesOf(await selectActivitySettings(models, activityKeyOf(id)), id.userId)
    : 0;
  const deadlineAt = settings.timeLimitMinutes
    ? attemptDeadline(now, settings.timeLimitMinutes, extraMinutes)
    : undefined;
  return createOrGetAttempt(models, {
    ...activityKeyOf(id),
    clientId: id.clientId,
    userId: id.userId,
    userName: id.userName,
    isStaff: id.isStaff,
    attemptNumber,
    problems: asked,
    startedAt: now,
    ...(deadlineAt ? { deadlineAt } : {}),
  });
}

/** The problems of the printed variant an activity delivers online (paper and online from one source). */
function printedProblems(settings: ActivitySettings): LoadedProblem[] | undefined {
  const printed = settings.printedVariant;
  if (!printed) return undefined;
  const variants = labelIndex(printed.label) + 1;
  const templateVersions = settings.templates.map((t) => templateVersionIn(settings, t));
  return openPrintedVariant(
    {
      examSeed: printed.examSeed,
      variants,
      problems: settings.templates,
      lang: 'en',
      points: settings.points,
      templateVersions,
    },
    printed.label,
  )?.problems.map((p) => ({
    template: p.template,
    variant: p.variant,
    points: p.points,
  }));
}

/** The learner's current attempt (created on first launch); reopening shows the same one. */
export async function openCurrentAttempt(
  models: Models,
  secret: string,
  id: LaunchIdentity,
  settings: ActivitySettings,
  now = new Date(),
): Promise<AttemptState> {
  return (await findCurrentAttempt(models, id)) ?? createFirstAttempt(models, secret, id, settings, now);
}

/** The learner's first attempt, for a caller that has just found they have none (findCurrentAttempt). */
export async function createFirstAttempt(
  models: Models,
  secret: string,
  id: LaunchIdentity,
  settings: ActivitySettings,
  now = new Date(),
): Promise<AttemptState> {
  // A concurrent first request may have made it meanwhile: createOrGetAttempt returns that one.
  return stateOf([await createAttempt(models, secret, id, settings, 1, now)], []);
}

/**
 * Reads a request of the learner's page makes, started when it arrives, together with the
 * learner's attempts (findCurrentAttempt) rather than one after the other: a request waits for
 * one store round trip instead of two or three. Each is still a read of the store made after the
 * request arrived, so it sees every write acknowledged before (another instance has no other
 * channel to tell of a rule it applied or a submit it stored). A request that ends before it needs
 * one never awaits it: its failure is then nobody's.
 */
export interface EarlyReads {
  /**
   * The learner's attempts here that have a submission: an open one among them was interrupted.
   * Not read for a submit: the hand-in it stores is refused if the attempt has one already (the
   * store's one-hand-in index), and submitAttempt then finishes the interrupted submit.
   */
  submittedAttempts?: Promise<Types.ObjectId[]>;
  /** For a submit: the regrade rules its grading applies. */
  regradeRules?: Promise<RegradeRule[]>;
}

export function startEarlyReads(
  models: Models,
  id: LaunchIdentity,
  { submitting }: { submitting: boolean },
): EarlyReads {
  const quietly = <T>(read: Promise<T>): Promise<T> => {
    read.catch(() => undefined);
    return read;
  };
  return submitting
    ? { regradeRules: quietly(selectRegradeRules(models, activityKeyOf(id))) }
    : { submittedAttempts: quietly(selectSubmittedAttemptIds(models, id.resourceLinkId, id.userId)) };
}

/** The learner's current attempt, or undefined before their first (nothing is created). */
export async function findCurrentAttempt(
  models: Models,
  id: LaunchIdentity,
  early?: Pick<EarlyReads, 'submittedAttempts'>,
): Promise<AttemptState | undefined> {
  const attempts = await selectAttemptsForUser(models, activityKeyOf(id), id.userId);
  const last = attempts[attempts.length - 1];
  if (!last) return undefined;
  if (last.status === 'open') {
    // Submitting closes an attempt, so an open one normally has no submission. One that has was
    // interrupted (the process died between storing the submission and closing the attempt): it
    // is finished now, before the learner could hand in a second scored submission for it. (A
    // submit does not look: its own hand-in finds it, see EarlyReads.)
    if (early && !(await early.submittedAttempts)?.some((a) => a.equals(last._id))) return stateOf(attempts, []);
    const interrupted = await selectLatestSubmissionForAttempt(models, last._id);
    if (!interrupted) return stateOf(attempts, []);
    const closed = await finishSubmit(models, last, interrupted);
    return stateOf([...attempts.slice(0, -1), closed], await selectSubmissionsForAttempt(models, last._id));
  }
  return stateOf(attempts, await selectSubmissionsForAttempt(models, last._id));
}

/**
 * What a submit does after storing its submission, redone idempotently for a submit that was
 * interrupted or retried: its score queued for the gradebook (from the stored submission, so the
 * first try's score), and the attempt closed with the submission's score at the submission's time.
 * Returns the attempt as closed. A retry that finds its attempt closed calls it too: the first try
 * closed the attempt while queueing the score (recordSubmission) and may have failed in the second
 * write only.
 */
export async function finishSubmit(
  models: Models,
  attempt: AttemptDoc,
  submission: SubmissionDoc,
): Promise<AttemptDoc> {
  if (submission.gradeSync) await queueScore(models, submission._id, submission.gradeSync);
  if (attempt.status === 'open')
    await recordAttemptScore(models, attempt._id, submission.scoreFraction, true, submission.submittedAt);
  return {
    ...attempt,
    status: attempt.status === 'open' ? 'submitted' : attempt.status,
    closedAt: attempt.closedAt ?? submission.submittedAt,
    lastScore: submission.scoreFraction,
  };
}

/**
 * What a timed activity shows before its clock runs: the attempt the Start button would begin.
 * The attempt (and its deadline) is made only on Start, so reading the rules costs no time.
 */
export interface ExamStart {
  attemptNumber: number;
  attemptsUsed: number;
  /** The limit with this learner's extra time. */
  minutes: number;
  extraMinutes: number;
}

/**
 * The start page's facts when the learner's next step is to start a timed attempt: none yet, or the
 * last one closed and they asked for another (`wantsNext`) with attempts left. Otherwise undefined.
 */
export async function examStartOf(
  models: Models,
  id: LaunchIdentity,
  settings: ActivitySettings,
  current: AttemptState | undefined,
  wantsNext: boolean,
): Promise<ExamStart | undefined> {
  if (!settings.timeLimitMinutes) return undefined;
  if (current) {
    if (current.attempt.status === 'open' || !wantsNext) return undefined;
    if (settings.attemptsAllowed !== null && current.attempts.length >= settings.attemptsAllowed) return undefined;
  }
  const extraMinutes = extraTimeMinutesOf(await selectActivitySettings(models, activityKeyOf(id)), id.userId);
  return {
    attemptNumber: (current?.attempts.length ?? 0) + 1,
    attemptsUsed: current?.attemptsUsed ?? 0,
    minutes: settings.timeLimitMinutes + extraMinutes,
    extraMinutes,
  };
}

/**
 * Start pressed on the start page of attempt `attemptNumber`: that attempt is created now, its
 * clock running from now. A second press (double click, the back button) finds it, or the next one
 * the learner already has, and changes nothing.
 */
export async function startTimedAttempt(
  models: Models,
  secret: string,
  id: LaunchIdentity,
  settings: ActivitySettings,
  current: AttemptState | undefined,
  attemptNumber: number,
  now = new Date(),
): Promise<AttemptState> {
  if (!current) return openCurrentAttempt(models, secret, id, settings, now);
  if (attemptNumber !== current.attempts.length + 1) return current;
  return startNextAttempt(models, secret, id, settings, current, now);
}

/** A new attempt after a submitted one, if attempts are left; otherwise the state as it is. */
export async function startNextAttempt(
  models: Models,
  secret: string,
  id: LaunchIdentity,
  settings: ActivitySettings,
  state: AttemptState,
  now = new Date(),
): Promise<AttemptState> {
  if (state.attempt.status === 'open') return state;
  if (settings.attemptsAllowed !== null && state.attempts.length >= settings.attemptsAllowed) return state;
  const created = await createAttempt(models, secret, id, settings, state.attempts.length + 1, now);
  // A concurrent request (double click) may have created it first: createOrGetAttempt returned that one.
  return stateOf(
    [...state.attempts, created],
    created.attemptNumber === state.attempt.attemptNumber ? state.submissions : [],
  );
}

/** The idempotency key of the submission made when time runs out: one per attempt, whoever closes it. */
export const deadlineIdempotencyKey = (attemptId: Types.ObjectId): string => `deadline-${attemptId.toHexString()}`;

export function isPastDeadline(attempt: AttemptDoc, now: Date): boolean {
  return (
    attempt.deadlineAt !== undefined &&
    attempt.deadlineAt !== null &&
    now.getTime() > new Date(attempt.deadlineAt).getTime()
  );
}

export async function saveAttemptDraft(
  models: Models,
  attemptId: Types.ObjectId,
  typed: Record<string, string>,
  lang?: Lang,
): Promise<void> {
  await saveDraft(models, attemptId, typed, lang);
}

export interface GradedSubmission {
  grades: SubmissionGrade[];
  submission: SubmissionDoc;
  duplicate: boolean;
  /**
   * True when the attempt had been handed in under another key: nothing of this submit was stored
   * (`submission` is the attempt's hand-in), and it is answered as a submit to a closed attempt.
   */
  refused?: true;
  /** The attempt's score (after the retry penalty), 0..1. */
  scoreFraction: number;
  /** The learner's state afterwards; undefined for a duplicate, whose effects the caller reloads. */
  after?: AttemptState;
}

export interface SubmitOptions {
  /** When it was submitted (the deadline's time for the sweep). */
  now?: Date;
  /** The deadline's submission, not the learner's. */
  auto?: boolean;
  /** The activity's regrade rules, read at the request's arrival (startEarlyReads); read here otherwise. */
  regradeRules?: Promise<RegradeRule[]>;
}

/**
 * Grades and stores a submission and, for learners with a line item, queues the score for the
 * gradebook in the same step: the activity's policy (best or last) over all the learner's
 * attempts, this one included. Idempotent on the form's key. Submit and the deadline both come
 * here; `auto` marks the deadline's.
 */
export async function submitAttempt(
  models: Models,
  state: AttemptState,
  id: LaunchIdentity,
  settings: ActivitySettings,
  typed: Record<string, string>,
  idempotencyKey: string,
  lang: Lang,
  { now = new Date(), auto = false, regradeRules: rulesRead }: SubmitOptions = {},
): Promise<GradedSubmission> {
  const previous = state.attempts.filter((a) => !a._id.equals(state.attempt._id));
  // Read together: the rules every grading applies, and (after a first attempt) the others' scores.
  const [regradeRules, previousSubmissions] = await Promise.all([
    rulesRead ?? selectRegradeRules(models, activityKeyOf(id)),
    previous.length > 0
      ? selectSubmissionsForAttempts(
          models,
          previous.map((a) => a._id),
        )
      : Promise.resolve([]),
  ]);
  const graded = gradeAttempt(state.problems, (i, key) => typed[answerField(i, key)] ?? '', {
    lang,
    attemptNumber: state.attempt.attemptNumber,
    declinePerRetry: settings.declinePerRetry,
    overrides: regradeOverrides(regradeRules),
  });
  const { score } = graded;
  const thisAttempt: AttemptResult = {
    attemptNumber: state.attempt.attemptNumber,
    points: score.points,
    maxPoints: score.maxPoints,
    scoreFraction: score.scoreFraction,
    pendingManual: score.pendingManual,
  };
  const sent = policyScore(settings.scorePolicy, [...attemptResults(previous, previousSubmissions), thisAttempt]);
  const recorded = await recordSubmission(
    models,
    {
      attemptId: state.attempt._id,
      userId: id.userId,
      resourceLinkId: id.resourceLinkId,
      idempotencyKey,
      ...gradedFields(graded),
      templateVersions: state.attempt.problems.map((p) => p.templateVersion),
      auto,
      lang,
      version: 1,
      handIn: true,
      submittedAt: now,
      gradedAt: now,
    },
    // Staff scores are never sent; nor are scores without a gradebook column.
    !id.isStaff && id.lineItemUrl && sent
      ? {
          attemptId: state.attempt._id,
          platformIssuer: id.issuer,
          deploymentId: id.deploymentId,
          clientId: id.clientId,
          contextId: id.contextId,
          resourceLinkId: id.resourceLinkId,
          userId: id.userId,
          lineItemUrl: id.lineItemUrl,
          scoreGiven: sent.scoreGiven,
          scoreMaximum: sent.scoreMaximum,
          activityProgress: 'Completed',
          gradingProgress: sent.pendingManual ? 'PendingManual' : 'FullyGraded',
          timestamp: now,
        }
      : undefined,
    // Closed while the score is queued (one round trip): see recordSubmission.
    () => recordAttemptScore(models, state.attempt._id, score.scoreFraction, true, now),
  );
  // A retry of a stored submit (same key), or a submit after the attempt's hand-in under another
  // key: the stored one's submit is finished (what the first try may have left undone), and a
  // submit under another key is refused as a submit to a closed attempt is.
  if (recorded.duplicate || recorded.handedInBefore) {
    const closed = await finishSubmit(models, state.attempt, recorded.submission);
    return {
      grades: graded.grades,
      submission: recorded.submission,
      duplicate: recorded.duplicate,
      ...(recorded.handedInBefore ? { refused: true as const } : {}),
      scoreFraction: recorded.submission.scoreFraction,
      after: stateOf([...previous, closed], await selectSubmissionsForAttempt(models, state.attempt._id)),
    };
  }
  // What recordAttemptScore wrote, applied locally: the page after a submit needs no re-read.
  const attempt: AttemptDoc = { ...state.attempt, status: 'submitted', closedAt: now, lastScore: score.scoreFraction };
  return {
    grades: graded.grades,
    submission: recorded.submission,
    duplicate: false,
    scoreFraction: score.scoreFraction,
    after: stateOf([...previous, attempt], [...state.submissions, recorded.submission]),
  };
}
