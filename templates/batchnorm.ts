import { z } from 'zod';
import { solveBatchNorm, type BatchNormResult } from '../src/core/batchnorm.ts';
import type Fraction from 'fraction.js';
import { frac, isExact, toScalar, toNumber, type Scalar } from '../src/core/scalar.ts';
import { latexFactor, latexMatrix, latexMatrixReadable, latexScalar, latexSum } from '../src/core/latex.ts';
import type { Rng } from '../src/engine/rng.ts';
import {
  exactNumber,
  exactNumberValue,
  exactParam,
  exactScalar,
  gcd,
  finiteNumber,
  localized,
  paragraph,
} from '../src/engine/template-helpers.ts';
import { DEFAULT_TOLERANCE, defineTemplate, type Lang } from '../src/engine/template.ts';
import { matrixValue, numberValue, vectorValue } from '../src/engine/values.ts';

const paramsSchema = z.object({
  x: z.array(finiteNumber).min(2, 'needs at least 2 values (m >= 2)').max(50, 'at most 50 values'),
  gamma: finiteNumber,
  beta: finiteNumber,
  /** A number, or "p/q" when no decimal writes it exactly (version 2 draws eps = 13/12). */
  eps: exactNumber.refine((v) => exactNumberValue(v) >= 0, 'must be >= 0').default(0),
});
export type BatchNormParams = z.output<typeof paramsSchema>;

const scalars = (p: BatchNormParams) => ({
  x: p.x.map(toScalar),
  gamma: toScalar(p.gamma),
  beta: toScalar(p.beta),
  eps: exactScalar(p.eps),
});

const solve = (p: BatchNormParams): BatchNormResult => solveBatchNorm(scalars(p));

/**
 * Version 1: batches of 3 or 4 distinct small integers whose biased variance is a perfect square.
 * Kept exactly as released (attempts and printed exams regenerate from it), although it turned
 * out to be one pattern in disguise: every such batch in -6..9 is a translate of one shape.
 */
const HAND_SOLVABLE_BATCHES: readonly (readonly number[])[] = enumerateHandSolvableBatches(-6, 9);

function enumerateHandSolvableBatches(lo: number, hi: number): number[][] {
  const out: number[][] = [];
  const visit = (prefix: number[], next: number, size: number): void => {
    if (prefix.length === size) {
      const m = size;
      const sum = prefix.reduce((a, b) => a + b, 0);
      // m^2 * variance = m * sum(x^2) - sum(x)^2 is an integer; variance is a square of a rational
      // iff that integer is a perfect square.
      const scaled = m * prefix.reduce((a, b) => a + b * b, 0) - sum * sum;
      const root = Math.round(Math.sqrt(scaled));
      if (scaled > 0 && root * root === scaled && sum % m === 0) out.push([...prefix]);
      return;
    }
    for (let v = next; v <= hi; v++) visit([...prefix, v], v + 1, size);
  };
  visit([], lo, 3);
  visit([], lo, 4);
  return out;
}

/** A uniform non-zero integer in [lo, hi]. */
function nonZero(rng: Rng, lo: number, hi: number): number {
  const v = rng.int(lo, hi - 1);
  return v >= 0 ? v + 1 : v;
}

function drawBatchNormV1(rng: Rng, { examFriendly }: { examFriendly: boolean }): BatchNormParams {
  if (examFriendly) {
    const x = rng.shuffle(rng.pick(HAND_SOLVABLE_BATCHES));
    return { x, gamma: nonZero(rng, -6, 6), beta: rng.int(-6, 6), eps: 0 };
  }
  const m = rng.int(2, 5);
  const x: number[] = [];
  for (let i = 0; i < m; i++) x.push(rng.int(-9, 9));
  return { x, gamma: nonZero(rng, -9, 9), beta: rng.int(-9, 9), eps: rng.pick([0, 0.01, 0.1, 1]) };
}

