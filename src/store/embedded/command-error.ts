/** An error MongoDB reports as { ok: 0, errmsg, code, codeName } (drivers turn it into MongoServerError). */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export const DUPLICATE_KEY = 11000;
