import type { AnswerValue } from '../core/answer-value.ts';
import { formatAnswerValue, parseAnswer, type ParseResult } from '../answers/index.ts';
import type { NumberNotation } from '../answers/read-structured.ts';
import { referenceValues, type VariantPart } from '../engine/generate-variant.ts';
import {
  DEFAULT_TOLERANCE,
  type Tolerance,
  type AnyTemplate,
  type KnownMistake,
  type Lang,
  type PartSpec,
  type StudentValues,
  valuePart,
} from '../engine/template.ts';
import { compareValues } from '../answers/kinds/index.ts';
import { expectedText, FEEDBACK, followThroughText, mismatchText } from './feedback-text.ts';
import { genericMistakes } from './generic-mistakes.ts';

/** Bump when a change to grading could change a stored score; every score records it. */
export const GRADER_VERSION = 1;

export type ParsedEcho =
  { ok: true; echo: string } | { ok: false; error: string; position?: number } | { ok: false; blank: true };

/**
 * The grader's verdict on one part: a share of the part (0..1), never points: points come from the
 * scoring (src/grading/scoring.ts), which knows what the problem is worth.
 */
export interface PartResult {
  key: string;
  raw: string;
  parsed: ParsedEcho;
  /** 0..1 */
  score: number;
  correct: boolean;
  feedback: string;
  /** The answer could not be read: it is not graded (score 0 stands for "not yet"), a person reads it. */
  unreadable: boolean;
  mistake?: string;
  followThrough?: boolean;
  manual: boolean;
  /** A free-text answer waiting for the instructor. */
  pendingManual: boolean;
  optional: boolean;
}

export interface SubmissionGrade {
  /** A part waits for a person: free text, or (with `unreadableWaits`) an answer the parser could not read. */
  pendingManual: boolean;
  parts: Record<string, PartResult>;
  graderVersion: number;
}

export interface GradeOptions {
  lang?: Lang;
  /** Include the expected answer in feedback (after the due date, or for the answer key). */
  reveal?: boolean;
  /** Grade only these part keys (the CLI grades what it is given); default: every part. */
  onlyKeys?: readonly string[];
  /** An instructor's regrade of some parts: another tolerance, more accepted answers, or full marks. */
  regrade?: Readonly<Record<string, PartRegrade>>;
  /**
   * An unreadable answer waits for a person (pendingManual) instead of being final: what a stored
   * submission needs. The command line and self-tests leave it off and just see "unreadable".
   */
  unreadableWaits?: boolean;
}

export interface PartRegrade {
  tolerance?: Tolerance;
  /** Typed like a student's answer, read with the part's own parser. */
  accepted?: readonly string[];
  discount?: boolean;
}

export interface GradableVariant {
  params: unknown;
  answers: unknown;
  parts: readonly VariantPart[];
}

interface ParsedPart {
  spec: PartSpec<unknown, unknown>;
  display: VariantPart;
  raw: string;
  result: ParseResult | undefined;
  value: AnswerValue | undefined;
}

export function gradeSubmission(
  template: AnyTemplate,
  variant: GradableVariant,
  rawAnswers: Readonly<Record<string, string | undefined>>,
  options: GradeOptions = {},
): SubmissionGrade {
  const lang = options.lang ?? 'en';
  const references = referenceValues(template, variant.params, variant.answers);
  const only = options.onlyKeys ? new Set(options.onlyKeys) : undefined;

  const parsed: ParsedPart[] = [];
  const student: Record<string, AnswerValue | undefined> = {};
  for (const display of variant.parts) {
    const spec = template.parts.find((p: PartSpec<unknown, unknown>) => p.key === display.key);
    if (!spec) continue;
    const raw = rawAnswers[display.key] ?? '';
    const result = raw.trim() === '' ? undefined : parseForPart(raw, display, lang);
    const value = result?.ok ? toOptionIds(result.value, display) : undefined;
    student[display.key] = value;
    parsed.push({ spec, display, raw, result, value });
  }

  const parts: Record<string, PartResult> = {};
  let pendingManual = false;
  for (const p of parsed) {
    if (only && !only.has(p.display.key)) continue;
    const part = gradePart(
      p,
      references.get(p.display.key),
      student,
      variant.params,
      variant.answers,
      lang,
      options.reveal === true,
      options.regrade?.[p.display.key],
    );
    if (part.unreadable && options.unreadableWaits) part.pendingManual = true;
    parts[p.display.key] = part;
    pendingManual ||= part.pendingManual;
  }
  return { pendingManual, parts, graderVersion: GRADER_VERSION };
}

/**
 * How a typed answer of a part is read: grading, the "check" echo, the submit summary, a reading the
 * instructor accepts. In Czech, numbers may be written with a decimal comma ("1,75"; see readStructured).
 */
export function parseForPart(
  raw: string,
  display: Pick<VariantPart, 'type' | 'options'>,
  lang: Lang = 'en',
): ParseResult {
  const letters = display.options?.map((o) => o.letter);
  return parseAnswer(raw, display.type, { ...(letters ? { choiceIds: letters } : {}), ...numberNotation(lang) });
}