function statement(p: BatchNormParams, lang: Lang): string {
  const m = p.x.length;
  const batch = p.x.map((v, i) => `x_{${i + 1}} = ${latexScalar(toScalar(v))}`).join(', ');
  const layer = `$\\gamma = ${latexScalar(toScalar(p.gamma))}$, $\\beta = ${latexScalar(toScalar(p.beta))}$`;
  const eps = `$\\epsilon = ${latexScalar(exactScalar(p.eps))}$`;
  const head = paragraph(lang, [
    localized(
      `You are given a batch of ${m} one-dimensional training examples $\\mathcal{B} = \\{${batch}\\}$ that goes through a batch-norm layer with ${layer} and ${eps}.`,
      `Dávka ${m} jednorozměrných trénovacích příkladů $\\mathcal{B} = \\{${batch}\\}$ prochází vrstvou batch-norm s parametry ${layer} a ${eps}.`,
    ),
  ]);
  const algorithm = [
    '$$\\mu_{\\mathcal{B}} = \\frac{1}{m} \\sum_{i=1}^m x_i$$',
    '$$\\sigma_{\\mathcal{B}}^2 = \\frac{1}{m} \\sum_{i=1}^m (x_i - \\mu_{\\mathcal{B}})^2$$',
    '$$\\hat{x}_i = \\frac{x_i - \\mu_{\\mathcal{B}}}{\\sqrt{\\sigma_{\\mathcal{B}}^2 + \\epsilon}}$$',
    '$$y_i = \\gamma \\hat{x}_i + \\beta$$',
  ].join('\n');
  const row = '$\\left[\\frac{\\partial y_i}{\\partial \\beta}, \\frac{\\partial y_i}{\\partial \\gamma}\\right]$';
  const ask = paragraph(lang, [
    localized(
      `Compute the Jacobian of the batch-norm output with respect to the learnable parameters, with row $i$ equal to ${row}.`,
      `Spočtěte Jacobiho matici výstupu vrstvy batch-norm vzhledem k učeným parametrům; řádek $i$ je ${row}.`,
    ),
    localized(
      `Hint: the output for this batch is ${m}-dimensional.`,
      `Nápověda: výstup pro tuto dávku je ${m}-rozměrný.`,
    ),
  ]);
  return `${head}\n\n${algorithm}\n\n${ask}`;
}

function solution(p: BatchNormParams, a: BatchNormResult, lang: Lang): string[] {
  const m = p.x.length;
  const s = scalars(p);
  const sd = a.std;
  const steps = [
    `$\\mu_{\\mathcal{B}} = \\frac{1}{${m}}(${latexSum(s.x)}) = ${latexScalar(a.mean)}$`,
    `$\\sigma_{\\mathcal{B}}^2 = \\frac{1}{${m}}[${s.x.map((v) => `(${latexScalar(v)} - ${latexFactor(a.mean)})^2`).join(' + ')}] = ${latexScalar(a.variance)}$`,
    ...a.xhat.map(
      (xh, i) =>
        `$\\hat{x}_${i + 1} = \\frac{${latexScalar(s.x[i] as Scalar)} - ${latexFactor(a.mean)}}{\\sqrt{${latexScalar(a.variance)} + ${latexScalar(s.eps)}}} = ${latexScalar(xh)}$`,
    ),
    ...a.y.map((yi, i) => `$y_${i + 1} = \\gamma \\hat{x}_${i + 1} + \\beta = ${latexScalar(yi)}$`),
    `$\\frac{\\partial y_i}{\\partial \\beta} = 1, \\quad \\frac{\\partial y_i}{\\partial \\gamma} = \\hat{x}_i$`,
    `$J = ${latexMatrix(a.jacobian)}$`,
    localized(
      `With respect to the inputs: $\\frac{\\partial y_i}{\\partial x_j} = \\frac{\\gamma}{${isExact(sd) ? latexScalar(sd) : '\\sqrt{\\sigma^2_{\\mathcal{B}} + \\epsilon}'}}\\left(\\delta_{ij} - \\frac{1}{m} - \\frac{\\hat{x}_i \\hat{x}_j}{m}\\right)$, so $J_x = ${latexMatrixReadable(a.jacobianX)}$`,
      `Vzhledem ke vstupům: $\\frac{\\partial y_i}{\\partial x_j} = \\frac{\\gamma}{${isExact(sd) ? latexScalar(sd) : '\\sqrt{\\sigma^2_{\\mathcal{B}} + \\epsilon}'}}\\left(\\delta_{ij} - \\frac{1}{m} - \\frac{\\hat{x}_i \\hat{x}_j}{m}\\right)$, tedy $J_x = ${latexMatrixReadable(a.jacobianX)}$`,
    )[lang],
    paragraph(lang, [
      localized(
        'Batch size 1: $\\hat{x} = 0$, so the output is $\\beta$ alone.',
        'Při velikosti dávky 1 je $\\hat{x} = 0$, výstupem je tedy jen $\\beta$.',
      ),
      localized(
        'To raise every output, increase $\\beta$ (each $\\partial y_i / \\partial \\beta = 1$); $\\gamma$ cannot change the sum because $\\sum_i \\hat{x}_i = 0$.',
        'Pro zvýšení všech výstupů zvětšíme $\\beta$ (každé $\\partial y_i / \\partial \\beta = 1$); $\\gamma$ součet nezmění, protože $\\sum_i \\hat{x}_i = 0$.',
      ),
    ]),
  ];
  return steps;
}

