import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { agsFaultMiddleware } from './ags-faults.ts';
import { AgsInputError, parseLineItem, parseScore } from './ags-validation.ts';
import { TYPE_ID, type PlatformContext } from './context.ts';
import { DEMO_COURSE, findDemoUser } from './demo-course.ts';
import { MEDIA, SCOPE } from './lti-constants.ts';
import type { AccessToken, LineItem } from './storage.ts';

/** Appends a path segment to a URL, keeping its query string (`…/lineitem?type_id=1` → `…/lineitem/results/3?type_id=1`). */
export function appendPath(url: string, suffix: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname}${suffix}`;
  return u.toString();
}

function lineItemJson(ctx: PlatformContext, item: LineItem): Record<string, unknown> {
  return {
    id: ctx.urls.lineItem(item.contextId, item.id),
    scoreMaximum: item.scoreMaximum,
    label: item.label,
    ...(item.resourceLinkId !== undefined ? { resourceLinkId: item.resourceLinkId } : {}),
    ...(item.resourceId !== undefined ? { resourceId: item.resourceId } : {}),
    ...(item.tag !== undefined ? { tag: item.tag } : {}),
    ...(item.startDateTime !== undefined ? { startDateTime: item.startDateTime } : {}),
    ...(item.endDateTime !== undefined ? { endDateTime: item.endDateTime } : {}),
    ...(item.gradesReleased !== undefined ? { gradesReleased: item.gradesReleased } : {}),
  };
}

const tokenOf = (res: Response): AccessToken => res.locals.accessToken as AccessToken;

/**
 * Assignment and Grade Services 2.0 under /ags/<context>/lineitems, with Moodle's URL shapes:
 * every URL carries ?type_id=…, and the scores/results URLs are the line item path plus a suffix
 * with that query kept. Order of checks: injected fault, bearer token, type_id, scope, context.
 */
export function mountAgsRoutes(router: Router, ctx: PlatformContext): void {
  const ags = express.Router({ mergeParams: true });
  const json = express.json({ type: [MEDIA.lineItem, MEDIA.score, 'application/json'], limit: '100kb' });

  ags.use(agsFaultMiddleware(ctx));
  ags.use(async (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ? await ctx.storage.getAccessToken(bearer) : undefined;
    if (!token || token.expiresAt <= ctx.now()) {
      res
        .status(401)
        .set('WWW-Authenticate', bearer ? 'Bearer error="invalid_token"' : 'Bearer')
        .json({ error: 'invalid_token', error_description: bearer ? 'the access token is unknown or expired' : 'an access token is required (Authorization: Bearer <token> from the token endpoint)' });
      return;
    }
    if (req.query.type_id !== TYPE_ID) {
      res.status(400).type('text').send('No type_id in the URL: use the line item and line items URLs exactly as given, query string included');
      return;
    }
    res.locals.accessToken = token;
    next();
  });

  const requireScope = (...accepted: string[]) => (_req: Request, res: Response, next: NextFunction) => {
    if (tokenOf(res).scopes.some((s) => accepted.includes(s))) return next();
    res.status(403).json({ error: 'insufficient_scope', error_description: `this request needs one of the scopes: ${accepted.join(' ')}` });
  };

  /** Resolves :contextId and :itemId; a tool only ever sees its own line items. */
  const loadItem = async (req: Request, res: Response): Promise<LineItem | undefined> => {
    const item = await ctx.storage.getLineItem(String(req.params.itemId));
    if (!item || item.contextId !== req.params.contextId || item.clientId !== tokenOf(res).clientId) {
      res.status(404).type('text').send('Line item not found');
      return undefined;
    }
    return item;
  };

  const knownContext = (req: Request, res: Response, next: NextFunction) => {
    if (req.params.contextId === DEMO_COURSE.id) return next();
    res.status(404).type('text').send('Course not found');
  };

  const checkResourceLink = async (res: Response, resourceLinkId: string | undefined): Promise<boolean> => {
    if (resourceLinkId === undefined) return true;
    const link = await ctx.storage.getResourceLink(resourceLinkId);
    if (link && link.clientId === tokenOf(res).clientId) return true;
    res.status(400).type('text').send(`resourceLinkId ${resourceLinkId} is not an activity of this tool in this course`);
    return false;
  };

  ags.get('/:contextId/lineitems', knownContext, requireScope(SCOPE.lineItem, SCOPE.lineItemReadOnly), async (req, res) => {
    const q = req.query;
    let items = (await ctx.storage.listLineItems(String(req.params.contextId))).filter((i) => i.clientId === tokenOf(res).clientId);
    if (typeof q.resource_link_id === 'string') items = items.filter((i) => i.resourceLinkId === q.resource_link_id);
    if (typeof q.resource_id === 'string') items = items.filter((i) => i.resourceId === q.resource_id);
    if (typeof q.tag === 'string') items = items.filter((i) => i.tag === q.tag);
    if (typeof q.limit === 'string') {
      const limit = Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1) return void res.status(400).type('text').send('limit: must be a positive whole number');
      items = items.slice(0, limit);
    }
    res.type(MEDIA.lineItemContainer).send(JSON.stringify(items.map((i) => lineItemJson(ctx, i))));
  });

  ags.post('/:contextId/lineitems', knownContext, requireScope(SCOPE.lineItem), json, async (req, res) => {
    const input = parseLineItem(req.body);
    if (!(await checkResourceLink(res, input.resourceLinkId))) return;
    const item: LineItem = { ...input, id: randomUUID(), contextId: String(req.params.contextId), clientId: tokenOf(res).clientId, createdAt: ctx.now() };
    await ctx.storage.saveLineItem(item);
    res.status(201).type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(ctx, item)));
  });

  const itemPath = '/:contextId/lineitems/:itemId/lineitem';

  ags.get(itemPath, requireScope(SCOPE.lineItem, SCOPE.lineItemReadOnly), async (req, res) => {
    const item = await loadItem(req, res);
    if (item) res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(ctx, item)));
  });

  ags.put(itemPath, requireScope(SCOPE.lineItem), json, async (req, res) => {
    const item = await loadItem(req, res);
    if (!item) return;
    const input = parseLineItem(req.body);
    if (!(await checkResourceLink(res, input.resourceLinkId))) return;
    // PUT replaces the tool-editable fields; ids and ownership stay.
    const updated: LineItem = { ...input, id: item.id, contextId: item.contextId, clientId: item.clientId, createdAt: item.createdAt };
    await ctx.storage.saveLineItem(updated);
    res.type(MEDIA.lineItem).send(JSON.stringify(lineItemJson(ctx, updated)));
  });

  ags.delete(itemPath, requireScope(SCOPE.lineItem), async (req, res) => {
    const item = await loadItem(req, res);
    if (!item) return;
    await ctx.storage.deleteLineItem(item.id);
    res.status(204).end();
  });

  ags.post(`${itemPath}/scores`, requireScope(SCOPE.score), async (req, res, next) => {
    // Checked before parsing: a tool that sends application/json here has a bug Moodle would reject.
    if (!req.is(MEDIA.score)) return void res.status(415).type('text').send(`Content-Type must be ${MEDIA.score}`);
    json(req, res, next);
  }, async (req, res) => {
    const item = await loadItem(req, res);
    if (!item) return;
    const score = parseScore(req.body);
    const user = findDemoUser(score.userId);
    if (!user || user.role !== 'Learner') return void res.status(400).type('text').send(`Incorrect score received: user ${score.userId} cannot be graded in this course (not enrolled as a student)`);
    const previous = await ctx.storage.getScore(item.id, score.userId);
    if (previous && Date.parse(score.timestamp) < Date.parse(previous.timestamp)) {
      return void res.status(400).type('text').send(`Refusing score with an earlier timestamp for item ${item.id} and user ${score.userId}`);
    }
    await ctx.storage.saveScore({ ...score, lineItemId: item.id, receivedAt: ctx.now() });
    res.status(200).end();
  });

  ags.get(`${itemPath}/results`, requireScope(SCOPE.resultReadOnly), async (req, res) => {
    const item = await loadItem(req, res);
    if (!item) return;
    let scores = await ctx.storage.listScores(item.id);
    if (typeof req.query.user_id === 'string') scores = scores.filter((s) => s.userId === req.query.user_id);
    scores.sort((a, b) => a.userId.localeCompare(b.userId));
    if (typeof req.query.limit === 'string' && Number.isInteger(Number(req.query.limit)) && Number(req.query.limit) > 0) scores = scores.slice(0, Number(req.query.limit));
    const lineItemUrl = ctx.urls.lineItem(item.contextId, item.id);
    const results = scores.map((s) => ({
      id: appendPath(lineItemUrl, `/results/${encodeURIComponent(s.userId)}`),
      scoreOf: lineItemUrl,
      userId: s.userId,
      // Results are on the line item's scale (AGS §3.3): the tool's score is rescaled.
      ...(s.scoreGiven !== undefined && s.scoreMaximum ? { resultScore: (s.scoreGiven / s.scoreMaximum) * item.scoreMaximum, resultMaximum: item.scoreMaximum } : {}),
      ...(s.comment !== undefined ? { comment: s.comment } : {}),
      timestamp: s.timestamp,
    }));
    res.type(MEDIA.resultContainer).send(JSON.stringify(results));
  });

  ags.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof AgsInputError) return void res.status(400).type('text').send(`Bad request: ${error.message}`);
    next(error);
  });

  router.use('/ags', ags);
}
