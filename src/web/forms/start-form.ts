import { z } from 'zod';

/** The start page's form: which attempt its Start button begins (a stale page starts nothing new). */
export const StartFormSchema = z.object({
  attemptNumber: z.coerce
    .number('must be the attempt number shown on the start page')
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(1000, 'must be at most 1000'),
});
