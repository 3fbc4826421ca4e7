import { describeRule, type RegradeChange, type RegradeRule } from '../../../activity/regrade.ts';
import type { Lang } from '../../../engine/template.ts';
import { renderRegradePage as renderRegradeView } from './regrade.html.ts';

/** The regrade page: the form for `parts`, and with a rule the preview of its `changes`. */
export function renderRegradePage(
  ltik: string,
  lang: Lang,
  parts: Array<{ problemIndex: number; partKey: string; label: string }>,
  rule?: RegradeRule,
  changes?: RegradeChange[],
): string {
  return renderRegradeView({
    lang,
    ltik,
    parts,
    ...(rule ? { rule } : {}),
    ...(rule && changes
      ? {
          preview: {
            description: describeRule(rule),
            changes: changes.map((c) => ({
              userId: c.userId,
              userName: c.userName,
              ...(c.before ? { before: c.before } : {}),
              ...(c.after ? { after: c.after } : {}),
              versions: c.versions.map((v) => ({
                attemptNumber: v.attempt.attemptNumber,
                points: v.current.points,
                maxPoints: v.current.maxPoints,
                newPoints: v.graded.score.points,
                newMaxPoints: v.graded.score.maxPoints,
              })),
            })),
          },
        }
      : {}),
  });
}
