import { z } from 'zod';
import { solveGd, type GdResult } from '../src/core/gd.ts';
import { IntervalSet } from '../src/core/interval-set.ts';
import {
  add,
  compareScalar,
  div,
  frac,
  isZero,
  mul,
  neg,
  sub,
  toNumber,
  toScalar,
  type Scalar,
} from '../src/core/scalar.ts';
import { latexFactor, latexIntervalSet, latexQuadratic, latexScalar, latexTerm } from '../src/core/latex.ts';
import type { Rng } from '../src/engine/rng.ts';
import {
  exactNumber,
  exactNumberValue,
  exactParam,
  exactScalar,
  gcd,
  localized,
  paragraph,
} from '../src/engine/template-helpers.ts';
import { DEFAULT_TOLERANCE, defineTemplate, type GenerateOptions, type Lang } from '../src/engine/template.ts';
import { asIntervalSet, intervalSetValue, numberValue } from '../src/engine/values.ts';

/** f(w) = a w^2 + b w + c; a, b, c numbers, or "p/q" where no decimal writes the value exactly (version 2 draws a = 5/3). */
const paramsSchema = z.object({
  a: exactNumber.refine((v) => exactNumberValue(v) > 0, 'must be > 0 (the function must have a minimum)'),
  b: exactNumber.default(0),
  c: exactNumber.default(0),
  /** Version 2: the statement writes f as a(w - h)^2 + d (same function, vertex form). */
  form: z.literal('vertex', { message: 'must be "vertex" or absent' }).optional(),
});
export type GdParams = z.output<typeof paramsSchema>;

const scalars = (p: GdParams) => ({ a: exactScalar(p.a), b: exactScalar(p.b), c: exactScalar(p.c) });
const solve = (p: GdParams): GdResult => solveGd(scalars(p));

function drawGdV1(rng: Rng, { examFriendly }: GenerateOptions): GdParams {
  // Halves keep 1/a and 1/(2a) simple fractions; outside exam mode tenths are allowed too.
  const a = examFriendly ? rng.int(1, 16) / 2 : rng.int(1, 80) / 10;
  return { a, b: rng.int(-6, 6), c: rng.int(-6, 6) };
}

/** a(w - h)^2 + d, the vertex form of a w^2 + b w + c: h = -b / (2a), d = c - b^2 / (4a). */
function latexVertexForm(a: Scalar, b: Scalar, c: Scalar): string {
  const h = neg(div(b, mul(frac(2), a)));
  const d = sub(c, div(mul(b, b), mul(frac(4), a)));
  const coef = latexScalar(a) === '1' ? '' : latexFactor(a);
  const square = isZero(h)
    ? 'w^2'
    : `(w ${toNumber(h) < 0 ? '+' : '-'} ${latexScalar(toNumber(h) < 0 ? neg(h) : h)})^2`;
  const tail = isZero(d) ? '' : ` ${toNumber(d) < 0 ? '-' : '+'} ${latexScalar(toNumber(d) < 0 ? neg(d) : d)}`;
  return `${coef}${square}${tail}`;
}

function statement(p: GdParams, lang: Lang): string {
  const s = scalars(p);
  const f = p.form === 'vertex' ? latexVertexForm(s.a, s.b, s.c) : latexQuadratic(s.a, s.b, s.c);
  const update = '$$w^k = w^{k-1} - \\alpha \\frac{\\partial f(w)}{\\partial w}\\Big|_{w = w^{k-1}}$$';
  return paragraph(lang, [
    localized(`You are given the function $$f(w) = ${f}.$$`, `Je dána funkce $$f(w) = ${f}.$$`),
    localized(
      `Gradient descent updates the scalar weight $w \\in \\mathbb{R}$ as ${update} where $\\alpha$ is the learning rate.`,
      `Gradientní sestup aktualizuje skalární váhu $w \\in \\mathbb{R}$ jako ${update} kde $\\alpha$ je learning rate.`,
    ),
    localized(
      'For which sets of $\\alpha$ does it converge (at least slowly), neither converge nor diverge ("oscillate"), and diverge, for an arbitrary initial weight $w^0$?',
      'Pro které množiny hodnot $\\alpha$ algoritmus konverguje (alespoň pomalu), nekonverguje ani nediverguje („osciluje“) a diverguje, pro libovolnou počáteční váhu $w^0$?',
    ),
    localized('Which $\\alpha^*$ gives the fastest convergence?', 'Které $\\alpha^*$ dává nejrychlejší konvergenci?'),
  ]);
}

