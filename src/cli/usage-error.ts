import type { z } from 'zod';

/** A mistake the person running the CLI can fix: one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** "params.x: needs at least 2 values (m >= 2)" — the field and the rule, nothing else. */
export function describeZodError(prefix: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix}: invalid`;
  const path = [prefix, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}

export function parseJsonOption(name: string, text: string | undefined): unknown {
  if (text === undefined) throw new UsageError(`--${name} is required`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--${name}: must be valid JSON, e.g. --${name} '{"a": 3}'`);
  }
}
