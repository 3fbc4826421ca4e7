import { z } from 'zod';
import { frac } from '../src/core/scalar.ts';
import { solvePolicy, type PolicyResult } from '../src/core/policy.ts';
import { add, isZero, mul, neg, sub, toNumber, toScalar, type Scalar } from '../src/core/scalar.ts';
import { latexFactor, latexScalar } from '../src/core/latex.ts';
import type { Rng } from '../src/engine/rng.ts';
import {
  exactNumber,
  exactNumberValue,
  exactParam,
  exactScalar,
  finiteNumber,
  localized,
  paragraph,
} from '../src/engine/template-helpers.ts';
import {
  DEFAULT_TOLERANCE,
  defineTemplate,
  type Constraint,
  type GenerateOptions,
  type Lang,
} from '../src/engine/template.ts';
import { asNumber, asVector, numberValue, vectorValue } from '../src/engine/values.ts';

const paramsSchema = z.object({
  theta: finiteNumber,
  x: finiteNumber,
  bias: finiteNumber.default(1),
  /** Version 2: the bias also holds ln(biasLn), written exactly (b = ln 3 - 2). */
  biasLn: exactNumber.refine((v) => exactNumberValue(v) > 0, 'must be > 0 (the argument of ln)').optional(),
  rewards: z.tuple([finiteNumber, finiteNumber], { message: 'must be [r1, r2]' }),
  action: z.union([z.literal(1), z.literal(2)], { message: 'must be 1 or 2' }),
});
export type PolicyParams = z.output<typeof paramsSchema>;

const scalars = (p: PolicyParams) => ({
  theta: toScalar(p.theta),
  x: toScalar(p.x),
  bias: toScalar(p.bias),
  ...(p.biasLn === undefined ? {} : { biasLnOf: exactScalar(p.biasLn) }),
  rewards: [toScalar(p.rewards[0]), toScalar(p.rewards[1])] as [Scalar, Scalar],
  action: p.action,
});
const solve = (p: PolicyParams): PolicyResult => solvePolicy(scalars(p));

/** "+ 2" / "- 2": a term after another, with its own sign. */
function signed(v: Scalar): string {
  return `${toNumber(v) < 0 ? '-' : '+'} ${latexScalar(toNumber(v) < 0 ? neg(v) : v)}`;
}

/** ln k exactly as written on paper: \ln 3, \ln\frac{7}{3}. */
function latexLn(k: Scalar): string {
  const text = latexScalar(k);
  return text.startsWith('\\frac') ? `\\ln${text}` : `\\ln ${text}`;
}

/** The bias b as it follows "theta x" in the policy: "+ 1", or "+ \ln 3 - 2" when it holds a logarithm. */
function latexBias(s: ReturnType<typeof scalars>): string {
  if (s.biasLnOf === undefined) return signed(s.bias);
  return `+ ${latexLn(s.biasLnOf)}${isZero(s.bias) ? '' : ` ${signed(s.bias)}`}`;
}

function drawPolicyV1(rng: Rng, { examFriendly }: GenerateOptions): PolicyParams {
  const theta = rng.pick([-3, -2, -1, 1, 2, 3]);
  const x = rng.pick([-2, -1, 1, 2]);
  // Exam-friendly: the sigmoid's argument is 0, so pi = 1/2 and everything stays rational.
  const bias = examFriendly ? -theta * x : rng.int(-2, 2);
  const r1 = rng.int(-10, 10);
  const r2 = rng.int(-10, 10);
  return { theta, x, bias, rewards: [r1, r2], action: rng.pick([1, 2] as const) };
}

function statement(p: PolicyParams, lang: Lang): string {
  const s = scalars(p);
  const arg = `\\theta x ${latexBias(s)}`;
  const when = localized('if', 'pro')[lang];
  const policy = `$$\\pi_\\theta(u|x) = \\begin{cases} \\sigma(${arg}) & \\text{${when} } u = 1 \\\\ 1 - \\sigma(${arg}) & \\text{${when} } u = 2 \\end{cases}$$`;
  const x = latexScalar(s.x);
  return paragraph(lang, [
    localized(
      `Consider a stochastic discrete policy that selects action $u$ in state $x$ according to ${policy} with scalar parameter $\\theta = ${latexScalar(s.theta)}$.`,
      `Uvažujte stochastickou diskrétní strategii, která volí akci $u$ ve stavu $x$ podle ${policy} se skalárním parametrem $\\theta = ${latexScalar(s.theta)}$.`,
    ),
    localized(
      `The policy can act only in state $x = ${x}$; the trajectory then follows $\\tau_1$ (after $u = 1$) or $\\tau_2$ (after $u = 2$), with rewards $r(\\tau_1) = ${latexScalar(s.rewards[0])}$ and $r(\\tau_2) = ${latexScalar(s.rewards[1])}$.`,
      `Strategie může jednat jen ve stavu $x = ${x}$; trajektorie pak pokračuje jako $\\tau_1$ (po $u = 1$) nebo $\\tau_2$ (po $u = 2$) s odměnami $r(\\tau_1) = ${latexScalar(s.rewards[0])}$ a $r(\\tau_2) = ${latexScalar(s.rewards[1])}$.`,
    ),
    localized(
      `Find the values of the advantage function in $x = ${x}$, and estimate the A2C policy gradient from the training trajectory $\\tau = [x_1 = ${x}, u_1 = ${p.action}, \\dots]$.`,
      `Určete hodnoty funkce výhodnosti (advantage) $A(u, x)$ ve stavu $x = ${x}$ a odhadněte A2C gradient strategie z trénovací trajektorie $\\tau = [x_1 = ${x}, u_1 = ${p.action}, \\dots]$.`,
    ),
  ]);
}

