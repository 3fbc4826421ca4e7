/** One learner's score as the tool last queued it and as the LMS gradebook holds it. */
export interface ReconcileRow {
  userId: string;
  syncId: string;
  tool: { scoreGiven: number; scoreMaximum: number };
  lms: { resultScore: number; resultMaximum: number } | null;
  differs: boolean;
}

export interface LmsResult {
  userId?: unknown;
  resultScore?: unknown;
  resultMaximum?: unknown;
}

/**
 * Pure comparison: scores are compared as fractions of their maximum (an LMS may rescale), within
 * a small tolerance; a learner missing in the LMS differs.
 */
export function reconcileScores(
  tool: ReadonlyArray<{ userId: string; syncId: string; scoreGiven: number; scoreMaximum: number }>,
  lms: readonly LmsResult[],
): ReconcileRow[] {
  const byUser = new Map<string, { resultScore: number; resultMaximum: number }>();
  for (const r of lms) {
    if (typeof r.userId !== 'string' || typeof r.resultScore !== 'number') continue;
    byUser.set(r.userId, {
      resultScore: r.resultScore,
      resultMaximum: typeof r.resultMaximum === 'number' && r.resultMaximum > 0 ? r.resultMaximum : 1,
    });
  }
  return tool.map((t) => {
    const held = byUser.get(t.userId) ?? null;
    const toolFraction = t.scoreMaximum > 0 ? t.scoreGiven / t.scoreMaximum : 0;
    const differs = held === null || Math.abs(held.resultScore / held.resultMaximum - toolFraction) > 1e-6;
    return {
      userId: t.userId,
      syncId: t.syncId,
      tool: { scoreGiven: t.scoreGiven, scoreMaximum: t.scoreMaximum },
      lms: held,
      differs,
    };
  });
}
