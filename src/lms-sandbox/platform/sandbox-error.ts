import type { Request } from 'express';
import type { z } from 'zod';

/** What the sandbox LMS answers a tool that asked wrongly: a status and a plain-text reason. */
export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A request's fields read by their schema; a field that breaks it is a 400 (`message`, or the field and the rule). */
export function parseFields<S extends z.ZodType>(schema: S, fields: unknown, message?: string): z.output<S> {
  const parsed = schema.safeParse(fields ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new SandboxError(400, message ?? `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
}

/** The body of a form post or a JSON request, by its schema. */
export function parseSandboxBody<S extends z.ZodType>(schema: S, req: Pick<Request, 'body'>, message?: string) {
  return parseFields(schema, req.body, message);
}