function solution(p: PolicyParams, a: PolicyResult, lang: Lang): string[] {
  const s = scalars(p);
  const [pi1, pi2] = a.p;
  // theta x + the bias's rational part: 0 in exam variants, leaving sigma(ln k).
  const rest = add(mul(s.theta, s.x), s.bias);
  const [q1, q2] = a.Q;
  const grad =
    p.action === 1
      ? `(1 - \\sigma(\\theta x + b))\\, x = (1 - ${latexScalar(pi1)}) \\cdot ${latexFactor(s.x)}`
      : `-\\sigma(\\theta x + b)\\, x = -${latexScalar(pi1)} \\cdot ${latexFactor(s.x)}`;
  return [
    s.biasLnOf === undefined
      ? `$\\pi(1|x) = \\sigma(${latexFactor(s.theta)} \\cdot ${latexFactor(s.x)} + ${latexFactor(s.bias)}) = ${latexScalar(pi1)}, \\quad \\pi(2|x) = ${latexScalar(pi2)}$`
      : `$\\pi(1|x) = \\sigma(${latexFactor(s.theta)} \\cdot ${latexFactor(s.x)} ${latexBias(s)}) = \\sigma(${latexLn(s.biasLnOf)}${isZero(rest) ? '' : ` ${signed(rest)}`}) = ${latexScalar(pi1)}, \\quad \\pi(2|x) = ${latexScalar(pi2)}$${isZero(rest) ? ' $\\left(\\sigma(\\ln k) = \\frac{k}{1 + k}\\right)$' : ''}`,
    `$Q(1, x) = r(\\tau_1) = ${latexScalar(q1)}, \\quad Q(2, x) = r(\\tau_2) = ${latexScalar(q2)}$`,
    `$V(x) = \\pi(1|x)\\, Q(1,x) + \\pi(2|x)\\, Q(2,x) = ${latexScalar(pi1)} \\cdot ${latexFactor(q1)} + ${latexScalar(pi2)} \\cdot ${latexFactor(q2)} = ${latexScalar(a.V)}$`,
    `$A(1, x) = ${latexScalar(q1)} - ${latexFactor(a.V)} = ${latexScalar(a.A[0])}, \\quad A(2, x) = ${latexScalar(q2)} - ${latexFactor(a.V)} = ${latexScalar(a.A[1])}$`,
    `$\\frac{\\partial \\log \\pi_\\theta(${p.action}|x)}{\\partial \\theta} = ${grad} = ${latexScalar(a.gradLogPi)}$`,
    localized(
      `A2C estimate: $\\frac{\\partial \\log \\pi}{\\partial \\theta} \\cdot A(u_1, x_1) = ${latexFactor(a.gradLogPi)} \\cdot ${latexFactor(a.A[p.action - 1] as Scalar)} = ${latexScalar(a.a2c)}$`,
      `Odhad A2C: $\\frac{\\partial \\log \\pi}{\\partial \\theta} \\cdot A(u_1, x_1) = ${latexFactor(a.gradLogPi)} \\cdot ${latexFactor(a.A[p.action - 1] as Scalar)} = ${latexScalar(a.a2c)}$`,
    )[lang],
  ];
}

const DISTINCT_REWARDS: Constraint<PolicyParams, PolicyResult> = {
  id: 'distinct-rewards',
  rule: 'r1 != r2, so the advantages are not all zero',
  scope: 'always',
  check: (p) => p.rewards[0] !== p.rewards[1],
};

