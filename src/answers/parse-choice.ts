import { AnswerSyntaxError } from './parse-error.ts';

/**
 * Option ids as typed, case-insensitive: "b", "B", "b)", "(b)", and for several "a, c", "a c",
 * "a;c" or "ac" (the last only when every character is a one-letter option). Returns the ids as
 * given in `validIds`, in the order typed, without repeats.
 */
export function parseChoice(input: string, validIds: readonly string[], multiple: boolean): string[] {
  const letters = validIds.join(', ');
  if (validIds.length === 0) throw new AnswerSyntaxError('This question has no options to choose from', 0, true);
  const valid = new Map(validIds.map((id) => [id.toLowerCase(), id]));
  let tokens = splitTokens(input);
  const first = tokens[0];
  if (multiple && tokens.length === 1 && first !== undefined && !valid.has(first.text) && first.text.length > 1) {
    const chars = [...first.text];
    if (chars.every((ch) => valid.has(ch))) tokens = chars.map((text, i) => ({ text, at: first.at + i }));
  }
  const out: string[] = [];
  for (const token of tokens) {
    const id = valid.get(token.text);
    if (id === undefined)
      throw new AnswerSyntaxError(`"${token.text}" is not one of the options; choose from ${letters}`, token.at, true);
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) throw new AnswerSyntaxError(`Choose one of the options: ${letters}`, 0, true);
  if (!multiple && out.length > 1)
    throw new AnswerSyntaxError(`Choose only one option (you gave ${out.join(', ')})`, 0, true);
  return out;
}

interface Token {
  text: string;
  at: number;
}

/** Splits on spaces, commas and semicolons, dropping the brackets and dots of "(a)", "b)", "c.". */
function splitTokens(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && isSeparator(input[i] ?? '')) i++;
    const start = i;
    while (i < input.length && !isSeparator(input[i] ?? '')) i++;
    if (i === start) break;
    let from = start;
    let to = i;
    if (input[from] === '(') from++;
    while (to > from && (input[to - 1] === ')' || input[to - 1] === '.')) to--;
    // A token of brackets alone ("()") is not an answer; reported as typed.
    tokens.push(
      to > from ? { text: input.slice(from, to).toLowerCase(), at: from } : { text: input.slice(start, i), at: start },
    );
  }
  return tokens;
}

function isSeparator(ch: string): boolean {
  return ch === ',' || ch === ';' || ch.trim() === '';
}
