import express, { type Router } from 'express';
import { assembleExam } from '../../exam/assemble-exam.ts';
import { examArchive } from '../../exam/exam-archive.ts';
import { insertGeneratedExam } from '../../store/repositories/generated-exams.ts';
import { ExamFormSchema } from '../forms/exam-form.ts';
import { launchOf, type LtiRouteDeps } from '../launch-context.ts';
import { parseBody } from '../parse-body.ts';
import { renderExamFormPage } from '../pages/exam-form/exam-form.ts';

/** Printable exam variants with keys, as one zip; each exam is recorded so it can be reproduced. */
export function examRoutes({ models }: LtiRouteDeps): Router {
  const router = express.Router();
  router.get('/exam', (_req, res) => {
    const launch = launchOf(res);
    res.type('html').send(renderExamFormPage(launch.ltik, launch.lang));
  });

  router.post('/exam', async (req, res) => {
    const launch = launchOf(res);
    const form = parseBody(ExamFormSchema, req);
    const request = { ...form, lang: form.lang ?? launch.lang };
    const exam = assembleExam(request);
    const { identity } = launch;
    await insertGeneratedExam(models, {
      examSeed: request.examSeed,
      labels: exam.variants.map((v) => v.label),
      templateIds: request.problems,
      templateVersions: exam.variants[0]?.problems.map((p) => p.variant.templateVersion) ?? [],
      lang: request.lang,
      points: request.points,
      createdBy: identity.userId,
      platformIssuer: identity.issuer,
      clientId: identity.clientId,
      deploymentId: identity.deploymentId,
      contextId: identity.contextId,
      createdAt: new Date(),
    });
    res
      .attachment(`exam-${request.examSeed.replace(/[^A-Za-z0-9_-]+/g, '-')}.zip`)
      .type('application/zip')
      .send(examArchive(exam));
  });
  return router;
}
