import type { AnswerValue } from '../core/answer-value.ts';
import { compareScalar, formatScalar, type Scalar } from '../core/scalar.ts';

const list = (values: readonly Scalar[]): string => values.map(formatScalar).join(', ');

/** The canonical echo of a value: what "read as ..." shows and what an answer key prints. */
export function formatAnswerValue(v: AnswerValue): string {
  switch (v.kind) {
    case 'number':
      return formatScalar(v.value);
    case 'vector':
      return `[${list(v.values)}]`;
    case 'matrix':
      return `[${v.rows.map((r) => `[${list(r)}]`).join(', ')}]`;
    case 'intervalSet':
      return v.value.toString();
    case 'finiteSet':
      return `{${list([...v.values].sort(compareScalar))}}`;
    case 'choice':
      return v.ids.join(', ');
    case 'text':
      return v.text;
  }
}
