import { z } from 'zod';
import { solveRnn, type RnnResult } from '../src/core/rnn.ts';
import { add, mul, sub, toNumber, toScalar, type Scalar } from '../src/core/scalar.ts';
import { latexFactor, latexScalar } from '../src/core/latex.ts';
import type { Rng } from '../src/engine/rng.ts';
import { finiteNumber, localized, paragraph } from '../src/engine/template-helpers.ts';
import { DEFAULT_TOLERANCE, defineTemplate, type Lang } from '../src/engine/template.ts';
import { asNumber, numberValue, vectorValue } from '../src/engine/values.ts';
import { rnnDiagramSvg } from './rnn-diagram.ts';

const paramsSchema = z.object({
  theta: finiteNumber,
  z0: finiteNumber,
  x: z.array(finiteNumber).min(1, 'needs at least 1 time step (T >= 1)').max(20, 'at most 20 time steps'),
  y: finiteNumber.default(0),
});
export type RnnParams = z.output<typeof paramsSchema>;

const scalars = (p: RnnParams) => ({
  theta: toScalar(p.theta),
  z0: toScalar(p.z0),
  x: p.x.map(toScalar),
  y: toScalar(p.y),
});
const solve = (p: RnnParams): RnnResult => solveRnn(scalars(p));

/** dz_T/dtheta, the factor that turns a student's dL/dz_T into dL/dtheta (follow-through). */
function dzTdtheta(p: RnnParams): Scalar {
  const r = solve(p);
  return r.dzTdz.reduce<Scalar>((sum, chain, i) => add(sum, mul(chain, r.localGrads[i] as Scalar)), toScalar(0));
}

function drawRnnV1(rng: Rng): RnnParams {
  const nonZero = (values: readonly number[]): number => rng.pick(values);
  const T = rng.pick([2, 2, 3]);
  return {
    theta: nonZero([-3, -2, -1, 1, 2, 3]),
    z0: nonZero([-2, -1, 1, 2]),
    x: Array.from({ length: T }, () => nonZero([-2, -1, 1, 2])),
    y: rng.int(-4, 4),
  };
}

function statement(p: RnnParams, lang: Lang): string {
  const n = p.x.length;
  const inputs = p.x.map((v, i) => `x_{${i + 1}} = ${latexScalar(toScalar(v))}`).join(',\\ ');
  const theta = latexScalar(toScalar(p.theta));
  const z0 = latexScalar(toScalar(p.z0));
  const y = latexScalar(toScalar(p.y));
  return paragraph(lang, [
    localized(
      'Consider the recurrent neural network in the figure, with the update $$z_t = \\theta \\cdot x_t \\cdot z_{t-1}.$$',
      'Uvažujte rekurentní neuronovou síť na obrázku s přechodem $$z_t = \\theta \\cdot x_t \\cdot z_{t-1}.$$',
    ),
    localized(
      `It is initialised with parameter $\\theta = ${theta}$ and initial hidden state $z_0 = ${z0}$.`,
      `Síť je inicializována parametrem $\\theta = ${theta}$ a počátečním skrytým stavem $z_0 = ${z0}$.`,
    ),
    localized(`The input sequence is $${inputs}$.`, `Vstupní posloupnost je $${inputs}$.`),
    localized(
      `The loss is computed only on the last hidden state as the squared L2 distance from $y = ${y}$: $\\mathcal{L} = (z_${n} - y)^2$.`,
      `Ztráta se počítá jen z posledního skrytého stavu jako kvadrát L2 vzdálenosti od $y = ${y}$: $\\mathcal{L} = (z_${n} - y)^2$.`,
    ),
    localized(
      'Compute the gradient $\\frac{\\partial \\mathcal{L}}{\\partial \\theta}$.',
      'Spočtěte gradient $\\frac{\\partial \\mathcal{L}}{\\partial \\theta}$.',
    ),
    localized(
      'Hint: unroll the network in time and backpropagate as usual.',
      'Nápověda: rozviňte síť v čase a proveďte zpětnou propagaci.',
    ),
  ]);
}

