import type { Lang } from '../engine/template.ts';
import type { ActivityKey } from '../store/models/activity-key.ts';
import type { AttemptDoc } from '../store/models/attempt.ts';
import type { Models } from '../store/models/index.ts';
import type { SubmissionDoc } from '../store/models/submission.ts';
import {
  addRegradeRule,
  regradeRulesOf,
  selectActivitiesWithRulesSince,
  selectActivitySettings,
} from '../store/repositories/activity-settings.ts';
import { recordAttemptScore, selectAttemptsOfActivity } from '../store/repositories/attempts.ts';
import {
  recordSubmission,
  selectSubmissionsOfActivity,
  type RecordedSubmission,
} from '../store/repositories/submissions.ts';
import type { ActivitySettings } from './activity-settings.ts';
import { loadProblems } from './attempt-service.ts';
import { gradeAttempt, gradedFields, type GradedAttempt } from './grade-attempt.ts';
import { regradeOverrides, type GradebookScore, type RegradeRule } from '../grading/scoring.ts';
import { queuedPolicyScore, studentGradebookScore } from './student-score.ts';
import {
  attemptsByStudent,
  currentVersions,
  submissionsByStudent,
  versionKey,
  versionOf,
} from './submission-versions.ts';

export type { RegradeRule };

/** One attempt whose current graded version a regrade changes. */
export interface VersionChange {
  attempt: AttemptDoc;
  current: SubmissionDoc;
  graded: GradedAttempt;
}

/** What a regrade changes for one student: their attempts, and the score their gradebook holds. */
export interface RegradeChange {
  userId: string;
  userName: string;
  before: GradebookScore | undefined;
  after: GradebookScore | undefined;
  versions: VersionChange[];
}

export function describeRule(rule: RegradeRule): string {
  const target = `problem ${rule.problemIndex + 1}, part ${rule.partKey}`;
  if (rule.action === 'discount') return `${target}: full marks for everyone`;
  if (rule.action === 'accept') return `${target}: also accept ${rule.accepted ?? ''}`;
  return `${target}: relative tolerance ${rule.relativePercent ?? 1} %`;
}

const sameRule = (a: RegradeRule, b: RegradeRule): boolean =>
  a.problemIndex === b.problemIndex &&
  a.partKey === b.partKey &&
  a.action === b.action &&
  a.relativePercent === b.relativePercent &&
  a.accepted === b.accepted;

/** The answers of a stored version, by part: regrading starts from what the student typed. */
export function typedOf(s: Pick<SubmissionDoc, 'parts'>): (problemIndex: number, partKey: string) => string {
  const byField = new Map(s.parts.map((p) => [`${p.problemIndex}:${p.partKey}`, p.raw]));
  return (i, key) => byField.get(`${i}:${key}`) ?? '';
}

/** Grades a stored version again from its raw answers and params, with the rules and the instructor's decisions kept. */
export function regradeVersion(
  attempt: AttemptDoc,
  current: SubmissionDoc,
  rules: readonly RegradeRule[],
  settings: Pick<ActivitySettings, 'declinePerRetry'>,
  lang: Lang,
  kept = current.parts,
): GradedAttempt {
  return gradeAttempt(loadProblems(attempt), typedOf(current), {
    lang: current.lang ?? lang,
    attemptNumber: attempt.attemptNumber,
    declinePerRetry: settings.declinePerRetry,
    overrides: regradeOverrides(rules),
    kept,
  });
}

function changed(current: SubmissionDoc, graded: GradedAttempt): boolean {
  if (
    Math.abs(current.scoreFraction - graded.score.scoreFraction) > 1e-9 ||
    current.pendingManual !== graded.score.pendingManual
  )
    return true;
  return graded.parts.some((p) => {
    const was = current.parts.find((x) => x.problemIndex === p.problemIndex && x.partKey === p.partKey);
    return (
      !was ||
      Math.abs(was.score - p.score) > 1e-9 ||
      Math.abs(was.points - p.points) > 1e-9 ||
      was.pendingManual !== p.pendingManual
    );
  });
}

