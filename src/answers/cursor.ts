import { AnswerSyntaxError } from './parse-error.ts';

export const MAX_INPUT_LENGTH = 2000;
export const MAX_DEPTH = 50;

/**
 * Explicit parser state over the input string: position, nesting depth, and whether the current
 * list separates entries by spaces (MATLAB-style rows, where "1 -1" is two entries). The parsers
 * read characters straight from the string rather than from a token array: answers are short,
 * and not allocating tokens keeps a typical parse around a microsecond.
 */
export class Cursor {
  pos = 0;
  depth = 0;
  spaceSeparated = false;
  /**
   * Whether a comma between two digits ("1,75") is a decimal comma (Czech notation; see
   * readStructured for when). Otherwise it separates entries, as in English.
   */
  decimalComma = false;

  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  isSpaceAt(at: number): boolean {
    return at < this.text.length && isSpaceCode(this.text.charCodeAt(at));
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Skips white space; returns whether any was skipped. */
  skipSpace(): boolean {
    const start = this.pos;
    // Char codes rather than a regex: this runs between every token of every answer.
    while (this.pos < this.text.length && isSpaceCode(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  eat(ch: string): boolean {
    if (this.text.startsWith(ch, this.pos)) {
      this.pos += ch.length;
      return true;
    }
    return false;
  }

  /** Skips space, then requires `ch`; `what` names it for the student ("a closing \")\""). */
  expect(ch: string, what: string): void {
    this.skipSpace();
    if (!this.eat(ch)) throw this.expected(what);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error(`nested more than ${MAX_DEPTH} levels deep`);
  }

  leave(): void {
    this.depth--;
  }

  error(detail: string, at = this.pos): AnswerSyntaxError {
    return new AnswerSyntaxError(detail, at);
  }

  /** A sentence that says everything itself ("Row 2 has 3 entries but row 1 has 2"). */
  sentence(message: string, at = this.pos): AnswerSyntaxError {
    return new AnswerSyntaxError(message, at, true);
  }

  /** `expected a number but found "x"` / `expected a number but the answer ends here`. */
  expected(what: string, at = this.pos): AnswerSyntaxError {
    return this.error(
      at < this.text.length
        ? `expected ${what} but found ${this.charAt(at)}`
        : `expected ${what} but the answer ends here`,
      at,
    );
  }

  unexpected(at = this.pos): AnswerSyntaxError {
    return this.error(at < this.text.length ? `unexpected ${this.charAt(at)}` : 'the answer ends too early', at);
  }

  /** The character at `at`, quoted; a whole emoji or other astral character, not half of it. */
  charAt(at: number): string {
    const code = this.text.codePointAt(at);
    return code === undefined ? 'the end' : `"${String.fromCodePoint(code)}"`;
  }
}

function isSpaceCode(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2009 || code === 0x202f || code === 0x3000
  );
}
