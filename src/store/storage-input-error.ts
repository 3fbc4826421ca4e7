/** Data a user sent that must not reach the store; the message names the field and the rule. */
export class StorageInputError extends Error {}

export const MAX_RAW_ANSWER = 5000;
const MAX_DOCUMENT_BYTES = 1_000_000;

/** Keys from request data never become operators or paths: no "$" prefix, no dots. */
export function assertSafeKeys(value: unknown, path = 'value'): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertSafeKeys(v, `${path}[${i}]`));
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.startsWith('$') || k.includes('.')) throw new StorageInputError(`${path}: key "${k}" may not start with $ or contain a dot`);
    assertSafeKeys(v, `${path}.${k}`);
  }
}

export function assertStorableSize(doc: unknown, field = 'document'): void {
  const size = Buffer.byteLength(JSON.stringify(doc) ?? '');
  if (size > MAX_DOCUMENT_BYTES) throw new StorageInputError(`${field}: at most ${MAX_DOCUMENT_BYTES} bytes, got ${size}`);
}
