import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError } from './http-error.ts';

/**
 * A form or JSON body read by its schema: the typed value, or a 422 naming the first field that
 * broke a rule and the rule ("variants: a whole number from 1 to 200"). Unknown fields are dropped
 * by the schemas (zod objects strip them), so request data never chooses what is kept.
 */
export function parseBody<S extends z.ZodType>(schema: S, req: Pick<Request, 'body'>): z.output<S> {
  return parseFields(schema, req.body ?? {});
}

/** The same for the query string (GET forms such as the regrade preview). */
export function parseQuery<S extends z.ZodType>(schema: S, req: Pick<Request, 'query'>): z.output<S> {
  return parseFields(schema, req.query ?? {});
}

function parseFields<S extends z.ZodType>(schema: S, fields: unknown): z.output<S> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'form';
  throw new HttpError(422, `${field}: ${issue?.message ?? 'invalid'}`, parsed.error);
}
