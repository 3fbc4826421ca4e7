import { AnswerSyntaxError } from './parse-error.ts';

/**
 * Option letters as typed: "b", "B", "a, c", "a c" or "ac" (for several). Returns the ids in the
 * order given, without repeats.
 */
export function parseChoice(input: string, validIds: readonly string[], multiple: boolean): string[] {
  const valid = new Map(validIds.map((id) => [id.toLowerCase(), id]));
  let tokens = input
    .trim()
    .split(/[\s,;]+/)
    .filter(Boolean)
    .map((t) => t.toLowerCase().replace(/[).]$/, ''));
  // "ac" for a multiple choice means a and c when every character is a one-letter option.
  if (multiple && tokens.length === 1 && !valid.has(tokens[0] as string) && [...(tokens[0] as string)].every((ch) => valid.has(ch))) {
    tokens = [...(tokens[0] as string)];
  }
  const letters = validIds.join(', ');
  const out: string[] = [];
  for (const token of tokens) {
    const id = valid.get(token);
    if (id === undefined) throw new AnswerSyntaxError(`"${token}" is not one of the options (${letters})`, Math.max(0, input.toLowerCase().indexOf(token)));
    if (!out.includes(id)) out.push(id);
  }
  if (out.length === 0) throw new AnswerSyntaxError(`choose one of the options (${letters})`, 0);
  if (!multiple && out.length > 1) throw new AnswerSyntaxError(`choose only one option (${letters})`, 0);
  return out;
}