export const batchnormTemplateV1 = defineTemplate({
  id: 'batchnorm',
  version: 1,
  title: localized(
    'Batch norm: Jacobian with respect to the learnable parameters',
    'Batch norm: Jacobiho matice vzhledem k učeným parametrům',
  ),
  paramsSchema,
  draw: drawBatchNormV1,
  constraints: [
    {
      id: 'distinct-values',
      rule: 'the batch values are pairwise distinct',
      scope: 'always',
      paramsOnly: true,
      check: (p) => new Set(p.x).size === p.x.length,
    },
    {
      id: 'not-degenerate',
      rule: 'm >= 3 or eps > 0 (with m = 2 and eps = 0 every batch gives xhat = -1, 1)',
      scope: 'always',
      paramsOnly: true,
      check: (p) => p.x.length >= 3 || toNumber(exactScalar(p.eps)) > 0,
    },
    {
      id: 'perfect-square-variance',
      rule: 'variance + eps is the square of a rational, so xhat is exact',
      scope: 'examFriendly',
      check: (_p, a) => isExact(a.std),
    },
  ],
  solve,
  answersToJson: (a) => ({
    mean: toNumber(a.mean),
    variance: toNumber(a.variance),
    xhat: a.xhat.map(toNumber),
    y: a.y.map(toNumber),
    jacobian: a.jacobian.map((r) => r.map(toNumber)),
    jacobianX: a.jacobianX.map((r) => r.map(toNumber)),
  }),
  parts: [
    {
      key: 'mean',
      step: true,
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized('Mini-batch mean $\\mu_{\\mathcal{B}}$', 'Průměr dávky $\\mu_{\\mathcal{B}}$'),
      reference: (a) => numberValue(a.mean),
    },
    {
      key: 'variance',
      step: true,
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized('Mini-batch variance $\\sigma_{\\mathcal{B}}^2$', 'Rozptyl dávky $\\sigma_{\\mathcal{B}}^2$'),
      reference: (a) => numberValue(a.variance),
      mistakes: (a) => [
        {
          id: 'unbiased-variance',
          value: numberValue(a.unbiasedVariance),
          feedback: localized(
            'This is the unbiased variance (divided by m - 1); batch norm divides by m.',
            'Toto je nestranný rozptyl (dělený m - 1); batch norm dělí m.',
          ),
        },
      ],
    },
    {
      key: 'xhat',
      step: true,
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized(
        'Normalised values $(\\hat{x}_1, \\dots, \\hat{x}_m)$',
        'Normalizované hodnoty $(\\hat{x}_1, \\dots, \\hat{x}_m)$',
      ),
      reference: (a) => vectorValue(a.xhat),
    },
    {
      key: 'y',
      step: true,
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized('Outputs $(y_1, \\dots, y_m)$', 'Výstupy $(y_1, \\dots, y_m)$'),
      reference: (a) => vectorValue(a.y),
    },
    {
      key: 'jacobian',
      type: 'matrix',
      tolerance: DEFAULT_TOLERANCE,
      points: 2,
      prompt: localized(
        'Jacobian $J$ with respect to $(\\beta, \\gamma)$, row $i$ = $[\\partial y_i/\\partial\\beta, \\partial y_i/\\partial\\gamma]$, e.g. `[[1, 0], [1, 2]]`',
        'Jacobiho matice $J$ vzhledem k $(\\beta, \\gamma)$, řádek $i$ = $[\\partial y_i/\\partial\\beta, \\partial y_i/\\partial\\gamma]$, např. `[[1, 0], [1, 2]]`',
      ),
      reference: (a) => matrixValue(a.jacobian),
      mistakes: (a) => [
        {
          id: 'swapped-columns',
          value: matrixValue(a.jacobian.map((r) => [r[1] as Scalar, r[0] as Scalar])),
          feedback: localized(
            'The columns are swapped: the first column is $\\partial y_i/\\partial\\beta$, the second $\\partial y_i/\\partial\\gamma$.',
            'Sloupce jsou prohozené: první sloupec je $\\partial y_i/\\partial\\beta$, druhý $\\partial y_i/\\partial\\gamma$.',
          ),
        },
      ],
    },
    {
      key: 'jacobianX',
      type: 'matrix',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      optional: true,
      prompt: localized(
        '(Bonus) Jacobian with respect to the inputs, $[\\partial y_i / \\partial x_j]$',
        '(Bonus) Jacobiho matice vzhledem ke vstupům, $[\\partial y_i / \\partial x_j]$',
      ),
      reference: (a) => matrixValue(a.jacobianX),
    },
    {
      key: 'whyBatch',
      type: 'choice',
      points: 0.5,
      prompt: localized(
        'Why do we keep the batch size larger than 1 when using a batch-norm layer?',
        'Proč při použití batch-norm vrstvy držíme velikost dávky větší než 1?',
      ),
      options: [
        {
          id: 'xhat-zero',
          label: localized(
            'With one example $\\hat{x} = 0$, so the output is just $\\beta$.',
            'Pro jeden příklad je $\\hat{x} = 0$, výstupem je tedy jen $\\beta$.',
          ),
        },
        {
          id: 'variance-negative',
          label: localized('With one example the variance is negative.', 'Pro jeden příklad je rozptyl záporný.'),
        },
        {
          id: 'mean-undefined',
          label: localized('The mean of one example is undefined.', 'Průměr jednoho příkladu není definován.'),
        },
        {
          id: 'gamma-one',
          label: localized(
            'With one example $\\partial y / \\partial \\gamma = 1$.',
            'Pro jeden příklad je $\\partial y / \\partial \\gamma = 1$.',
          ),
        },
      ],
      correctOptions: ['xhat-zero'],
    },
    {
      key: 'raiseOutputs',
      type: 'choice',
      points: 0.5,
      prompt: localized(
        'Using the Jacobian, which update raises all the outputs of the layer?',
        'Kterou změnou parametrů (podle Jacobiho matice) zvýšíme všechny výstupy vrstvy?',
      ),
      options: [
        {
          id: 'increase-beta',
          label: localized(
            'Increase $\\beta$: every $\\partial y_i/\\partial\\beta = 1$.',
            'Zvětšit $\\beta$: každé $\\partial y_i/\\partial\\beta = 1$.',
          ),
        },
        { id: 'increase-gamma', label: localized('Increase $\\gamma$.', 'Zvětšit $\\gamma$.') },
        { id: 'decrease-gamma', label: localized('Decrease $\\gamma$.', 'Zmenšit $\\gamma$.') },
        { id: 'increase-eps', label: localized('Increase $\\epsilon$.', 'Zvětšit $\\epsilon$.') },
      ],
      correctOptions: ['increase-beta'],
    },
    {
      key: 'benefits',
      type: 'multiChoice',
      points: 0.5,
      prompt: localized(
        'Which are benefits of batch norm inside a neural network? (select all that apply)',
        'Které jsou výhody batch-norm vrstvy v neuronové síti? (vyberte všechny správné)',
      ),
      options: [
        { id: 'faster-training', label: localized('The network trains faster.', 'Síť se trénuje rychleji.') },
        {
          id: 'larger-lr',
          label: localized('Larger learning rates still converge.', 'Nepotřebujeme malý learning rate ke konvergenci.'),
        },
        {
          id: 'easier-init',
          label: localized('Less sensitive to weight initialisation.', 'Jednodušší inicializace vah.'),
        },
        { id: 'regularises', label: localized('A mild regularising effect.', 'Působí trochu jako regularizace.') },
        { id: 'no-loss', label: localized('No loss function is needed.', 'Není potřeba ztrátová funkce.') },
        { id: 'linear', label: localized('The network becomes linear.', 'Síť se stane lineární.') },
      ],
      correctOptions: ['faster-training', 'larger-lr', 'easier-init', 'regularises'],
    },
    {
      key: 'explain',
      type: 'freeText',
      points: 0.5,
      optional: true,
      prompt: localized(
        '(Optional) Explain in your own words why $\\gamma$ cannot change the sum of the outputs.',
        '(Nepovinné) Vysvětlete vlastními slovy, proč $\\gamma$ nezmění součet výstupů.',
      ),
    },
  ],
  headline: 'jacobian',
  // The worked exam's numbers (variant A of the written exam).
  example: { x: [2, 4], gamma: 6, beta: -1, eps: 0 },
  statement,
  solution,
});

