import { randomUUID } from 'node:crypto';
import type { PlatformContext } from './context.ts';
import { DEMO_COURSE, SEED_ACTIVITY } from './demo-course.ts';
import type { LineItem, ResourceLink, SandboxStorage } from './storage.ts';

export interface NewActivity {
  clientId: string;
  title: string;
  url?: string;
  custom?: Record<string, string>;
  /** A gradebook column for the activity, as a deep-linking content item's lineItem asks for. */
  lineItem?: { scoreMaximum: number; label?: string; resourceId?: string; tag?: string };
}

/** Adds an activity (resource link) to the demo course, with its line item when it is graded. */
export async function createActivity(ctx: PlatformContext, activity: NewActivity): Promise<{ link: ResourceLink; lineItem?: LineItem }> {
  const now = ctx.now();
  const link: ResourceLink = {
    id: randomUUID(),
    contextId: DEMO_COURSE.id,
    clientId: activity.clientId,
    title: activity.title,
    custom: activity.custom ?? {},
    createdAt: now,
    ...(activity.url ? { url: activity.url } : {}),
  };
  let lineItem: LineItem | undefined;
  if (activity.lineItem) {
    lineItem = {
      // Moodle's line item ids are small integers; opaque ids keep parallel tests apart.
      id: randomUUID(),
      contextId: DEMO_COURSE.id,
      clientId: activity.clientId,
      label: activity.lineItem.label ?? activity.title,
      scoreMaximum: activity.lineItem.scoreMaximum,
      resourceLinkId: link.id,
      createdAt: now,
      ...(activity.lineItem.resourceId !== undefined ? { resourceId: activity.lineItem.resourceId } : {}),
      ...(activity.lineItem.tag !== undefined ? { tag: activity.lineItem.tag } : {}),
    };
    link.lineItemId = lineItem.id;
    await ctx.storage.saveLineItem(lineItem);
  }
  await ctx.storage.saveResourceLink(link);
  return lineItem ? { link, lineItem } : { link };
}

/** A fresh course gets one graded activity, so a newcomer can launch as a student straight away. */
export async function ensureSeedActivity(ctx: PlatformContext, clientId: string): Promise<void> {
  if ((await ctx.storage.listResourceLinks(DEMO_COURSE.id)).length > 0) return;
  await createActivity(ctx, { clientId, title: SEED_ACTIVITY.title, lineItem: { scoreMaximum: SEED_ACTIVITY.scoreMaximum } });
}

/**
 * Moves activities and line items of earlier registrations to a new one, as an administrator does
 * in Moodle after re-registering a tool: the course and its gradebook survive the tool's reset.
 */
export async function adoptActivities(storage: SandboxStorage, fromClientIds: readonly string[], toClientId: string): Promise<number> {
  let moved = 0;
  for (const link of await storage.listResourceLinks(DEMO_COURSE.id)) {
    if (!fromClientIds.includes(link.clientId)) continue;
    await storage.saveResourceLink({ ...link, clientId: toClientId });
    moved += 1;
  }
  for (const item of await storage.listLineItems(DEMO_COURSE.id)) {
    if (fromClientIds.includes(item.clientId)) await storage.saveLineItem({ ...item, clientId: toClientId });
  }
  return moved;
}
