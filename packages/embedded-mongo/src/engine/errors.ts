/** An error MongoDB reports as { ok: 0, errmsg, code, codeName } (drivers turn it into MongoServerError). */
export class CommandError extends Error {
  /** Set on duplicate-key errors: mongoose and the repositories read them to say which key clashed. */
  keyPattern?: Record<string, unknown>;
  keyValue?: Record<string, unknown>;

  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

// MongoDB's numeric codes (src/mongo/base/error_codes.yml), the ones drivers and mongoose test for.
export const Codes = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationNotSupportedInTransaction: 263,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  UnsupportedStage: 40324,
} as const;

export type CodeName = keyof typeof Codes;

export function commandError(codeName: CodeName, message: string): CommandError {
  return new CommandError(Codes[codeName], codeName, message);
}