/**
 * Version 2: the batch is built from its normalised shape, so the shape itself varies. A batch is
 * mu + h d_i for integer offsets d (distinct, summing to 0, no common factor) of 3 to 6 values, a
 * step h and a root r = sqrt(sigma^2 + eps) in halves; eps = r^2 - sigma^2 is then between 0 and 3
 * with a denominator of at most 12. So x̂ = h d / r is exact, the means are halves, and the
 * variance, eps and x̂ take hundreds of values instead of one.
 */
interface BatchShape {
  d: readonly number[];
  h: Scalar;
  r: Scalar;
  eps: Scalar;
}

const STEPS: readonly Scalar[] = [frac(1), frac(1, 2), frac(2), frac(3, 2)];
const MAX_EPS = frac(3);

function enumerateBatchShapes(m: number): BatchShape[] {
  const out: BatchShape[] = [];
  const visit = (prefix: number[], next: number): void => {
    if (prefix.length === m) {
      if (prefix.reduce((a, b) => a + b, 0) !== 0 || prefix.reduce((g, v) => gcd(g, Math.abs(v)), 0) !== 1) return;
      const sumSquares = frac(prefix.reduce((a, b) => a + b * b, 0));
      for (const h of STEPS) {
        const variance = sumSquares
          .mul(h as Fraction)
          .mul(h as Fraction)
          .div(m);
        for (let twiceR = 1; twiceR <= 20; twiceR++) {
          const r = frac(twiceR, 2);
          const eps = r.mul(r).sub(variance);
          if (eps.s < 0n || eps.compare(MAX_EPS) > 0 || eps.d > 12n) continue;
          out.push({ d: [...prefix], h, r, eps });
        }
      }
      return;
    }
    for (let v = next; v <= 6; v++) visit([...prefix, v], v + 1);
  };
  visit([], -6);
  return out;
}