function solution(p: GdParams, a: GdResult, lang: Lang): string[] {
  const s = scalars(p);
  const twoA = mul(toScalar(2), s.a);
  const wStar = div(mul(toScalar(-1), s.b), twoA);
  return [
    `$f'(w) = ${latexQuadratic(toScalar(0), twoA, s.b)}$, ${localized('minimum at', 'minimum v')[lang]} $w^* = ${latexScalar(wStar)}$`,
    `$w^k - w^* = (1 - ${latexTerm(twoA, '\\alpha')})(w^{k-1} - w^*) = (1 - ${latexTerm(twoA, '\\alpha')})^k (w^0 - w^*)$`,
    `${localized('Converges', 'Konverguje')[lang]} $\\iff |1 - ${latexTerm(twoA, '\\alpha')}| < 1$: $\\alpha \\in ${latexIntervalSet(a.converge)}$`,
    `${localized('Neither converges nor diverges', 'Nekonverguje ani nediverguje')[lang]} $\\iff |1 - ${latexTerm(twoA, '\\alpha')}| = 1$: $\\alpha \\in ${latexIntervalSet(a.oscillate)}$`,
    `${localized('Diverges', 'Diverguje')[lang]}: $\\alpha \\in ${latexIntervalSet(a.diverge)}$`,
    `$1 - ${latexTerm(twoA, '\\alpha')}^* = 0 \\Rightarrow \\alpha^* = ${latexScalar(a.alphaStar)}$`,
    localized(
      'For $f(w) = |w|$ the gradient is $\\pm 1$ (undefined at 0), so a constant step never settles: it jumps around the minimum unless $w^0$ is a multiple of $\\alpha$. A decreasing step ($\\alpha_k \\to 0$, $\\sum_k \\alpha_k = \\infty$, e.g. $\\alpha_k = \\alpha_0 / k$) converges.',
      'Pro $f(w) = |w|$ je gradient $\\pm 1$ (v 0 neexistuje), takže konstantní krok se neustálí: přeskakuje kolem minima, pokud $w^0$ není násobkem $\\alpha$. Klesající krok ($\\alpha_k \\to 0$, $\\sum_k \\alpha_k = \\infty$, např. $\\alpha_k = \\alpha_0 / k$) konverguje.',
    )[lang],
  ];
}

export const gdTemplateV1 = defineTemplate({
  id: 'gd',
  version: 1,
  title: localized('Gradient descent: learning-rate sets', 'Gradientní sestup: množiny learning rate'),
  paramsSchema,
  draw: drawGdV1,
  constraints: [
    { id: 'positive-curvature', rule: 'a > 0', scope: 'always', check: (p) => toNumber(exactScalar(p.a)) > 0 },
  ],
  solve,
  answersToJson: (a) => ({
    converge: a.converge.toString(),
    oscillate: a.oscillate.toString(),
    diverge: a.diverge.toString(),
    alphaStar: toNumber(a.alphaStar),
  }),
  parts: [
    {
      key: 'converge',
      type: 'intervalSet',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('Learning rates for which it converges', 'Hodnoty $\\alpha$, pro které konverguje'),
      reference: (a) => intervalSetValue(a.converge),
    },
    {
      key: 'oscillate',
      type: 'intervalSet',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized(
        'Learning rates for which it neither converges nor diverges ("oscillates")',
        'Hodnoty $\\alpha$, pro které nekonverguje ani nediverguje („osciluje“)',
      ),
      reference: (a) => intervalSetValue(a.oscillate),
    },
    {
      key: 'diverge',
      type: 'intervalSet',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('Learning rates for which it diverges', 'Hodnoty $\\alpha$, pro které diverguje'),
      reference: (a) => intervalSetValue(a.diverge),
      // The three sets partition the real line: diverge is what the student's other two leave out.
      followThrough: {
        from: ['converge', 'oscillate'],
        value: (student) => {
          const c = asIntervalSet(student.converge);
          const o = asIntervalSet(student.oscillate);
          return c && o ? intervalSetValue(IntervalSet.union([c, o]).complement()) : undefined;
        },
      },
    },
    {
      key: 'alphaStar',
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('The fastest learning rate $\\alpha^*$', 'Nejrychlejší learning rate $\\alpha^*$'),
      reference: (a) => numberValue(a.alphaStar),
      followThrough: {
        from: ['converge'],
        value: (student) => {
          const pieces = asIntervalSet(student.converge)?.intervals ?? [];
          const only = pieces[0];
          // The fastest rate sits in the middle of the convergence interval (|1 - 2a alpha| is V-shaped).
          if (!only || pieces.length !== 1 || compareScalar(only.lo, only.hi) >= 0) return undefined;
          if (!Number.isFinite(toNumber(only.lo)) || !Number.isFinite(toNumber(only.hi))) return undefined;
          return numberValue(div(add(only.lo, only.hi), toScalar(2)));
        },
      },
    },
    {
      key: 'absStep',
      type: 'choice',
      points: 1,
      prompt: localized(
        'For $f(w) = |w|$, can such $\\alpha$-sets be found for a constant step?',
        'Lze pro $f(w) = |w|$ najít takové množiny $\\alpha$ pro konstantní krok?',
      ),
      options: [
        {
          id: 'decreasing-step',
          label: localized(
            'No: the gradient is $\\pm 1$, so a constant step keeps jumping around the minimum; use a decreasing step $\\alpha_k \\to 0$ with $\\sum \\alpha_k = \\infty$.',
            'Ne: gradient je $\\pm 1$, konstantní krok přeskakuje kolem minima; je třeba klesající krok $\\alpha_k \\to 0$ se $\\sum \\alpha_k = \\infty$.',
          ),
        },
        {
          id: 'same-as-quadratic',
          label: localized('Yes: the same sets as for $w^2$.', 'Ano: stejné množiny jako pro $w^2$.'),
        },
        {
          id: 'converges-small',
          label: localized('Yes: it converges for every $\\alpha < 1$.', 'Ano: konverguje pro každé $\\alpha < 1$.'),
        },
        {
          id: 'diverges-always',
          label: localized('Yes: it diverges for every $\\alpha > 0$.', 'Ano: diverguje pro každé $\\alpha > 0$.'),
        },
      ],
      correctOptions: ['decreasing-step'],
    },
  ],
  headline: 'converge',
  // The worked exam's numbers (variant A of the written exam).
  example: { a: 3, b: 0, c: -1 },
  statement,
  solution,
});

