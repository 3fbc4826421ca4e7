import type { Request } from 'express';
import { z } from 'zod';
import { answerField } from '../../activity/answer-field.ts';
import { BoundedCache } from '../../lib/bounded-cache.ts';
import { MAX_RAW_ANSWER } from '../../store/storage-input-error.ts';
import { HttpError } from '../http-error.ts';
import { parseBody } from '../parse-body.ts';

/**
 * What the quiz page's buttons (and its script) ask for; no action is a check. 'start' begins a
 * timed attempt (start page), 'open' shows the page as it is (the session travels in the form).
 */
export const QuizActionSchema = z.object({
  action: z
    .enum(
      ['check', 'save', 'submit', 'submit-confirmed', 'new-attempt', 'start', 'open'],
      'must be check, save, submit, submit-confirmed, new-attempt, start or open',
    )
    .optional()
    .default('check'),
});

/** Idempotency keys come from the form: a double click or a retried request stores one submission. */
export const IdempotencyKeySchema = z.object({
  idempotencyKey: z
    .string('must be 8 to 64 letters, digits, - or _ (reload the page)')
    .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _ (reload the page)'),
});

/** A typed answer; a checkbox group arrives as an array and is joined. */
const answerText = z
  .union([z.string(), z.array(z.string())], 'must be text')
  .optional()
  .transform((v) => (Array.isArray(v) ? v.join(', ') : (v ?? '')))
  .refine((text) => text.length <= MAX_RAW_ANSWER, { message: 'too long', params: { tooLong: true } });

/** The form of one set of answer fields: its schema and each field's label for messages. */
interface AnswerForm {
  schema: z.ZodType<Record<string, string>>;
  labels: ReadonlyMap<string, string>;
}

/**
 * One form per set of fields, shared by every request that sends it: zod compiles an object
 * schema on its first parse, which built anew per request cost more than the rest of reading the
 * answers. The fields are those of an exam's parts, so there are few distinct sets.
 */
const answerForms = new BoundedCache<string, AnswerForm>(500);

function answerFormFor(problems: ReadonlyArray<{ parts: ReadonlyArray<{ key: string }> }>): AnswerForm {
  const names = problems.flatMap((problem, index) => problem.parts.map((part) => answerField(index, part.key)));
  return answerForms.getOrCreate(names.join('\u0000'), () => {
    const labels = new Map<string, string>();
    problems.forEach((problem, index) => {
      for (const part of problem.parts) labels.set(answerField(index, part.key), `answer ${index + 1}.${part.key}`);
    });
    return { schema: z.object(Object.fromEntries(names.map((name) => [name, answerText]))), labels };
  });
}

/**
 * The typed answers for the expected fields only: unknown fields are dropped, so request data
 * never chooses which keys get stored. An answer over the stored limit is a 413 naming it.
 */
export function readAnswerFields(
  req: Pick<Request, 'body'>,
  problems: ReadonlyArray<{ parts: ReadonlyArray<{ key: string }> }>,
): Record<string, string> {
  const { schema, labels } = answerFormFor(problems);
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? '');
  const label = labels.get(name) ?? name;
  if (issue?.code === 'custom' && (issue.params as { tooLong?: boolean } | undefined)?.tooLong)
    throw new HttpError(413, `${label}: at most ${MAX_RAW_ANSWER} characters`, parsed.error);
  throw new HttpError(422, `${label}: ${issue?.message ?? 'invalid'}`, parsed.error);
}

/** The idempotency key of a submit (422 naming the field when it is missing or malformed). */
export function readIdempotencyKey(req: Pick<Request, 'body'>): string {
  return parseBody(IdempotencyKeySchema, req).idempotencyKey;
}
