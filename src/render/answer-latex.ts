import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf } from '../answers/kinds/index.ts';
import { html } from './html.ts';
import { renderInline } from './math-text.ts';

/** A value a student typed, as LaTeX: what the check shows back, typeset like the problem. */
export function answerLatex(v: AnswerValue): string | undefined {
  return kindOf(v).latex(v);
}

/** The typeset value (KaTeX, rendered on the server), or the canonical text when it has no math. */
export function answerHtml(v: AnswerValue, echo: string): string {
  const latex = answerLatex(v);
  return latex === undefined ? html`<code>${echo}</code>`.toString() : renderInline(`$${latex}$`);
}
