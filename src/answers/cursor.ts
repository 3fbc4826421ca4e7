import { AnswerSyntaxError } from './parse-error.ts';

export const MAX_INPUT_LENGTH = 2000;
export const MAX_DEPTH = 50;

/**
 * Explicit parser state over the input string: position, nesting depth, and whether the current
 * list separates elements by spaces (MATLAB-style rows, where "1 -1" is two entries).
 */
export class Cursor {
  pos = 0;
  depth = 0;
  spaceSeparated = false;

  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
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

  expect(ch: string, what: string): void {
    this.skipSpace();
    if (!this.eat(ch)) throw this.error(`expected ${what}`);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error(`nested more than ${MAX_DEPTH} levels deep`);
  }

  leave(): void {
    this.depth--;
  }

  error(message: string, at = this.pos): AnswerSyntaxError {
    const found = at < this.text.length ? `"${this.text[at]}"` : 'the end of the input';
    return new AnswerSyntaxError(`${message} at position ${at + 1} (found ${found})`, at);
  }
}

function isSpaceCode(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2009 || code === 0x202f || code === 0x3000;
}