/**
 * Version 2: the sets and alpha* depend on a alone, so a is drawn from 53 simple fractions p/q
 * (q <= 6, a <= 8) instead of 16 halves; the linear term is never 0, and one variant in three
 * writes f in vertex form a(w - h)^2 + d, so the student finds the minimiser from either form.
 */
const CURVATURES: readonly Scalar[] = (() => {
  const out: Scalar[] = [];
  for (let q = 1; q <= 6; q++) for (let p = 1; p <= 16; p++) if (gcd(p, q) === 1 && p <= 8 * q) out.push(frac(p, q));
  return out;
})();

function drawGdV2(rng: Rng, options: GenerateOptions): GdParams {
  if (!options.examFriendly) return drawGdV1(rng, options);
  const a = rng.pick(CURVATURES);
  if (rng.int(0, 2) === 0) {
    const h = frac(rng.pick([-4, -3, -2, -1, 1, 2, 3, 4]), rng.pick([1, 1, 2]));
    const d = frac(rng.int(-5, 5));
    const b = neg(mul(mul(frac(2), a), h));
    return { a: exactParam(a), b: exactParam(b), c: exactParam(add(mul(a, mul(h, h)), d)), form: 'vertex' };
  }
  const b = rng.pick([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6]);
  return { a: exactParam(a), b, c: rng.int(-6, 6) };
}

export const gdTemplateV2 = defineTemplate({
  ...gdTemplateV1,
  version: 2,
  draw: drawGdV2,
});

type GdPart = (typeof gdTemplateV1.parts)[number];

/**
 * Version 3 words absStep's options alike: in versions 1 and 2 the correct one was the only "No",
 * the only one with a reason and three times as long as the others. Now two say "No" and two
 * "Yes", each with its reason and a consequence; the wrong ones fail because a constant step on
 * |w| moves by α whatever w is (no contraction, and no divergence either: it stays within
 * max(|w⁰|, α) of the minimum).
 */
const ABS_STEP_V3: GdPart = {
  key: 'absStep',
  type: 'choice',
  points: 1,
  prompt: localized(
    'For $f(w) = |w|$, can such $\\alpha$-sets be found for a constant step?',
    'Lze pro $f(w) = |w|$ najít takové množiny $\\alpha$ pro konstantní krok?',
  ),
  options: [
    {
      id: 'converges-below-one',
      label: localized(
        'Yes: the gradient is $\\pm 1$, so it converges for $0 < \\alpha < 1$, oscillates for $\\alpha = 1$ and diverges for $\\alpha > 1$.',
        'Ano: gradient je $\\pm 1$, takže konverguje pro $0 < \\alpha < 1$, osciluje pro $\\alpha = 1$ a diverguje pro $\\alpha > 1$.',
      ),
    },
    {
      id: 'decreasing-step',
      label: localized(
        'No: the gradient is $\\pm 1$, so a constant step jumps around the minimum; a step $\\alpha_k \\to 0$ with $\\sum_k \\alpha_k = \\infty$ converges.',
        'Ne: gradient je $\\pm 1$, konstantní krok tedy stále přeskakuje kolem minima; krok $\\alpha_k \\to 0$ se $\\sum_k \\alpha_k = \\infty$ konverguje.',
      ),
    },
    {
      id: 'convex-converges',
      label: localized(
        'Yes: $|w|$ is convex with its minimum at $w = 0$, so it converges to the minimum for every $\\alpha > 0$, at least slowly.',
        'Ano: $|w|$ je konvexní s minimem v $w = 0$, takže pro každé $\\alpha > 0$ konverguje k minimu, alespoň pomalu.',
      ),
    },
    {
      id: 'diverges-kink',
      label: localized(
        'No: the gradient is undefined at $w = 0$, so a constant step diverges from any $w^0$; with momentum it converges.',
        'Ne: v $w = 0$ gradient neexistuje, konstantní krok tedy z každého $w^0$ diverguje; s momentem (momentum) konverguje.',
      ),
    },
  ],
  correctOptions: ['decreasing-step'],
};

export const gdTemplate = defineTemplate({
  ...gdTemplateV2,
  version: 3,
  parts: gdTemplateV1.parts.map((part) => (part.key === 'absStep' ? ABS_STEP_V3 : part)),
});