/** Per batch size, so each size is drawn equally often whatever its count of shapes. */
const BATCH_SHAPES: ReadonlyMap<number, readonly BatchShape[]> = new Map(
  [3, 4, 5, 6].map((m) => [m, enumerateBatchShapes(m)]),
);

function drawBatchNormV2(rng: Rng, { examFriendly }: { examFriendly: boolean }): BatchNormParams {
  if (!examFriendly) return drawBatchNormV1(rng, { examFriendly });
  const shapes = BATCH_SHAPES.get(rng.int(3, 6)) as readonly BatchShape[];
  const shape = rng.pick(shapes);
  const mean = frac(rng.int(-10, 10), 2);
  const x = rng.shuffle(shape.d).map((d) => toNumber(mean.add((shape.h as Fraction).mul(d))));
  const gamma = rng.pick([-4, -3, -2, -1, -1 / 2, 1 / 2, 1, 3 / 2, 2, 3, 4, 5]);
  return { x, gamma, beta: rng.int(-6, 6), eps: exactParam(shape.eps) };
}

export const batchnormTemplateV2 = defineTemplate({
  ...batchnormTemplateV1,
  version: 2,
  draw: drawBatchNormV2,
});

type BatchNormPart = (typeof batchnormTemplateV1.parts)[number];

/**
 * Version 3 words the choice options so that their form does not point at the answer: in versions
 * 1 and 2 the correct option was the only one with a reason (raiseOutputs' "every ∂y_i/∂β = 1") or
 * the longest, and the optional free-text prompt ("why γ cannot change the sum") answered
 * raiseOutputs. Here every option of a question makes the same kind of claim with its reason, each
 * wrong one false for these sums (∑ x̂_i = 0, so no x̂_i sign is shared by all; one example gives
 * μ = x, σ² = 0 with 1/m, x̂ = 0), and the free-text prompt asks about β and γ alike.
 */
