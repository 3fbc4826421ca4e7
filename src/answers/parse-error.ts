/**
 * A student's input could not be read. `position` is the 0-based index where reading stopped.
 * Most errors are a detail about one spot ("unexpected "x""), shown as
 * `Could not read "2x" at position 2: unexpected "x"`; a `sentence` error already says
 * everything in words ("Row 2 has 3 entries but row 1 has 2") and is shown as it is.
 */
export class AnswerSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly sentence = false,
  ) {
    super(message);
    this.name = 'AnswerSyntaxError';
  }
}

const QUOTE_WHOLE_UP_TO = 40;
const EXCERPT_RADIUS = 15;

/** The message a student sees: what could not be read, where (1-based, as people count), why. */
export function describeSyntaxError(input: string, error: AnswerSyntaxError): string {
  if (error.sentence) return error.message;
  return `Could not read ${quote(input, error.position)} at position ${error.position + 1}: ${error.message}`;
}

/** The whole input when short; around a long one's failure point, so the message stays short. */
function quote(input: string, at: number): string {
  // Line breaks would split the message; a space keeps every later position where it was.
  const flat = input.replace(/[\r\n\t]/g, ' ');
  if (flat.length <= QUOTE_WHOLE_UP_TO) return `"${flat}"`;
  const from = Math.max(0, at - EXCERPT_RADIUS);
  const to = Math.min(flat.length, at + EXCERPT_RADIUS);
  return `"${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}"`;
}
