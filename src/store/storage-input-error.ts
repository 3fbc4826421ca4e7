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
  const bad = unsafeKeyAt(value, []);
  if (bad) {
    const k = bad[bad.length - 1] ?? '';
    throw new StorageInputError(pathText(path, bad), 'safe-keys', `key "${k}" may not start with $ or contain a dot`);
  }
}

// The walks below build the path of what they found only when they find something: a path
// string per node visited was most of their cost on every submission.

/** Where the first unsafe key is (keys and indexes from `value`), or undefined. */
function unsafeKeyAt(value: unknown, at: Array<string | number>): Array<string | number> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      if (unsafeKeyAt(value[i], at)) return at;
      at.pop();
    }
    return undefined;
  }
  // ObjectId, Date, Buffer: values, not key/value data to inspect.
  if (!isPlainObject(value)) return undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    at.push(k);
    if (k.startsWith('$') || k.includes('.') || unsafeKeyAt((value as Record<string, unknown>)[k], at)) return at;
    at.pop();
  }
  return undefined;
}

/** "parts[2].raw" from the walk's keys and indexes. */
function pathText(root: string, at: ReadonlyArray<string | number>): string {
  return at.reduce<string>((text, step) => (typeof step === 'number' ? `${text}[${step}]` : `${text}.${step}`), root);
}

/**
 * Rejects a document before it reaches the store: any `raw` string (what a student typed) over
 * MAX_RAW_ANSWER characters, and the whole document over ~MAX_DOCUMENT_BYTES (measured as JSON,
 * close enough to BSON for a guard).
 */
export function assertStorableSize(doc: unknown, field = 'document'): void {
  assertRawLengths(doc, field);
  // Every submission passes by far: a bound worked out in one walk spares writing out the JSON.
  if (jsonSizeBound(doc) <= MAX_DOCUMENT_BYTES) return;
  const size = Buffer.byteLength(JSON.stringify(doc) ?? '');
  if (size > MAX_DOCUMENT_BYTES)
    throw new StorageInputError(field, 'max-document-size', `at most ${MAX_DOCUMENT_BYTES} bytes, got ${size}`);
}

function assertRawLengths(value: unknown, path: string): void {
  const at: Array<string | number> = [];
  const tooLong = longRawAt(value, at);
  if (tooLong !== undefined)
    throw new StorageInputError(
      pathText(path, at),
      'max-raw-length',
      `at most ${MAX_RAW_ANSWER} characters, got ${tooLong}`,
    );
}

/** The length of the first `raw` string over MAX_RAW_ANSWER (its path left in `at`), or undefined. */
function longRawAt(value: unknown, at: Array<string | number>): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      const found = longRawAt(value[i], at);
      if (found !== undefined) return found;
      at.pop();
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    at.push(k);
    if (k === 'raw' && typeof v === 'string' && v.length > MAX_RAW_ANSWER) return v.length;
    const found = longRawAt(v, at);
    if (found !== undefined) return found;
    at.pop();
  }
  return undefined;
}

/**
 * The most bytes a JSON number takes: 17 significant digits written out below 1e-5, where
 * JavaScript does not yet switch to an exponent ("-0.0000010037600089254741", 25), one more than
 * the exponent forms ("-1.7976931348623157e+308", 24).
 */
const NUMBER_JSON_BYTES = 25;

/**
 * At least Buffer.byteLength(JSON.stringify(value)), without writing it: a UTF-16 unit takes at
 * most 6 bytes (a \u escape), and each value its quotes, commas and colon. Infinity for anything
 * whose JSON it does not foresee (a Map, a class instance without toJSON, a function).
 */
export function jsonSizeBound(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      return NUMBER_JSON_BYTES;
    case 'boolean':
      return 5;
    case 'undefined':
      // Left out of an object, "null" in an array.
      return 4;
    case 'object':
      break;
    default:
      return Infinity;
  }
  if (value === null) return 4;
  if (Array.isArray(value)) {
    let size = 2;
    for (const item of value) size += jsonSizeBound(item) + 1;
    return size;
  }
  if (!isPlainObject(value)) {
    // Date, ObjectId, Buffer: their toJSON is what JSON.stringify writes.
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    return typeof toJSON === 'function' ? jsonSizeBound(toJSON.call(value)) : Infinity;
  }
  let size = 2;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    size += 2 + 6 * k.length + 2 + jsonSizeBound((value as Record<string, unknown>)[k]);
  }
  return size;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
