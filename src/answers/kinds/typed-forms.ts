import type { Interval, IntervalSet } from '../../core/interval-set.ts';
import { formatScalar, isExact, toNumber, type Scalar } from '../../core/scalar.ts';
import { absoluteTolerance, decimalText, type Tolerance } from '../../core/tolerance.ts';
import type { NumberNotation } from '../read-structured.ts';
import { regexLiteral } from './export-markup.ts';

/**
 * The spellings of an interval set or a set that a student may type and the tool accepts, for
 * LMS exports that compare text: "(0, 2/15)", "(0,2/15)", "]0, 2/15[", "(0; 2/15)", "(0, 0.133)",
 * "(-∞, 0) ∪ (1/3, ∞)", "{1/3, 0}". In Czech notation (a Czech export, as a Czech page reads
 * answers) also decimal commas with ";" between entries: "(0; 0,133)", "{0; 0,333}", "{0; 1/3}".
 * Those are never listed for another language: there "{0; 0,5}" is no set and "(0, 0,5)" has three
 * entries. Each spelling reads back (through the tool's own parser, in the export's notation) as an
 * answer the tool grades correct; a test checks that for every one listed.
 */

/** At most this many spellings per blank (Moodle stores one answer row per spelling). */
export const MAX_FORMS = 96;

interface Style {
  /** ", " and " U " (spaced) or "," and "U". */
  spaced: boolean;
  /** Between an interval's ends: "," or ";" (Czech students write "(0; 2/15)"). */
  separator: ',' | ';';
  /** Between a set's elements: "," or, in Czech notation only, ";" ("{0; 1/3}"). */
  setSeparator: ',' | ';';
  /** A decimal end's mark: "0.133", or in Czech notation "0,133" (then ";" separates the entries). */
  decimalMark: '.' | ',';
  /** Open ends as "]a, b[" instead of "(a, b)". */
  reversed: boolean;
  infinity: 'inf' | '∞';
  union: 'U' | '∪';
  /** Ends as typed: exact ("2/15") or decimals to 3 or 4 significant digits ("0.133"). */
  digits: 'exact' | 3 | 4;
}

/** A finite end as a decimal to `digits` significant digits, when the part's tolerance accepts it; else undefined. */
function decimalEnd(s: Scalar, digits: number, tolerance: Tolerance | undefined): string | undefined {
  const x = toNumber(s);
  const rounded = Number(x.toPrecision(digits));
  if (Math.abs(rounded - x) > absoluteTolerance(x, tolerance)) return undefined;
  return decimalText(rounded);
}

function endText(s: Scalar, style: Style, tolerance: Tolerance | undefined): string | undefined {
  const x = toNumber(s);
  if (!Number.isFinite(x)) return `${x < 0 ? '-' : ''}${style.infinity}`;
  if (style.digits === 'exact') return formatScalar(s);
  // Integers are written the same in every style; the exact text keeps "-3" rather than "-3.00".
  if (isExact(s) && s.d === 1n) return formatScalar(s);
  const decimal = decimalEnd(s, style.digits, tolerance);
  return style.decimalMark === ',' ? decimal?.replace('.', ',') : decimal;
}

function isPoint(p: Interval): boolean {
  return p.loClosed && p.hiClosed && toNumber(p.lo) === toNumber(p.hi);
}

/** The canonical pieces: runs of isolated points as one set, intervals on their own (as IntervalSet.toString groups them). */
function pieces(set: IntervalSet): Array<{ points: Scalar[] } | { interval: Interval }> {
  const out: Array<{ points: Scalar[] } | { interval: Interval }> = [];
  let run: Scalar[] = [];
  for (const p of set.intervals) {
    if (isPoint(p)) {
      run.push(p.lo);
      continue;
    }
    if (run.length > 0) out.push({ points: run });
    run = [];
    out.push({ interval: p });
  }
  if (run.length > 0) out.push({ points: run });
  return out;
}

/** Orders a set's elements may be typed in: all of them for up to three elements, else as given and reversed. */
function orders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  if (items.length > 3) return [[...items], [...items].reverse()];
  return items.flatMap((first, i) => orders(items.filter((_, j) => j !== i)).map((rest) => [first, ...rest]));
}

function setTexts(points: readonly Scalar[], style: Style, tolerance: Tolerance | undefined): string[] | undefined {
  const texts = points.map((p) => endText(p, style, tolerance));
  if (texts.some((t) => t === undefined)) return undefined;
  const separator = style.setSeparator === ';' ? '; ' : style.spaced ? ', ' : ',';
  return orders(texts as string[]).map((o) => `{${o.join(separator)}}`);
}

function intervalText(p: Interval, style: Style, tolerance: Tolerance | undefined): string | undefined {
  const lo = endText(p.lo, style, tolerance);
  const hi = endText(p.hi, style, tolerance);
  if (lo === undefined || hi === undefined) return undefined;
  const open = p.loClosed ? '[' : style.reversed ? ']' : '(';
  const close = p.hiClosed ? ']' : style.reversed ? '[' : ')';
  const separator = style.separator === ';' ? '; ' : style.spaced ? ', ' : ',';
  return `${open}${lo}${separator}${hi}${close}`;
}

