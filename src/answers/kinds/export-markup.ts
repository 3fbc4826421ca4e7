import { absoluteTolerance, decimalText, type Tolerance } from '../../core/tolerance.ts';

/** Text inside an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * An answer inside a Moodle cloze {…} blank. Moodle's importer (qtype_multianswer_extract_question)
 * ends an answer at an unescaped ~, # or } and afterwards turns only \} and \# back into } and #;
 * any other backslash stays in the answer. So } and # get a backslash (TeX's \} becomes \\}, read
 * back as \}), ~ becomes the entity &#126; (decoded on import; the & keeps its # from ending the
 * answer), and / " \ stay as they are: "2/15" must stay 2/15 for a student's 2/15 to match.
 */
export function clozeEscape(text: string): string {
  return text.replace(/~/g, '&#126;').replace(/([}#])/g, '\\$1');
}

/** Cloze weights are whole numbers: a part's points in hundredths, shared by its blanks. */
export const blankWeight = (points: number, blanks: number): number => Math.max(1, Math.round((points * 100) / blanks));

/** A NUMERICAL blank: the value and its absolute tolerance as plain decimals (0.014, not 0.013999999999999999). */
export function numericalBlank(value: number, weight: number, tolerance: Tolerance | undefined): string {
  return `{${weight}:NUMERICAL:=${decimalText(value)}:${decimalText(absoluteTolerance(value, tolerance))}}`;
}

/** A SHORTANSWER blank accepting every listed spelling for full marks (Moodle compares trimmed text, case-insensitively). */
export function shortAnswerBlank(forms: readonly string[], weight: number): string {
  return `{${weight}:SHORTANSWER:${forms.map((f) => `=${clozeEscape(f)}`).join('~')}}`;
}

/** QTI: adds the part's points to SCORE when the condition holds. */
export function addPoints(condition: string, points: number): string {
  return `<responseCondition><responseIf>${condition}<setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">${points}</baseValue></sum></setOutcomeValue></responseIf></responseCondition>`;
}

/** XML Schema regular expression syntax (QTI's patternMatch): a literal piece ("-" is plain outside a class). */
export function regexLiteral(text: string): string {
  return text.replace(/[\\|.^?*+{}()[\]]/g, '\\$&');
}

/** A text response: the canonical answer, and a QTI patternMatch pattern for the other spellings when given. */
export function qtiTextResponse(
  id: string,
  canonical: string,
  points: number,
  pattern?: string,
): { declaration: string; interaction: string; scoring: string } {
  const compare = `<variable identifier="${id}"/><correct identifier="${id}"/>`;
  const exact = `<stringMatch caseSensitive="false">${compare}</stringMatch>`;
  const condition =
    pattern === undefined
      ? exact
      : `<or>${exact}<patternMatch pattern="${xmlEscape(pattern)}"><variable identifier="${id}"/></patternMatch></or>`;
  return {
    declaration: `<responseDeclaration identifier="${id}" cardinality="single" baseType="string"><correctResponse><value>${xmlEscape(canonical)}</value></correctResponse></responseDeclaration>`,
    interaction: `<textEntryInteraction responseIdentifier="${id}" expectedLength="${Math.max(12, canonical.length)}"/>`,
    scoring: addPoints(condition, points),
  };
}