function solution(p: RnnParams, a: RnnResult, lang: Lang): string[] {
  const s = scalars(p);
  const n = p.x.length;
  const forward = a.z.map(
    (zt, i) =>
      `$z_${i + 1} = ${latexFactor(s.theta)} \\cdot ${latexFactor(s.x[i] as Scalar)} \\cdot ${latexFactor(i === 0 ? s.z0 : (a.z[i - 1] as Scalar))} = ${latexScalar(zt)}$`,
  );
  const terms = a.pathTerms
    .map((term, i) => `\\underbrace{${i === 0 ? latexScalar(term) : latexFactor(term)}}_{t=${i + 1}}`)
    .join(' + ');
  return [
    ...forward,
    `$\\frac{\\partial \\mathcal{L}}{\\partial z_${n}} = 2(z_${n} - y) = ${latexScalar(a.dLdzT)}$`,
    localized(
      `Every time step contributes a path: $\\frac{\\partial \\mathcal{L}}{\\partial \\theta} = \\sum_{t=1}^{${n}} \\frac{\\partial \\mathcal{L}}{\\partial z_${n}} \\left(\\prod_{s=t+1}^{${n}} \\theta x_s\\right) x_t z_{t-1} = ${terms} = ${latexScalar(a.dLdtheta)}$`,
      `Každý časový krok přispívá jednou cestou: $\\frac{\\partial \\mathcal{L}}{\\partial \\theta} = \\sum_{t=1}^{${n}} \\frac{\\partial \\mathcal{L}}{\\partial z_${n}} \\left(\\prod_{s=t+1}^{${n}} \\theta x_s\\right) x_t z_{t-1} = ${terms} = ${latexScalar(a.dLdtheta)}$`,
    )[lang],
  ];
}

export const rnnTemplateV1 = defineTemplate({
  id: 'rnn',
  version: 1,
  title: localized('RNN: backpropagation through time', 'RNN: zpětná propagace v čase'),
  paramsSchema,
  draw: drawRnnV1,
  constraints: [
    {
      id: 'nonzero-gradient',
      rule: 'z_T differs from y, so the loss has a non-zero gradient',
      scope: 'always',
      check: (p, a) => toNumber(a.z[a.z.length - 1] as Scalar) !== p.y,
    },
    {
      id: 'several-paths',
      rule: 'at least two time steps, so the gradient is a sum of paths',
      scope: 'always',
      check: (p) => p.x.length >= 2,
    },
    {
      id: 'hand-sized',
      rule: '|dL/dtheta| <= 2000, so it can be computed by hand',
      scope: 'examFriendly',
      check: (_p, a) => Math.abs(toNumber(a.dLdtheta)) <= 2000,
    },
  ],
  solve,
  answersToJson: (a) => ({
    z: a.z.map(toNumber),
    loss: toNumber(a.loss),
    dLdzT: toNumber(a.dLdzT),
    dLdtheta: toNumber(a.dLdtheta),
  }),
  parts: [
    {
      key: 'z',
      step: true,
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('Forward pass $(z_1, \\dots, z_T)$', 'Dopředný průchod $(z_1, \\dots, z_T)$'),
      reference: (a) => vectorValue(a.z),
    },
    {
      key: 'loss',
      step: true,
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized('Loss $\\mathcal{L}$', 'Ztráta $\\mathcal{L}$'),
      reference: (a) => numberValue(a.loss),
    },
    {
      key: 'dLdzT',
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('$\\partial \\mathcal{L} / \\partial z_T$', '$\\partial \\mathcal{L} / \\partial z_T$'),
      reference: (a) => numberValue(a.dLdzT),
    },
    {
      key: 'dLdtheta',
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 2.5,
      prompt: localized('$\\partial \\mathcal{L} / \\partial \\theta$', '$\\partial \\mathcal{L} / \\partial \\theta$'),
      reference: (a) => numberValue(a.dLdtheta),
      followThrough: {
        from: ['dLdzT'],
        value: (student, p) => {
          const given = asNumber(student.dLdzT);
          return given === undefined ? undefined : numberValue(mul(given, dzTdtheta(p)));
        },
      },
      mistakes: (a) => {
        const total = a.pathTerms.reduce<Scalar>((acc, t) => add(acc, t), toScalar(0));
        return a.pathTerms.map((term, i) => ({
          id: `missing-path-${i + 1}`,
          value: numberValue(sub(total, term)),
          feedback: localized(
            `One path of the sum is missing: the gradient also flows through time step ${i + 1}.`,
            `V součtu chybí jedna cesta: gradient teče také přes časový krok ${i + 1}.`,
          ),
        }));
      },
    },
  ],
  headline: 'dLdtheta',
  // The worked exam's numbers (variant A of the written exam).
  example: { theta: 2, z0: 1, x: [1, -1], y: 0 },
  statement,
  diagram: rnnDiagramSvg,
  solution,
});

/**
 * Version 2: version 1 already spread its answers (147 values of dL/dtheta over 1,000 seeds) but the
 * loss took 37 values and theta only integers; halves for theta and wider z0 and y give every
 * answer hundreds of values while a product of three factors stays a pen-and-paper step.
 */
function drawRnnV2(rng: Rng): RnnParams {
  const T = rng.pick([2, 2, 3]);
  return {
    theta: rng.pick([-3, -2, -3 / 2, -1, -1 / 2, 1 / 2, 1, 3 / 2, 2, 3]),
    z0: rng.pick([-3, -2, -1, 1, 2, 3]),
    x: Array.from({ length: T }, () => rng.pick([-2, -1, 1, 2])),
    y: rng.int(-6, 6),
  };
}

export const rnnTemplate = defineTemplate({
  ...rnnTemplateV1,
  version: 2,
  draw: drawRnnV2,
});
