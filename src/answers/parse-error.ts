/** A student's input could not be read; `position` is the 0-based index where reading stopped. */
export class AnswerSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'AnswerSyntaxError';
  }
}
