import type { ReconcileRow } from '../../../activity/reconcile-scores.ts';
import type { Lang } from '../../../engine/template.ts';
import { renderReconcilePage as renderReconcileView } from './reconcile.html.ts';

/** `names`: the learners' names as their launches gave them (user id -> name). */
export function renderReconcilePage(
  rows: ReconcileRow[],
  names: ReadonlyMap<string, string>,
  ltik: string,
  lang: Lang,
): string {
  return renderReconcileView({
    lang,
    ltik,
    rows: rows.map((r) => {
      const name = names.get(r.userId);
      return {
        userId: r.userId,
        ...(name ? { name } : {}),
        tool: r.tool,
        ...(r.lms ? { lms: r.lms } : {}),
        differs: r.differs,
      };
    }),
  });
}
