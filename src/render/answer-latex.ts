import type { AnswerValue } from '../core/answer-value.ts';
import { compareScalar } from '../core/scalar.ts';
import { latexIntervalSet, latexMatrix, latexScalar } from '../engine/latex.ts';
import { escapeHtml } from './escape-html.ts';
import { renderInline } from './math-text.ts';

/** A value a student typed, as LaTeX: what the check shows back, typeset like the problem. */
export function answerLatex(v: AnswerValue): string | undefined {
  switch (v.kind) {
    case 'number':
      return latexScalar(v.value);
    case 'vector':
      return `\\left[${v.values.map(latexScalar).join(',\\ ')}\\right]`;
    case 'matrix':
      return latexMatrix(v.rows);
    case 'intervalSet':
      return latexIntervalSet(v.value);
    case 'finiteSet':
      return `\\{${[...v.values].sort(compareScalar).map(latexScalar).join(',\\ ')}\\}`;
    case 'choice':
    case 'text':
      return undefined;
  }
}

/** The typeset value (KaTeX, rendered on the server), or the canonical text when it has no math. */
export function answerHtml(v: AnswerValue, echo: string): string {
  const latex = answerLatex(v);
  return latex === undefined ? `<code>${escapeHtml(echo)}</code>` : renderInline(`$${latex}$`);
}
