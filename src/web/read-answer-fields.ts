import { answerField } from '../activity/attempt-service.ts';
import { HttpError } from './http-error.ts';

const MAX_FIELD = 5000;

/**
 * Reads the typed answers for the expected fields only: unknown fields are ignored, so request
 * data never chooses which keys get stored; checkbox groups arrive as arrays and are joined.
 */
export function readAnswerFields(
  body: unknown,
  problems: ReadonlyArray<{ parts: ReadonlyArray<{ key: string }> }>,
): Record<string, string> {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  problems.forEach((problem, index) => {
    for (const part of problem.parts) {
      const name = answerField(index, part.key);
      const value = Object.hasOwn(source, name) ? source[name] : undefined;
      const text = Array.isArray(value)
        ? value.filter((v) => typeof v === 'string').join(', ')
        : typeof value === 'string'
          ? value
          : '';
      if (text.length > MAX_FIELD)
        throw new HttpError(413, `answer ${index + 1}.${part.key}: at most ${MAX_FIELD} characters`);
      out[name] = text;
    }
  });
  return out;
}

/** Idempotency keys come from the form: a double click or a retried request stores one submission. */
export function readIdempotencyKey(body: unknown): string {
  const value = (body as Record<string, unknown> | null)?.idempotencyKey;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(value)) {
    throw new HttpError(400, 'idempotencyKey: must be 8 to 64 letters, digits, - or _ (reload the page)');
  }
  return value;
}
