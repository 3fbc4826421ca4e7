import type { z } from 'zod';

/**
 * Data that must not reach the store. `field` says where (a path such as "parts[2].raw") and
 * `rule` which limit it broke: the web layer's one error handler (web/error-handler.ts) answers it
 * with 413 for a size limit and 400 otherwise, in a message the user understands instead of a
 * driver error.
 */
export class StorageInputError extends Error {
  override readonly name = 'StorageInputError';
  constructor(
    readonly field: string,
    readonly rule: 'max-raw-length' | 'max-document-size' | 'safe-keys' | 'shape',
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * The first problem zod found, as the field it names ("gradeSync.scoreGiven") and its rule.
 * `at` is where the checked value sits; `whole` names it when the problem is the value itself.
 */
export function shapeErrorOf(
  error: z.ZodError,
  { at = [], whole }: { at?: readonly string[]; whole: string },
): StorageInputError {
  const issue = error.issues[0];
  const field = [...at, ...(issue?.path ?? []).map(String)].join('.') || whole;
  return new StorageInputError(field, 'shape', issue?.message ?? 'invalid');
}

/** A typed answer longer than this is not an answer: nothing the templates ask for comes close. */
export const MAX_RAW_ANSWER = 5000;
/** Far under MongoDB's 16 MB document limit: a submission of a dozen parts is a few kB. */
export const MAX_DOCUMENT_BYTES = 1_000_000;

/**
 * Keys of stored Mixed data (params snapshots, drafts, parsed answers) never become operators or
 * paths: a "$" prefix or a dot would be read as an update operator or a nested path by the server.
 */
export function assertSafeKeys(value: unknown, path = 'value'): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertSafeKeys(v, `${path}[${i}]`));
    return;
  }
  // ObjectId, Date, Buffer: values, not key/value data to inspect.
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$') || k.includes('.'))
      throw new StorageInputError(`${path}.${k}`, 'safe-keys', `key "${k}" may not start with $ or contain a dot`);
    assertSafeKeys(v, `${path}.${k}`);
  }
}

/**
 * Rejects a document before it reaches the store: any `raw` string (what a student typed) over
 * MAX_RAW_ANSWER characters, and the whole document over ~MAX_DOCUMENT_BYTES (measured as JSON,
 * close enough to BSON for a guard).
 */
export function assertStorableSize(doc: unknown, field = 'document'): void {
  assertRawLengths(doc, field);
  const size = Buffer.byteLength(JSON.stringify(doc) ?? '');
  if (size > MAX_DOCUMENT_BYTES)
    throw new StorageInputError(field, 'max-document-size', `at most ${MAX_DOCUMENT_BYTES} bytes, got ${size}`);
}

function assertRawLengths(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertRawLengths(v, `${path}[${i}]`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'raw' && typeof v === 'string' && v.length > MAX_RAW_ANSWER) {
      throw new StorageInputError(
        `${path}.raw`,
        'max-raw-length',
        `at most ${MAX_RAW_ANSWER} characters, got ${v.length}`,
      );
    }
    assertRawLengths(v, `${path}.${k}`);
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
