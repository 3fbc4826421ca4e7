import { z } from 'zod';

/** One text field of a form, trimmed; absent is ''. A field sent twice (an array) is refused. */
export const textField = z.string('must be one text value').trim().optional().default('');

/** A checkbox group or multiple select: one value arrives as a string, several as an array. */
export const choiceList = z
  .union([z.string(), z.array(z.string())], 'must be a list of choices')
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** A number typed into a form; '' is `fallback`. A decimal comma is read as a point. */
export const numberText = (fallback: number | null) =>
  textField.transform((v) => (v === '' ? fallback : Number(v.replace(',', '.'))));
