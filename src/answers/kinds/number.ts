import { formatScalar, isExact, isZero, neg, toNumber, type Scalar } from '../../core/scalar.ts';
import { latexScalar } from '../../core/latex.ts';
import { absoluteTolerance, decimalText, scalarMatches } from '../../core/tolerance.ts';
import { FULL, WRONG, type AnswerKindSpec } from './answer-kind.ts';
import { addPoints, blankWeight, numericalBlank } from './export-markup.ts';
import { readTyped } from './read-typed.ts';

// A lone "0,5" or "-1,25": a decimal comma, which a list would read as two numbers.
const DECIMAL_COMMA = /^\s*[-+−]?\d+,\d+\s*$/;

/** Exact values by their lowest-terms text; floats to 12 significant digits (1e-12 noise is not a different answer). */
export function scalarKey(s: Scalar): string {
  if (isExact(s)) return formatScalar(s);
  const x = toNumber(s);
  return x === 0 ? '0' : String(Number(x.toPrecision(12)));
}

/** A single scalar expression ("sqrt(2)/2", "-8*-2"), graded with the part's tolerance. */
export const numberKind = {
  kind: 'number',
  partTypes: ['number'],
  parse: (input, _type, options) => {
    const read = readTyped(input, 'number', options);
    // In Czech notation a lone decimal comma was read; in English it is the mistake this names.
    if ('kind' in read || options.decimalComma || !DECIMAL_COMMA.test(input)) return read;
    const typed = input.trim();
    return {
      error: `Use a decimal point: write ${typed.replace(',', '.')}, not ${typed} (a comma separates entries)`,
      position: input.indexOf(','),
    };
  },
  format: (v) => formatScalar(v.value),
  compare: (student, reference, tolerance) =>
    student.kind === 'number' && scalarMatches(student.value, reference.value, tolerance) ? FULL : WRONG,
  latex: (v) => latexScalar(v.value),
  identity: (v) => scalarKey(v.value),
  negate: (v) => (isZero(v.value) ? undefined : { kind: 'number', value: neg(v.value) }),
  moodleCloze: (v, { part, points }) => numericalBlank(toNumber(v.value), blankWeight(points, 1), part.tolerance),
  qti: (v, { part, points, id }) => {
    const value = toNumber(v.value);
    const compare = `<variable identifier="${id}"/><correct identifier="${id}"/>`;
    return {
      declaration: `<responseDeclaration identifier="${id}" cardinality="single" baseType="float"><correctResponse><value>${decimalText(value)}</value></correctResponse></responseDeclaration>`,
      interaction: `<textEntryInteraction responseIdentifier="${id}" expectedLength="12"/>`,
      scoring: addPoints(
        `<equal toleranceMode="absolute" tolerance="${decimalText(absoluteTolerance(value, part.tolerance))}">${compare}</equal>`,
        points,
      ),
    };
  },
} satisfies AnswerKindSpec<'number'>;