/** Students graded again between two turns of the event loop (a few tens of ms). */
const YIELD_EVERY_STUDENTS = 50;

/**
 * What the rules would change: every learner attempt's current graded version graded again from
 * its stored raw answers and parameters, manual scores and comments kept; grouped by student with
 * the gradebook score (the activity's policy) before and after.
 */
async function planRegrade(
  models: Models,
  key: ActivityKey,
  rules: readonly RegradeRule[],
  settings: ActivitySettings,
  lang: Lang,
  /** Only current versions graded at this time or later are graded again (all when absent). */
  gradedSince?: Date,
): Promise<RegradeChange[]> {
  const attempts = (await selectAttemptsOfActivity(models, key)).filter((a) => !a.isStaff);
  const submissions = await selectSubmissionsOfActivity(models, key);
  const current = currentVersions(submissions);
  const byUser = attemptsByStudent(attempts);
  const submissionsOf = submissionsByStudent(attempts, submissions);
  const changes: RegradeChange[] = [];
  let graded = 0;
  for (const [userId, own] of byUser) {
    // Grading a class takes the event loop for a while: students submitting meanwhile wait less.
    if (++graded % YIELD_EVERY_STUDENTS === 0) await new Promise((resolve) => setImmediate(resolve));
    const versions: VersionChange[] = [];
    for (const attempt of own) {
      const s = current.get(attempt._id.toHexString());
      if (!s || (gradedSince && (s.gradedAt ?? s.submittedAt) < gradedSince)) continue;
      const graded = regradeVersion(attempt, s, rules, settings, lang);
      if (changed(s, graded)) versions.push({ attempt, current: s, graded });
    }
    if (versions.length === 0) continue;
    const ownSubmissions = submissionsOf.get(userId) ?? [];
    const afterVersions = versions.map((v) => asVersion(v, new Date(0)));
    changes.push({
      userId,
      userName: own[0]?.userName ?? '',
      before: studentGradebookScore(settings.scorePolicy, own, ownSubmissions),
      after: studentGradebookScore(settings.scorePolicy, own, [...ownSubmissions, ...afterVersions]),
      versions,
    });
  }
  return changes;
}

/** The next graded version of a submission, as stored (without its queued score). */
export function asVersion(v: VersionChange, now: Date, description?: string): SubmissionDoc {
  // A graded version is no hand-in: the student's submission it grades again holds the attempt's one.
  const { handIn: _handIn, ...old } = v.current;
  const version = versionOf(old) + 1;
  return {
    ...old,
    _id: old._id,
    idempotencyKey: versionKey(version),
    ...gradedFields(v.graded),
    regradeOf: old.regradeOf ?? old._id,
    ...(description ? { regradeRule: description } : {}),
    version,
    gradedAt: now,
    gradeSync: undefined,
  };
}

export async function previewRegrade(
  models: Models,
  key: ActivityKey,
  rule: RegradeRule,
  settings: ActivitySettings,
  lang: Lang,
): Promise<RegradeChange[]> {
  const rules = regradeRulesOf(await selectActivitySettings(models, key));
  return planRegrade(models, key, rules.some((r) => sameRule(r, rule)) ? rules : [...rules, rule], settings, lang);
}

/**
 * Records the rule for every later grading, writes one new graded version per changed submission
 * (not a submission of the student's) and queues ONE score per affected student: their policy
 * score after the regrade. Every version of a student carries that same score (so a crash between
 * two leaves a repairable, right record); the outbox sends only the newest. Returns the students changed.
 */