const REWORDED_V3: Partial<Record<BatchNormPart['key'], BatchNormPart>> = {
  whyBatch: {
    key: 'whyBatch',
    type: 'choice',
    points: 0.5,
    prompt: localized(
      'Why do we keep the batch size larger than 1 when using a batch-norm layer?',
      'Proč při použití batch-norm vrstvy držíme velikost dávky větší než 1?',
    ),
    options: [
      {
        id: 'variance-m-minus-1',
        label: localized(
          'With one example the variance divides by $m - 1 = 0$, so it is undefined.',
          'Pro jeden příklad se rozptyl dělí číslem $m - 1 = 0$, není tedy definován.',
        ),
      },
      {
        id: 'xhat-one',
        label: localized(
          'With one example $\\hat{x} = 1$, so the output is just $\\gamma + \\beta$.',
          'Pro jeden příklad je $\\hat{x} = 1$, výstupem je tedy jen $\\gamma + \\beta$.',
        ),
      },
      {
        id: 'xhat-zero',
        label: localized(
          'With one example $\\hat{x} = 0$, so the output is just $\\beta$.',
          'Pro jeden příklad je $\\hat{x} = 0$, výstupem je tedy jen $\\beta$.',
        ),
      },
      {
        id: 'beta-gradient-zero',
        label: localized(
          'With one example $\\partial y / \\partial \\beta = 0$, so $\\beta$ is never learned.',
          'Pro jeden příklad je $\\partial y / \\partial \\beta = 0$, parametr $\\beta$ se tedy nenaučí.',
        ),
      },
    ],
    correctOptions: ['xhat-zero'],
  },
  raiseOutputs: {
    key: 'raiseOutputs',
    type: 'choice',
    points: 0.5,
    prompt: localized(
      'Using the Jacobian, which update raises all the outputs of the layer?',
      'Kterou změnou parametrů (podle Jacobiho matice) zvýšíme všechny výstupy vrstvy?',
    ),
    options: [
      {
        id: 'increase-gamma',
        label: localized(
          'Increase $\\gamma$: every $\\partial y_i/\\partial\\gamma = \\hat{x}_i > 0$.',
          'Zvětšit $\\gamma$: každé $\\partial y_i/\\partial\\gamma = \\hat{x}_i > 0$.',
        ),
      },
      {
        id: 'decrease-beta',
        label: localized(
          'Decrease $\\beta$: every $\\partial y_i/\\partial\\beta = -1$.',
          'Zmenšit $\\beta$: každé $\\partial y_i/\\partial\\beta = -1$.',
        ),
      },
      {
        id: 'decrease-gamma',
        label: localized(
          'Decrease $\\gamma$: every $\\partial y_i/\\partial\\gamma = \\hat{x}_i < 0$.',
          'Zmenšit $\\gamma$: každé $\\partial y_i/\\partial\\gamma = \\hat{x}_i < 0$.',
        ),
      },
      {
        id: 'increase-beta',
        label: localized(
          'Increase $\\beta$: every $\\partial y_i/\\partial\\beta = 1$.',
          'Zvětšit $\\beta$: každé $\\partial y_i/\\partial\\beta = 1$.',
        ),
      },
    ],
    correctOptions: ['increase-beta'],
  },
  benefits: {
    key: 'benefits',
    type: 'multiChoice',
    points: 0.5,
    prompt: localized(
      'Which are benefits of batch norm inside a neural network? (select all that apply)',
      'Které jsou výhody batch-norm vrstvy v neuronové síti? (vyberte všechny správné)',
    ),
    options: [
      {
        id: 'exactly-normal',
        label: localized('The outputs are exactly normally distributed.', 'Výstupy mají přesně normální rozdělení.'),
      },
      { id: 'faster-training', label: localized('The network trains faster.', 'Síť se trénuje rychleji.') },
      {
        id: 'larger-lr',
        label: localized('Larger learning rates still converge.', 'Nepotřebujeme malý learning rate ke konvergenci.'),
      },
      {
        id: 'global-minimum',
        label: localized('Training always reaches the global minimum.', 'Trénování vždy dosáhne globálního minima.'),
      },
      {
        id: 'easier-init',
        label: localized('Less sensitive to weight initialisation.', 'Jednodušší inicializace vah.'),
      },
      { id: 'regularises', label: localized('A mild regularising effect.', 'Působí trochu jako regularizace.') },
    ],
    correctOptions: ['faster-training', 'larger-lr', 'easier-init', 'regularises'],
  },
  explain: {
    key: 'explain',
    type: 'freeText',
    points: 0.5,
    optional: true,
    prompt: localized(
      '(Optional) Using the Jacobian, explain in your own words what happens to the outputs $y_1, \\dots, y_m$ when $\\beta$ changes and when $\\gamma$ changes.',
      '(Nepovinné) Vysvětlete vlastními slovy pomocí Jacobiho matice, co se stane s výstupy $y_1, \\dots, y_m$, když se změní $\\beta$, a co, když se změní $\\gamma$.',
    ),
  },
};

export const batchnormTemplate = defineTemplate({
  ...batchnormTemplateV2,
  version: 3,
  parts: batchnormTemplateV1.parts.map((part) => REWORDED_V3[part.key] ?? part),
});