function* styles(czech: boolean): Generator<Style> {
  // Most common first, so a cap keeps the spellings students type most (in Czech, decimal commas first).
  for (const digits of ['exact', 3, 4] as const)
    for (const decimalMark of czech && digits !== 'exact' ? ([',', '.'] as const) : (['.'] as const))
      for (const reversed of [false, true])
        for (const spaced of [true, false])
          for (const separator of [',', ';'] as const)
            for (const infinity of ['inf', '∞'] as const)
              for (const union of ['U', '∪'] as const) {
                // "(0;2/15)" reads badly and nobody types it: ";" comes with its space.
                if (separator === ';' && !spaced) continue;
                // With a decimal comma only ";" can separate entries ("(0, 0,5)" has three).
                if (decimalMark === ',' && separator !== ';') continue;
                const setSeparator = czech ? separator : ',';
                yield { spaced, separator, setSeparator, decimalMark, reversed, infinity, union, digits };
              }
}

/**
 * Every spelling of the set in the styles above, canonical first, without repeats, at most
 * MAX_FORMS; with `notation.decimalComma` (a Czech export) the Czech spellings too.
 */
export function typedForms(
  set: IntervalSet,
  tolerance: Tolerance | undefined,
  notation: NumberNotation = {},
): string[] {
  const canonical = set.toString();
  const out = new Set<string>([canonical]);
  const parts = pieces(set);
  if (parts.length === 0) return [canonical, '∅'];
  for (const style of styles(notation.decimalComma === true)) {
    let texts: string[] = [''];
    for (const [i, piece] of parts.entries()) {
      const options =
        'points' in piece
          ? setTexts(piece.points, style, tolerance)
          : [intervalText(piece.interval, style, tolerance)].filter((t): t is string => t !== undefined);
      if (!options || options.length === 0) {
        texts = [];
        break;
      }
      const join = i === 0 ? '' : style.spaced ? ` ${style.union} ` : style.union;
      texts = texts.flatMap((head) => options.map((o) => `${head}${join}${o}`));
    }
    for (const t of texts) {
      if (out.size >= MAX_FORMS) return [...out];
      // A decimal comma is read as one only where a ";" is typed too: "{0,333}" alone is {0, 333}.
      if (style.decimalMark === ',' && !t.includes(';')) continue;
      out.add(t);
    }
  }
  return [...out];
}

const SPACE = '\\s*';
const INFINITY = '(inf|infinity|infty|∞)';
const UNION = `${SPACE}(U|u|∪|or|OR)${SPACE}`;

/** A finite end: its exact text (a fraction's slash may be spaced) or a decimal the tolerance accepts. */
function endPattern(s: Scalar, tolerance: Tolerance | undefined, decimalComma: boolean): string {
  const x = toNumber(s);
  if (!Number.isFinite(x)) return x < 0 ? `(-|−)${SPACE}${INFINITY}` : `\\+?${SPACE}${INFINITY}`;
  const exact = regexLiteral(formatScalar(s)).replace('/', `${SPACE}/${SPACE}`);
  const decimals = [3, 4, 5, 6]
    .map((d) => decimalEnd(s, d, tolerance))
    .filter((t): t is string => t !== undefined && t !== formatScalar(s))
    .flatMap((t) => (decimalComma ? [t, t.replace('.', ',')] : [t]))
    .map(regexLiteral);
  const alternatives = [...new Set([exact, ...decimals])];
  return alternatives.length === 1 ? exact : `(${alternatives.join('|')})`;
}

/** The set as a pattern with these separators between an interval's ends and between a set's elements. */
function piecesPattern(
  set: IntervalSet,
  tolerance: Tolerance | undefined,
  separators: { ends: string; elements: string },
  decimalComma: boolean,
): string {
  const end = (p: Scalar): string => endPattern(p, tolerance, decimalComma);
  const piecePatterns = pieces(set).map((piece) => {
    if ('points' in piece) {
      const alternatives = orders(piece.points).map(
        (o) => `\\{${SPACE}${o.map(end).join(`${SPACE}${separators.elements}${SPACE}`)}${SPACE}\\}`,
      );
      return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join('|')})`;
    }
    const p = piece.interval;
    const open = p.loClosed ? '\\[' : '[(\\]]';
    const close = p.hiClosed ? '\\]' : '[)\\[]';
    return `${open}${SPACE}${end(p.lo)}${SPACE}${separators.ends}${SPACE}${end(p.hi)}${SPACE}${close}`;
  });
  if (piecePatterns.length === 0) return `${SPACE}(\\{${SPACE}\\}|∅)${SPACE}`;
  return `${SPACE}${piecePatterns.join(UNION)}${SPACE}`;
}

/**
 * The same set as one XML Schema regular expression (QTI's patternMatch): any spacing, either
 * bracket for open ends, "," or ";" between ends, any spelling of infinity and union, exact ends
 * or decimals the part's tolerance accepts, a set's elements in any order (up to three). With
 * `notation.decimalComma` (a Czech export) also the Czech spellings: ";" between all entries and
 * decimal commas ("(0; 0,133)", "{0; 0,333}"); a comma is never both a separator and a decimal mark.
 */
export function typedFormsPattern(
  set: IntervalSet,
  tolerance: Tolerance | undefined,
  notation: NumberNotation = {},
): string {
  const english = piecesPattern(set, tolerance, { ends: '[,;]', elements: ',' }, false);
  // A lone point has no ";" to make its comma a decimal one: "{0,333}" is read as {0, 333}.
  const [only] = pieces(set);
  const lonePoint = set.intervals.length === 1 && only !== undefined && 'points' in only;
  if (notation.decimalComma !== true || lonePoint) return english;
  return `(${english})|(${piecesPattern(set, tolerance, { ends: ';', elements: ';' }, true)})`;
}