export const policyTemplateV1 = defineTemplate({
  id: 'policy',
  version: 1,
  title: localized('Policy gradient with advantage (A2C)', 'Gradient strategie s výhodností (advantage, A2C)'),
  paramsSchema,
  draw: drawPolicyV1,
  constraints: [
    DISTINCT_REWARDS,
    {
      id: 'sigmoid-at-zero',
      rule: 'theta * x + bias = 0, so pi = 1/2 and the answers are exact',
      scope: 'examFriendly',
      check: (p) => p.theta * p.x + p.bias === 0,
    },
  ],
  solve,
  answersToJson: (a) => ({
    p: a.p.map(toNumber),
    Q: a.Q.map(toNumber),
    V: toNumber(a.V),
    A: a.A.map(toNumber),
    gradLogPi: toNumber(a.gradLogPi),
    a2c: toNumber(a.a2c),
  }),
  parts: [
    {
      key: 'p',
      step: true,
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized(
        'Action probabilities $(\\pi(1|x), \\pi(2|x))$',
        'Pravděpodobnosti akcí $(\\pi(1|x), \\pi(2|x))$',
      ),
      reference: (a) => vectorValue(a.p),
    },
    {
      key: 'Q',
      step: true,
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 0.5,
      prompt: localized('$(Q(1, x), Q(2, x))$', '$(Q(1, x), Q(2, x))$'),
      reference: (a) => vectorValue(a.Q),
    },
    {
      key: 'V',
      step: true,
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('$V(x)$', '$V(x)$'),
      reference: (a) => numberValue(a.V),
    },
    {
      key: 'A',
      type: 'vector',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('Advantages $(A(1, x), A(2, x))$', 'Hodnoty výhodnosti (advantage) $(A(1, x), A(2, x))$'),
      reference: (a) => vectorValue(a.A),
      followThrough: {
        from: ['V'],
        value: (student, p) => {
          const v = asNumber(student.V);
          return v === undefined
            ? undefined
            : vectorValue([sub(toScalar(p.rewards[0]), v), sub(toScalar(p.rewards[1]), v)]);
        },
      },
    },
    {
      key: 'gradLogPi',
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized(
        '$\\partial \\log \\pi_\\theta(u_1|x_1) / \\partial \\theta$',
        '$\\partial \\log \\pi_\\theta(u_1|x_1) / \\partial \\theta$',
      ),
      reference: (a) => numberValue(a.gradLogPi),
      mistakes: (a, p) => {
        const other = p.action === 1 ? 2 : 1;
        return [
          {
            id: 'other-action',
            value: numberValue(a.gradLogPiByAction[other - 1] as Scalar),
            feedback: localized(
              `This is the derivative for action ${other}; the trajectory took action ${p.action}.`,
              `Toto je derivace pro akci ${other}; trajektorie zvolila akci ${p.action}.`,
            ),
          },
        ];
      },
    },
    {
      key: 'a2c',
      type: 'number',
      tolerance: DEFAULT_TOLERANCE,
      points: 1,
      prompt: localized('A2C policy-gradient estimate', 'Odhad A2C gradientu strategie'),
      reference: (a) => numberValue(a.a2c),
      followThrough: {
        from: ['gradLogPi', 'A'],
        value: (student, p) => {
          const g = asNumber(student.gradLogPi);
          const adv = asVector(student.A)?.[p.action - 1];
          return g === undefined || adv === undefined ? undefined : numberValue(mul(g, adv));
        },
      },
    },
  ],
  headline: 'a2c',
  // The worked exam's numbers (variant A of the written exam).
  example: { theta: -1, x: 1, bias: 1, rewards: [6, -2], action: 1 },
  statement,
  solution,
});

/**
 * Version 2: theta x + b = ln k for a simple ratio k, so pi(1|x) = k / (1 + k) takes sixteen
 * values (1/2, 1/3, 3/4, 2/5, ..., 3/10) instead of always 1/2, and the bias is written exactly
 * (b = ln 3 - 2). Everything a student computes stays a fraction.
 */
const ODDS: readonly Scalar[] = [
  [1, 2],
  [2, 1],
  [1, 3],
  [3, 1],
  [1, 4],
  [4, 1],
  [2, 3],
  [3, 2],
  [1, 5],
  [5, 1],
  [2, 5],
  [5, 2],
  [3, 4],
  [4, 3],
  [1, 6],
  [6, 1],
  [3, 5],
  [5, 3],
  [2, 7],
  [7, 2],
  [4, 5],
  [5, 4],
  [3, 7],
  [7, 3],
  [1, 9],
  [9, 1],
].map(([p, q]) => frac(p as number, q as number));

function drawPolicyV2(rng: Rng, options: GenerateOptions): PolicyParams {
  if (!options.examFriendly) {
    // Decimal answers graded with tolerance: the bias in tenths, so pi spreads too.
    const v1 = drawPolicyV1(rng, options);
    return { ...v1, bias: rng.int(-25, 25) / 10 };
  }
  const theta = rng.pick([-3, -2, -1, 1, 2, 3]);
  const x = rng.pick([-2, -1, 1, 2]);
  // One in ten variants keeps the exam's sigma(0) = 1/2 (no logarithm at all).
  const k = rng.int(0, 9) === 0 ? undefined : rng.pick(ODDS);
  const rewards: [number, number] = [rng.int(-10, 10), rng.int(-10, 10)];
  const action = rng.pick([1, 2] as const);
  return { theta, x, bias: -theta * x, ...(k === undefined ? {} : { biasLn: exactParam(k) }), rewards, action };
}

export const policyTemplate = defineTemplate({
  ...policyTemplateV1,
  version: 2,
  draw: drawPolicyV2,
  constraints: [
    DISTINCT_REWARDS,
    {
      id: 'sigmoid-of-log',
      rule: 'theta * x + bias = 0, so theta x + b = ln k and pi = k / (1 + k) is exact',
      scope: 'examFriendly',
      check: (p: PolicyParams) => p.theta * p.x + p.bias === 0,
    },
  ],
});
