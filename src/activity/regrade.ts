import { createHash } from 'node:crypto';
import type { Lang, Tolerance } from '../engine/template.ts';
import { gradeSubmission, GRADER_VERSION, type PartRegrade } from '../grading/grade-submission.ts';
import type { ResourceLinkKey } from '../store/models/activity-settings.ts';
import type { Models } from '../store/models/index.ts';
import type { SubmissionDoc, SubmittedPart } from '../store/models/submission.ts';
import { selectAttemptsForResourceLink } from '../store/repositories/attempts.ts';
import { recordSubmission, selectSubmissionsForResourceLink } from '../store/repositories/submissions.ts';
import { answerField, loadProblems } from './attempt-service.ts';
import { submittedPart } from './submitted-part.ts';

export interface RegradeRule {
  problemIndex: number;
  partKey: string;
  action: 'tolerance' | 'accept' | 'discount';
  /** For 'tolerance': the new relative tolerance, in percent. */
  relativePercent?: number;
  /** For 'accept': an answer to accept, typed as a student would. */
  accepted?: string;
}

export interface RegradeChange {
  submission: SubmissionDoc;
  userId: string;
  before: number;
  after: number;
  parts: SubmittedPart[];
  rawScore: number;
}

export function describeRule(rule: RegradeRule): string {
  const target = `problem ${rule.problemIndex + 1}, part ${rule.partKey}`;
  if (rule.action === 'discount') return `${target}: full marks for everyone`;
  if (rule.action === 'accept') return `${target}: also accept ${rule.accepted ?? ''}`;
  return `${target}: relative tolerance ${rule.relativePercent ?? 1} %`;
}

function partRegrade(rule: RegradeRule): PartRegrade {
  if (rule.action === 'discount') return { discount: true };
  if (rule.action === 'accept') return { accepted: rule.accepted ? [rule.accepted] : [] };
  const tolerance: Tolerance = { kind: 'relative', rel: (rule.relativePercent ?? 1) / 100, absFloor: 1e-9 };
  return { tolerance };
}

/**
 * What a regrade would change: each learner attempt's latest submission graded again from its
 * stored raw answers and parameters with the current core, the rule applied to one part.
 */
export async function previewRegrade(models: Models, key: ResourceLinkKey, rule: RegradeRule, lang: Lang): Promise<RegradeChange[]> {
  const attempts = (await selectAttemptsForResourceLink(models, key)).filter((a) => !a.isStaff);
  const submissions = await selectSubmissionsForResourceLink(models, key.resourceLinkId);
  const changes: RegradeChange[] = [];
  for (const attempt of attempts) {
    const latest = submissions.filter((s) => s.attemptId.equals(attempt._id)).pop();
    if (!latest) continue;
    const problems = loadProblems(attempt);
    const typed: Record<string, string> = {};
    for (const part of latest.parts) typed[answerField(part.problemIndex, part.partKey)] = part.raw;
    const grades = problems.map((p, i) => {
      const raw: Record<string, string> = {};
      for (const part of p.variant.parts) raw[part.key] = typed[answerField(i, part.key)] ?? '';
      return gradeSubmission(p.template, p.variant, raw, { lang, ...(i === rule.problemIndex ? { regrade: { [rule.partKey]: partRegrade(rule) } } : {}) });
    });
    const maxPoints = problems.reduce((a, p) => a + p.points, 0);
    const rawScore = maxPoints > 0 ? grades.reduce((a, g, i) => a + g.score * (problems[i]?.points ?? 0), 0) / maxPoints : 0;
    // The retry penalty the submission had is kept.
    const penalty = latest.rawScore > 0 ? latest.scoreFraction / latest.rawScore : 1;
    const after = Math.round(rawScore * penalty * 1e6) / 1e6;
    const parts: SubmittedPart[] = grades.flatMap((g, i) =>
      Object.values(g.parts).map((part) => {
        const previous = latest.parts.find((x) => x.problemIndex === i && x.partKey === part.key);
        // A grade the instructor gave by hand stays as given.
        if (previous?.manualScore !== undefined) return previous;
        return submittedPart(i, problems[i]?.template.id ?? '', part);
      }),
    );
    if (Math.abs(after - latest.scoreFraction) > 1e-9) changes.push({ submission: latest, userId: attempt.userId, before: latest.scoreFraction, after, parts, rawScore });
  }
  return changes;
}

/** Writes the regraded submissions (new records: submissions stay append-only) and re-queues their grades. */
export async function applyRegrade(models: Models, key: ResourceLinkKey, rule: RegradeRule, lang: Lang): Promise<number> {
  const changes = await previewRegrade(models, key, rule, lang);
  const ruleId = createHash('sha256').update(JSON.stringify(rule)).digest('hex').slice(0, 12);
  for (const c of changes) {
    const old = c.submission;
    const previousSync = await models.GradeSync.findOne({ submissionId: old._id }).lean();
    await recordSubmission(
      models,
      {
        attemptId: old.attemptId,
        userId: old.userId,
        resourceLinkId: old.resourceLinkId,
        idempotencyKey: `regrade-${ruleId}-${old._id.toHexString()}`,
        parts: c.parts,
        rawScore: c.rawScore,
        scoreFraction: c.after,
        points: Math.round(c.after * old.maxPoints * 1e6) / 1e6,
        maxPoints: old.maxPoints,
        pendingManual: c.parts.some((p) => p.pendingManual),
        graderVersion: GRADER_VERSION,
        templateVersions: old.templateVersions,
        auto: old.auto,
        regradeOf: old._id,
        regradeRule: describeRule(rule),
        submittedAt: new Date(),
      },
      previousSync
        ? {
            attemptId: old.attemptId,
            platformIssuer: previousSync.platformIssuer,
            clientId: previousSync.clientId,
            contextId: previousSync.contextId,
            resourceLinkId: previousSync.resourceLinkId,
            userId: previousSync.userId,
            lineItemUrl: previousSync.lineItemUrl,
            scoreGiven: Math.round(c.after * previousSync.scoreMaximum * 1e6) / 1e6,
            scoreMaximum: previousSync.scoreMaximum,
            activityProgress: 'Completed',
            gradingProgress: c.parts.some((p) => p.pendingManual) ? 'PendingManual' : 'FullyGraded',
            timestamp: new Date(),
          }
        : undefined,
    );
    await models.Attempt.updateOne({ _id: old.attemptId }, { $set: { lastScore: c.after }, $max: { bestScore: c.after } });
  }
  return changes.length;
}
