import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/start-test-server.ts';
import { launchStudents, submitBurst } from './support/burst.ts';
import { expectPromisesKept, printFigures } from './support/invariants.ts';

describe('an LMS that revokes the access token the tool holds', () => {
  it('gets a new token at the first refusal and delivers every score, the earlier ones once', async () => {
    const app = await startTestServer();
    try {
      const sandbox = app.sandbox;
      if (!sandbox) throw new Error('the test server runs the sandbox LMS');
      const column = () =>
        sandbox.state.scores.get(sandbox.state.links.get('demo-exam')?.lineItemId ?? '') ?? new Map();
      const before = await launchStudents(app.baseUrl, app.store.models, 1, 6);
      await submitBurst(app.baseUrl, before);
      expect(await app.drainGradeSync()).toBe(6);
      expect(sandbox.state.accessTokens.size).toBe(1);

      // The LMS restarts without its tokens, or an administrator revokes them: the tool's token,
      // still stored in ltijs' accesstoken collection, is refused with 401 from now on.
      sandbox.state.revokeAccessTokens();
      const after = await launchStudents(app.baseUrl, app.store.models, 101, 6);
      await submitBurst(app.baseUrl, after);
      // One drain, no waiting for a retry: each refused send asks once for a new token and resends.
      expect(await app.drainGradeSync()).toBe(6);
      expect(sandbox.state.accessTokens.size).toBe(1);
      const students = [...before, ...after];
      const acked = new Set(students.map((s) => s.ackedSubmissionId ?? ''));
      const figures = await expectPromisesKept(app.store.models, students, column(), acked);
      expect(figures.resent).toBe(0);
      printFigures('revoked token at the LMS', 1, [figures]);
    } finally {
      await app.cleanup();
    }
  });
});
