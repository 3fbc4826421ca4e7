import { z } from 'zod';
import { isZero, toNumber, toScalar } from '../../src/core/scalar.ts';
import { latexFactor, latexScalar } from '../../src/core/latex.ts';
import { DEFAULT_TOLERANCE, defineTemplate, type Lang } from '../../src/engine/template.ts';
import { finiteNumber, localized } from '../../src/engine/template-helpers.ts';
import { numberValue } from '../../src/engine/values.ts';
import { solveSquaredError } from './squared-error-core.ts';

/**
 * A test-only problem family (docs/adding-a-problem.md): one weight, one example, the gradient of
 * the squared error. Small on purpose; it proves a family needs this file, its core function and
 * one registry line.
 */
const paramsSchema = z.object({ w: finiteNumber, x: finiteNumber, y: finiteNumber });
export type SquaredErrorParams = z.output<typeof paramsSchema>;

const scalars = (p: SquaredErrorParams) => ({ w: toScalar(p.w), x: toScalar(p.x), y: toScalar(p.y) });
// Typed on its own: defineTemplate reads the answers' type from the solver.
const solve = (p: SquaredErrorParams) => solveSquaredError(scalars(p));

const words = {
  given: localized('A one-weight model predicts', 'Model s jednou váhou předpovídá'),
  loss: localized('and is trained with the squared error', 'a učí se s kvadratickou chybou'),
  example: localized('on the example', 'na příkladu'),
  ask: localized('Compute the gradient of the loss with respect to $w$.', 'Spočtěte gradient ztráty podle $w$.'),
};

function statement(p: SquaredErrorParams, lang: Lang): string {
  const s = scalars(p);
  return [
    `${words.given[lang]} $\\hat{y} = w x$ ${words.loss[lang]} $L(w) = (w x - y)^2$`,
    `${words.example[lang]} $x = ${latexScalar(s.x)}$, $y = ${latexScalar(s.y)}$, $w = ${latexScalar(s.w)}$.`,
    words.ask[lang],
  ].join(' ');
}

export const squaredErrorTemplate = defineTemplate({
  id: 'squared-error',
  version: 1,
  title: localized('Squared error: the gradient of one weight', 'Kvadratická chyba: gradient jedné váhy'),
  paramsSchema,
  example: { w: 2, x: 3, y: 1 },
  draw: (rng) => ({ w: rng.pick([-3, -2, -1, 1, 2, 3]), x: rng.pick([-4, -3, -2, -1, 1, 2, 3, 4]), y: rng.int(-6, 6) }),
  constraints: [
    {
      id: 'nonzero-gradient',
      rule: 'w x differs from y, so the gradient is not 0',
      scope: 'always',
      check: (_p, a) => !isZero(a.gradient),
    },
  ],
  solve,
  answersToJson: (a) => ({
    prediction: toNumber(a.prediction),
    loss: toNumber(a.loss),
    gradient: toNumber(a.gradient),
  }),
  parts: [
    {
      key: 'gradient',
      type: 'number',
      points: 1,
      tolerance: DEFAULT_TOLERANCE,
      prompt: localized('$\\partial L / \\partial w$', '$\\partial L / \\partial w$'),
      reference: (a) => numberValue(a.gradient),
    },
  ],
  headline: 'gradient',
  statement,
  solution: (p, a) => {
    const s = scalars(p);
    return [
      `$\\hat{y} = ${latexFactor(s.w)} \\cdot ${latexFactor(s.x)} = ${latexScalar(a.prediction)}$`,
      `$\\frac{\\partial L}{\\partial w} = 2 x (w x - y) = 2 \\cdot ${latexFactor(s.x)} \\cdot (${latexScalar(a.prediction)} - ${latexFactor(s.y)}) = ${latexScalar(a.gradient)}$`,
    ];
  },
});
