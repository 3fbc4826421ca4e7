import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { frac } from '../core/scalar.ts';
import { DEFAULT_TOLERANCE, defineTemplate, partReference, type PartSpec } from './template.ts';
import { localized } from './template-helpers.ts';
import { numberValue } from './values.ts';

/**
 * The template contract is checked by the compiler: each `@ts-expect-error` below marks a
 * mistake that must not compile (`npm run typecheck` fails if one of them starts compiling).
 */
const paramsSchema = z.object({ a: z.number() });
const base = {
  id: 'contract',
  version: 1,
  title: localized('Contract', 'Kontrakt'),
  paramsSchema,
  example: { a: 1 },
  draw: () => ({ a: 1 }),
  constraints: [],
  solve: (p: { a: number }) => ({ twice: 2 * p.a }),
  answersToJson: (a: { twice: number }) => a,
  statement: () => '',
  solution: () => [],
};
const twice = {
  key: 'twice',
  type: 'number',
  points: 1,
  prompt: localized('2a', '2a'),
  tolerance: DEFAULT_TOLERANCE,
  reference: (a: { twice: number }) => numberValue(frac(a.twice)),
} as const;

describe('the template contract', () => {
  it('types params from the schema and part keys from the parts', () => {
    const ok = defineTemplate({
      ...base,
      parts: [
        twice,
        {
          key: 'again',
          type: 'number',
          points: 1,
          prompt: localized('2a again', '2a znovu'),
          tolerance: DEFAULT_TOLERANCE,
          reference: (a) => numberValue(frac(a.twice)),
          // The student's own earlier answer, by its key.
          followThrough: { from: ['twice'], value: (student) => student.twice },
        },
      ],
      headline: 'twice',
    });
    const params: z.output<typeof paramsSchema> = ok.draw({} as never, { examFriendly: true });
    expect(ok.solve(params)).toEqual({ twice: 2 });
    expect(ok.parts.map((p) => partReference(p, ok.solve(params), params))).toEqual([
      numberValue(frac(2)),
      numberValue(frac(2)),
    ]);
  });

  it('refuses a follow-through or headline naming a part that does not exist', () => {
    defineTemplate({
      ...base,
      parts: [
        twice,
        {
          ...twice,
          key: 'again',
          // @ts-expect-error 'twise' is not a part of this template
          followThrough: { from: ['twise'], value: () => undefined },
        },
      ],
      headline: 'twice',
    });
    defineTemplate({
      ...base,
      parts: [twice],
      // @ts-expect-error the headline must be one of the part keys
      headline: 'thrice',
    });
    expect(true).toBe(true);
  });

  it('requires options of a choice part, a reference and tolerance of a value part, and no reference on free text', () => {
    type Part = PartSpec<unknown, unknown>;
    const prompt = localized('', '');
    const one = () => numberValue(frac(1));
    // @ts-expect-error a choice part without options
    const noOptions: Part = { key: 'c', type: 'choice', points: 1, prompt, correctOptions: ['a'] };
    // @ts-expect-error a number part without a tolerance
    const noTolerance: Part = { key: 'n', type: 'number', points: 1, prompt, reference: one };
    // @ts-expect-error a number part without a reference
    const noReference: Part = { key: 'n', type: 'number', points: 1, prompt, tolerance: DEFAULT_TOLERANCE };
    // @ts-expect-error free text is graded by hand: it has no reference
    const textWithReference: Part = { key: 't', type: 'freeText', points: 1, prompt, reference: one };
    const freeText: Part = { key: 't', type: 'freeText', points: 1, prompt };
    expect([noOptions, noTolerance, noReference, textWithReference].map((p) => p.key)).toEqual(['c', 'n', 'n', 't']);
    expect(partReference(freeText, undefined, undefined)).toBeUndefined();
  });
});
