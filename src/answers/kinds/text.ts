import { BLANK } from './read-typed.ts';
import { WRONG, type AnswerKindSpec } from './answer-kind.ts';
import { blankWeight, qtiTextResponse, shortAnswerBlank } from './export-markup.ts';

export const MAX_FREE_TEXT_LENGTH = 5000;

/** Free text that a person grades: kept as typed (trimmed), never compared by the tool. */
export const textKind = {
  kind: 'text',
  partTypes: ['freeText'],
  parse: (input) => {
    const text = input.trim();
    if (text === '') return BLANK;
    if (text.length > MAX_FREE_TEXT_LENGTH)
      return { error: `The answer is longer than ${MAX_FREE_TEXT_LENGTH} characters` };
    return { kind: 'text', text };
  },
  format: (v) => v.text,
  compare: () => WRONG,
  latex: () => undefined,
  identity: (v) => v.text,
  moodleCloze: (v, { points }) => shortAnswerBlank([v.text], blankWeight(points, 1)),
  qti: (v, { points, id }) => qtiTextResponse(id, v.text, points),
} satisfies AnswerKindSpec<'text'>;
