import express, { type Router } from 'express';
import { z } from 'zod';
import { DEMO_COURSE, findSandboxUser } from '../state.ts';
import { requireScope } from './access-token.ts';
import type { PlatformDeps } from './platform-deps.ts';
import { parseSandboxBody, SandboxError } from './sandbox-error.ts';

const AGS = 'https://purl.imsglobal.org/spec/lti-ags/scope/';

/** An AGS score post (the fields the gradebook keeps; others are kept as sent). */
const ScoreSchema = z.looseObject({
  userId: z.string(),
  scoreGiven: z.number().optional(),
  scoreMaximum: z.number().optional(),
  activityProgress: z.string().min(1),
  gradingProgress: z.string().min(1),
  timestamp: z.string().min(1),
  comment: z.string().optional(),
});

/** Assignment and Grade Services: line items, score posts (the gradebook) and results. */
export function agsRoutes({ issuer, state, faults, persistScore }: PlatformDeps): Router {
  const router = express.Router();

  const lineItemJson = (id: string) => {
    const li = state.lineItems.get(id);
    if (!li) throw new SandboxError(404, 'no such line item');
    return {
      id: `${issuer}/ags/${DEMO_COURSE.id}/lineitems/${li.id}/lineitem?type_id=1`,
      label: li.label,
      scoreMaximum: li.scoreMaximum,
      resourceLinkId: li.resourceLinkId,
      ...(li.resourceId ? { resourceId: li.resourceId } : {}),
    };
  };

  router.get('/ags/:ctx/lineitems', (req, res) => {
    requireScope(state, req, `${AGS}lineitem.readonly`);
    res
      .type('application/vnd.ims.lis.v2.lineitemcontainer+json')
      .send(JSON.stringify([...state.lineItems.keys()].map(lineItemJson)));
  });

  router.get('/ags/:ctx/lineitems/:id/lineitem', (req, res) => {
    requireScope(state, req, `${AGS}lineitem.readonly`);
    res.type('application/vnd.ims.lis.v2.lineitem+json').send(JSON.stringify(lineItemJson(String(req.params.id))));
  });

  router.post('/ags/:ctx/lineitems/:id/lineitem/scores', (req, res) => {
    requireScope(state, req, `${AGS}score`);
    if (faults.agsFailure && faults.agsFailure.count > 0) {
      faults.agsFailure.count--;
      res.status(faults.agsFailure.status).send(faults.agsFailure.body);
      return;
    }
    if (req.query.type_id !== '1') throw new SandboxError(400, 'the line item query string (type_id) was lost');
    const id = String(req.params.id);
    if (!state.lineItems.has(id)) throw new SandboxError(404, 'no such line item');
    const user = findSandboxUser(req.body?.userId);
    if (!user || user.role !== 'learner')
      throw new SandboxError(400, 'User cannot be graded: not enrolled as a student');
    const score = parseSandboxBody(ScoreSchema, req, 'activityProgress, gradingProgress and timestamp are required');
    // Kept before it is acknowledged, as an LMS does: a 204 is a grade that survives a restart.
    persistScore(id, state.recordScore(id, score));
    res.status(204).end();
  });

  router.get('/ags/:ctx/lineitems/:id/lineitem/results', (req, res) => {
    requireScope(state, req, `${AGS}result.readonly`);
    const id = String(req.params.id);
    if (!state.lineItems.get(id)) throw new SandboxError(404, 'no such line item');
    const results = [...(state.scores.get(id)?.values() ?? [])].map((s) => ({
      id: `${issuer}/ags/results/${id}/${s.userId}`,
      scoreOf: lineItemJson(id).id,
      userId: s.userId,
      resultScore: s.scoreGiven,
      resultMaximum: s.scoreMaximum,
    }));
    res.type('application/vnd.ims.lis.v2.resultcontainer+json').send(JSON.stringify(results));
  });
  return router;
}
