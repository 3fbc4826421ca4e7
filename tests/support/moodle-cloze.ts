/**
 * Moodle's reading of a cloze (multianswer) question text, written after
 * question/type/multianswer/questiontype.php (qtype_multianswer_extract_question and
 * qtype_multianswer_validate_question) and the grading of the wrapped shortanswer and numerical
 * questions (qtype_shortanswer_question::compare_string_with_wildcard, qtype_numerical). Tests use
 * it to check an export the way Moodle's importer reads it, without a Moodle.
 */

// The regular expressions as Moodle defines them (PHP strings unescaped once).
const FRACTION = '=|%(-?[0-9]+(?:[.,][0-9]*)?)%';
const ANSWER = '.+?(?<!\\\\|&|&amp;)(?=[~#}]|$)';
const FEEDBACK = '.*?(?<!\\\\)(?=[~}]|$)';
const ALTERNATIVE = `(${FRACTION})?(${ANSWER})(#(${FEEDBACK}))?`;
const TYPE_DEF =
  '(NUMERICAL|NM)|(MULTICHOICE|MC)|(MULTICHOICE_V|MCV)|(MULTICHOICE_H|MCH)|' +
  '(SHORTANSWER|SA|MW)|(SHORTANSWER_C|SAC|MWC)|' +
  '(MULTICHOICE_S|MCS)|(MULTICHOICE_VS|MCVS)|(MULTICHOICE_HS|MCHS)|' +
  '(MULTIRESPONSE|MR)|(MULTIRESPONSE_H|MRH)|(MULTIRESPONSE_S|MRS)|(MULTIRESPONSE_HS|MRHS)';
const ANSWER_REGEX = new RegExp(`\\{([0-9]*):(${TYPE_DEF}):(${ALTERNATIVE}(~${ALTERNATIVE})*)\\}`, 's');
const ALTERNATIVE_REGEX = new RegExp(`~?${ALTERNATIVE}`, 's');
const NUMBER = '-?(([0-9]+[.,]?[0-9]*|[.,][0-9]+)([eE][-+]?[0-9]+)?)';
const NUMERICAL_ALTERNATIVE = new RegExp(`^(${NUMBER})(:${NUMBER})?$`, 's');

export type SubQuestionType = 'numerical' | 'shortanswer' | 'multichoice';

export interface ClozeAnswer {
  answer: string;
  fraction: number;
  /** Numerical answers: the absolute error margin as written. */
  tolerance?: string;
}

export interface SubQuestion {
  qtype: SubQuestionType;
  /** Multichoice: one answer (radio/select) or several (checkboxes). */
  single: boolean;
  usecase: boolean;
  defaultmark: number;
  answers: ClozeAnswer[];
}

/** html_entity_decode for the entities an export writes. */
function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The subquestions, in order, as qtype_multianswer_extract_question builds them. */
export function extractClozeQuestions(questionText: string): SubQuestion[] {
  const out: SubQuestion[] = [];
  let text = questionText;
  for (let m = ANSWER_REGEX.exec(text); m !== null; m = ANSWER_REGEX.exec(text)) {
    const g = (i: number): string => m?.[i] ?? '';
    const qtype: SubQuestionType = g(3) ? 'numerical' : g(7) || g(8) ? 'shortanswer' : 'multichoice';
    const single = !(g(12) || g(13) || g(14) || g(15));
    const answers: ClozeAnswer[] = [];
    let specific = false;
    let remaining = g(16);
    for (let a = ALTERNATIVE_REGEX.exec(remaining); a !== null; a = ALTERNATIVE_REGEX.exec(remaining)) {
      const fraction = a[1] === '=' ? 1 : a[2] ? 0.01 * Number(a[2].replace(',', '.')) : 0;
      if (a[2]) specific = true;
      const raw = a[3] ?? '';
      const numeric = qtype === 'numerical' ? NUMERICAL_ALTERNATIVE.exec(raw) : null;
      if (numeric) answers.push({ answer: numeric[1] ?? '', fraction, tolerance: numeric[6] ?? '0' });
      else answers.push({ answer: decodeEntities(raw).replace(/\\}/g, '}').replace(/\\#/g, '#'), fraction });
      remaining = remaining.slice(remaining.indexOf(a[0]) + a[0].length);
    }
    if (!single) {
      const total = answers.reduce((sum, x) => sum + Math.max(0, x.fraction), 0);
      if (total)
        for (const x of answers) x.fraction = x.fraction > 0 ? x.fraction / total : specific ? x.fraction : -1 / total;
    }
    out.push({
      qtype,
      single,
      usecase: g(8) !== '',
      defaultmark: g(1) === '' ? 1 : Number(g(1)),
      answers,
    });
    text = text.replace(m[0], `{#${out.length}}`);
  }
  return out;
}

/** qtype_multianswer_validate_question: the reasons Moodle would refuse the import (none: []). */
export function clozeErrors(subquestions: readonly SubQuestion[]): string[] {
  if (subquestions.length === 0) return ['no subquestions'];
  const errors: string[] = [];
  subquestions.forEach((q, i) => {
    const given = q.answers.filter((a) => a.answer.trim() !== '');
    for (const a of given)
      if (
        q.qtype === 'numerical' &&
        !(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(a.answer.trim()) || a.answer === '*')
      )
        errors.push(`sub ${i + 1}: "${a.answer}" is not a number`);
    const top = given.some((a) => a.fraction === 1 || (q.qtype === 'multichoice' && !q.single && a.fraction > 0));
    if (q.qtype === 'multichoice' && given.length < 2) errors.push(`sub ${i + 1}: fewer than 2 choices`);
    else if (given.length === 0) errors.push(`sub ${i + 1}: no answer`);
    if (!top) errors.push(`sub ${i + 1}: no answer gets full marks`);
  });
  return errors;
}

/** The fraction Moodle gives a typed response to a shortanswer or numerical subquestion (first matching answer). */
export function gradeTyped(q: SubQuestion, response: string): number {
  for (const a of q.answers) {
    if (q.qtype === 'numerical') {
      const value = Number(response.trim().replace(',', '.'));
      if (a.answer === '*' || Math.abs(value - Number(a.answer)) <= Number(a.tolerance ?? 0)) return a.fraction;
    } else if (wildcardMatch(response, a.answer, !q.usecase)) return a.fraction;
  }
  return 0;
}

/** compare_string_with_wildcard: * matches anything, the rest literally, the response trimmed. */
function wildcardMatch(response: string, pattern: string, ignoreCase: boolean): boolean {
  const bits = pattern
    .normalize('NFC')
    .split(/(?<!\\)\*+/)
    .map((b) => b.replace(/\\\*/g, '*').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${bits.join('.*')}$`, ignoreCase ? 'iu' : 'u').test(response.normalize('NFC').trim());
}