export async function applyRegrade(
  models: Models,
  key: ActivityKey,
  rule: RegradeRule,
  settings: ActivitySettings,
  appliedBy: string,
  lang: Lang,
  now = new Date(),
): Promise<number> {
  const stored = regradeRulesOf(await selectActivitySettings(models, key));
  if (!stored.some((r) => sameRule(r, rule))) await addRegradeRule(models, key, rule, appliedBy, now);
  const changes = await planRegrade(
    models,
    key,
    stored.some((r) => sameRule(r, rule)) ? stored : [...stored, rule],
    settings,
    lang,
  );
  const description = `regraded: ${describeRule(rule)}`;
  for (const change of changes) await writeStudentVersions(models, change.versions, change.after, description, now);
  return changes.length;
}

/** How long after a rule was applied its activity is graded again by reapplyRecentRegrades. */
export const REAPPLY_WINDOW_MS = 30 * 60_000;

/**
 * A submit reads the regrade rules when its request arrives and stores its submission a moment
 * later (hundreds of ms under the load at an exam's end). One that read them just before an
 * instructor applied a rule, and was stored after applyRegrade had read the activity's
 * submissions, was graded without the rule and never graded again. This applies the stored rules
 * again to the activities with a rule applied within `windowMs`, grading again the current versions
 * graded within it and keeping only what changes: it finds exactly such submissions, and nothing
 * once they have their version. Run with the submission repair (at start and every few minutes):
 * idempotent, and safe on several instances at once (a version number is stored once). Returns the
 * students whose scores changed.
 */
export async function reapplyRecentRegrades(
  models: Models,
  {
    now = new Date(),
    windowMs = REAPPLY_WINDOW_MS,
    log = () => undefined,
  }: { now?: Date; windowMs?: number; log?: (line: string) => void } = {},
): Promise<number> {
  let changed = 0;
  const since = new Date(now.getTime() - windowMs);
  for (const { key, settings, rules } of await selectActivitiesWithRulesSince(models, since)) {
    // One activity that cannot be graded again (a template gone from this version, say) is
    // reported and left for the next run; it must not stop the others, nor the tool's start.
    try {
      // Feedback is written in each submission's own language; this is only the fallback for old ones.
      const lang: Lang = settings.language === 'cs' ? 'cs' : 'en';
      // A submit the rule missed was graded within the window; what was graded before it, applyRegrade saw.
      const changes = await planRegrade(models, key, rules, settings, lang, since);
      const description = `regraded: ${rules.map(describeRule).join('; ')} (stored while a rule was applied)`;
      for (const change of changes) await writeStudentVersions(models, change.versions, change.after, description, now);
      changed += changes.length;
    } catch (error) {
      log(
        `regrade of the submits stored while a rule was applied, activity ${key.resourceLinkId} (${key.contextId}): ${error instanceof Error ? error.message : String(error)}; tried again at the next repair`,
      );
    }
  }
  return changed;
}

/**
 * Writes a student's new graded versions, each carrying the student's policy score afterwards
 * (where their submissions send scores at all), and copies each attempt's score to the attempt.
 */
export async function writeStudentVersions(
  models: Models,
  versions: readonly VersionChange[],
  after: GradebookScore | undefined,
  description: string,
  now: Date,
): Promise<RecordedSubmission[]> {
  const written: RecordedSubmission[] = [];
  for (const v of versions) {
    // Where this submission's scores go (none for staff, or without a gradebook column).
    const destination = v.current.gradeSync;
    const { _id: _unused, createdAt: _created, ...doc } = asVersion(v, now, description);
    const gradeSync = destination && after ? queuedPolicyScore(destination, after, v.attempt._id, now) : undefined;
    const recorded = await recordSubmission(models, { ...doc, ...(gradeSync ? { gradeSync } : {}) });
    written.push(recorded);
    // Another grader wrote this version number first: theirs stands, this one was not stored.
    if (recorded.duplicate) continue;
    await recordAttemptScore(models, v.attempt._id, v.graded.score.scoreFraction, false, now);
  }
  return written;
}
