import type { PlatformContext } from './context.ts';
import { DEMO_COURSE, DEMO_USERS, fullName } from './demo-course.ts';
import type { ActivityProgress, GradingProgress } from './storage.ts';

export interface GradebookColumn {
  lineItemId: string;
  /** The line item URL the tool sees (with Moodle's ?type_id query). */
  url: string;
  label: string;
  scoreMaximum: number;
  clientId: string;
  resourceLinkId?: string;
  /** Title of the activity the column belongs to, when it belongs to one. */
  activityTitle?: string;
}

export interface GradebookCell {
  lineItemId: string;
  userId: string;
  userName: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  timestamp: string;
}

export interface Gradebook {
  course: { id: string; label: string; title: string };
  students: { id: string; name: string }[];
  lineItems: GradebookColumn[];
  /** The latest score per (line item, user); absent cells have no score yet. */
  scores: GradebookCell[];
}

/** The demo course's grades as an instructor would see them: line items by students. */
export async function readGradebook(ctx: PlatformContext): Promise<Gradebook> {
  const links = new Map((await ctx.storage.listResourceLinks(DEMO_COURSE.id)).map((l) => [l.id, l]));
  const items = await ctx.storage.listLineItems(DEMO_COURSE.id);
  const names = new Map(DEMO_USERS.map((u) => [u.id, fullName(u)]));
  const scores: GradebookCell[] = [];
  for (const item of items) {
    for (const s of await ctx.storage.listScores(item.id)) {
      scores.push({
        lineItemId: item.id,
        userId: s.userId,
        userName: names.get(s.userId) ?? s.userId,
        activityProgress: s.activityProgress,
        gradingProgress: s.gradingProgress,
        timestamp: s.timestamp,
        ...(s.scoreGiven !== undefined ? { scoreGiven: s.scoreGiven } : {}),
        ...(s.scoreMaximum !== undefined ? { scoreMaximum: s.scoreMaximum } : {}),
        ...(s.comment !== undefined ? { comment: s.comment } : {}),
      });
    }
  }
  return {
    course: { ...DEMO_COURSE },
    students: DEMO_USERS.filter((u) => u.role === 'Learner').map((u) => ({ id: u.id, name: fullName(u) })),
    lineItems: items.map((item) => {
      const title = item.resourceLinkId ? links.get(item.resourceLinkId)?.title : undefined;
      return {
        lineItemId: item.id,
        url: ctx.urls.lineItem(item.contextId, item.id),
        label: item.label,
        scoreMaximum: item.scoreMaximum,
        clientId: item.clientId,
        ...(item.resourceLinkId !== undefined ? { resourceLinkId: item.resourceLinkId } : {}),
        ...(title !== undefined ? { activityTitle: title } : {}),
      };
    }),
    scores,
  };
}