/**
 * How numbers are written in a language: Czech with a decimal comma ("1,75", ";" between entries).
 * The page reads answers so, and an LMS export in that language accepts those spellings too.
 */
export function numberNotation(lang: Lang): NumberNotation {
  return lang === 'cs' ? { decimalComma: true } : {};
}

/** Students pick letters in the shuffled order; grading works on the stable option ids. */
function toOptionIds(value: AnswerValue, display: VariantPart): AnswerValue {
  if (value.kind !== 'choice' || !display.options) return value;
  const byLetter = new Map(display.options.map((o) => [o.letter, o.id]));
  return { kind: 'choice', ids: value.ids.map((l) => byLetter.get(l.toLowerCase()) ?? l) };
}

interface PartBase {
  key: string;
  raw: string;
  manual: boolean;
  optional: boolean;
}

function makeResult(
  base: PartBase,
  parsed: ParsedEcho,
  score: number,
  feedback: string,
  extra: Partial<PartResult> | undefined,
): PartResult {
  // An explicit literal keeps one object shape for every part result (spreads made this the hot spot).
  const out: PartResult = {
    key: base.key,
    raw: base.raw,
    parsed,
    score,
    correct: score === 1,
    feedback,
    unreadable: false,
    manual: base.manual,
    pendingManual: false,
    optional: base.optional,
  };
  if (extra) {
    if (extra.mistake !== undefined) out.mistake = extra.mistake;
    if (extra.followThrough !== undefined) out.followThrough = extra.followThrough;
    if (extra.pendingManual !== undefined) out.pendingManual = extra.pendingManual;
    if (extra.correct !== undefined) out.correct = extra.correct;
    if (extra.unreadable !== undefined) out.unreadable = extra.unreadable;
  }
  return out;
}

function gradePart(
  p: ParsedPart,
  reference: AnswerValue | undefined,
  student: StudentValues,
  params: unknown,
  answers: unknown,
  lang: Lang,
  reveal: boolean,
  regrade: PartRegrade | undefined,
): PartResult {
  const base: PartBase = {
    key: p.display.key,
    raw: p.raw,
    manual: p.display.manual,
    optional: p.display.optional,
  };
  const parsedEcho: ParsedEcho = !p.result
    ? { ok: false, blank: true }
    : p.result.ok
      ? { ok: true, echo: p.result.echo }
      : {
          ok: false,
          error: p.result.error,
          ...(p.result.position !== undefined ? { position: p.result.position } : {}),
        };
  const result = (score: number, feedback: string, extra?: Partial<PartResult>): PartResult =>
    makeResult(base, parsedEcho, score, feedback, extra);

  if (p.display.manual) {
    return p.result
      ? result(0, FEEDBACK.manual[lang], { pendingManual: true, correct: false })
      : result(0, FEEDBACK.blank[lang]);
  }
  if (regrade?.discount) return result(1, FEEDBACK.discounted[lang]);
  const reveals = reveal && reference ? ` ${expectedText(formatAnswerValue(reference), lang)}` : '';
  if (!p.result) return result(0, FEEDBACK.blank[lang] + reveals);
  // Never graded (the STACK and Numbas way): the parser's message, shown with the answer, says what
  // could not be read and where; the feedback says only that it was not graded.
  if (!p.result.ok) return result(0, FEEDBACK.unreadable[lang] + reveals, { unreadable: true, correct: false });
  if (!reference || !p.value) return result(0, FEEDBACK.incorrect[lang] + reveals);

  const tolerance = regrade?.tolerance ?? p.display.tolerance ?? DEFAULT_TOLERANCE;
  const comparison = compareValues(p.value, reference, tolerance);
  if (comparison.score === 1) return result(1, FEEDBACK.correct[lang]);
  for (const text of regrade?.accepted ?? []) {
    const accepted = parseForPart(text, p.display, lang);
    if (accepted.ok && compareValues(p.value, toOptionIds(accepted.value, p.display), tolerance).score === 1)
      return result(1, FEEDBACK.acceptedOnRegrade[lang]);
  }

  const rules = valuePart(p.spec);
  const ft = rules?.followThrough;
  if (ft && ft.from.some((k) => student[k] !== undefined)) {
    const expected = ft.value(student, params);
    if (expected && compareValues(p.value, expected, tolerance).score === 1) {
      return result(1, followThroughText(ft.from, lang), { followThrough: true });
    }
  }

  const known: KnownMistake[] = [...(rules?.mistakes?.(answers, params) ?? []), ...genericMistakes(reference)];
  const mistake = known.find((m) => compareValues(p.value as AnswerValue, m.value, tolerance).score === 1);
  if (mistake) return result(0, mistake.feedback[lang] + reveals, { mistake: mistake.id });

  const detail = mismatchText(comparison.mismatch, lang);
  const headline = comparison.score > 0 ? FEEDBACK.partial[lang] : FEEDBACK.incorrect[lang];
  return result(
    comparison.score,
    [headline, detail].filter(Boolean).join(' ') + reveals,
    comparison.mismatch?.kind === 'ends' ? { mistake: 'swapped-ends' } : {},
  );
}
