import { z } from 'zod';
import { solvePolicy, type PolicyResult } from '../src/core/policy.ts';
import { mul, neg, sub, toNumber, toScalar, type Scalar } from '../src/core/scalar.ts';
import { latexFactor, latexScalar } from '../src/engine/latex.ts';
import type { Rng } from '../src/engine/rng.ts';
import { finiteNumber, localized } from '../src/engine/template-helpers.ts';
import type { GenerateOptions, Lang, Template } from '../src/engine/template.ts';
import { asNumber, asVector, numberValue, vectorValue } from '../src/engine/values.ts';

export interface PolicyParams {
  theta: number;
  x: number;
  bias: number;
  rewards: [number, number];
  action: 1 | 2;
}

const paramsSchema = z.object({
  theta: finiteNumber,
  x: finiteNumber,
  bias: finiteNumber.default(1),
  rewards: z.tuple([finiteNumber, finiteNumber], { message: 'must be [r1, r2]' }),
  action: z.union([z.literal(1), z.literal(2)], { message: 'must be 1 or 2' }),
});

const scalars = (p: PolicyParams) => ({
  theta: toScalar(p.theta),
  x: toScalar(p.x),
  bias: toScalar(p.bias),
  rewards: [toScalar(p.rewards[0]), toScalar(p.rewards[1])] as [Scalar, Scalar],
  action: p.action,
});
const solve = (p: PolicyParams): PolicyResult => solvePolicy(scalars(p));

function drawPolicy(rng: Rng, { examFriendly }: GenerateOptions): PolicyParams {
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
  const arg = `\\theta x ${toNumber(s.bias) < 0 ? '-' : '+'} ${latexScalar(toNumber(s.bias) < 0 ? neg(s.bias) : s.bias)}`;
  const policy = `$$\\pi_\\theta(u|x) = \\begin{cases} \\sigma(${arg}) & \\text{if } u = 1 \\\\ 1 - \\sigma(${arg}) & \\text{if } u = 2 \\end{cases}$$`;
  return lang === 'en'
    ? `Consider a stochastic discrete policy that selects action $u$ in state $x$ according to ${policy} with scalar parameter $\\theta = ${latexScalar(s.theta)}$. The policy can act only in state $x = ${latexScalar(s.x)}$; the trajectory then follows $\\tau_1$ (after $u = 1$) or $\\tau_2$ (after $u = 2$), with rewards $r(\\tau_1) = ${latexScalar(s.rewards[0])}$ and $r(\\tau_2) = ${latexScalar(s.rewards[1])}$. Find the values of the advantage function in $x = ${latexScalar(s.x)}$, and estimate the A2C policy gradient from the training trajectory $\\tau = [x_1 = ${latexScalar(s.x)}, u_1 = ${p.action}, \\dots]$.`
    : `Uvažujte stochastickou diskrétní strategii, která volí akci $u$ ve stavu $x$ podle ${policy} se skalárním parametrem $\\theta = ${latexScalar(s.theta)}$. Strategie může jednat jen ve stavu $x = ${latexScalar(s.x)}$; trajektorie pak pokračuje jako $\\tau_1$ (po $u = 1$) nebo $\\tau_2$ (po $u = 2$) s odměnami $r(\\tau_1) = ${latexScalar(s.rewards[0])}$ a $r(\\tau_2) = ${latexScalar(s.rewards[1])}$. Určete hodnoty výhodové funkce (advantage) ve stavu $x = ${latexScalar(s.x)}$ a odhadněte A2C gradient strategie z trénovací trajektorie $\\tau = [x_1 = ${latexScalar(s.x)}, u_1 = ${p.action}, \\dots]$.`;
}

function solution(p: PolicyParams, a: PolicyResult, lang: Lang): string[] {
  const s = scalars(p);
  const [pi1, pi2] = a.p;
  const [q1, q2] = a.Q;
  const grad =
    p.action === 1
      ? `(1 - \\sigma(\\theta x + b))\\, x = (1 - ${latexScalar(pi1)}) \\cdot ${latexFactor(s.x)}`
      : `-\\sigma(\\theta x + b)\\, x = -${latexScalar(pi1)} \\cdot ${latexFactor(s.x)}`;
  return [
    `$\\pi(1|x) = \\sigma(${latexFactor(s.theta)} \\cdot ${latexFactor(s.x)} + ${latexFactor(s.bias)}) = ${latexScalar(pi1)}, \\quad \\pi(2|x) = ${latexScalar(pi2)}$`,
    `$Q(1, x) = r(\\tau_1) = ${latexScalar(q1)}, \\quad Q(2, x) = r(\\tau_2) = ${latexScalar(q2)}$`,
    `$V(x) = \\pi(1|x)\\, Q(1,x) + \\pi(2|x)\\, Q(2,x) = ${latexScalar(pi1)} \\cdot ${latexFactor(q1)} + ${latexScalar(pi2)} \\cdot ${latexFactor(q2)} = ${latexScalar(a.V)}$`,
    `$A(1, x) = ${latexScalar(q1)} - ${latexFactor(a.V)} = ${latexScalar(a.A[0])}, \\quad A(2, x) = ${latexScalar(q2)} - ${latexFactor(a.V)} = ${latexScalar(a.A[1])}$`,
    `$\\frac{\\partial \\log \\pi_\\theta(${p.action}|x)}{\\partial \\theta} = ${grad} = ${latexScalar(a.gradLogPi)}$`,
    lang === 'en'
      ? `A2C estimate: $\\frac{\\partial \\log \\pi}{\\partial \\theta} \\cdot A(u_1, x_1) = ${latexFactor(a.gradLogPi)} \\cdot ${latexFactor(a.A[p.action - 1] as Scalar)} = ${latexScalar(a.a2c)}$`
      : `Odhad A2C: $\\frac{\\partial \\log \\pi}{\\partial \\theta} \\cdot A(u_1, x_1) = ${latexFactor(a.gradLogPi)} \\cdot ${latexFactor(a.A[p.action - 1] as Scalar)} = ${latexScalar(a.a2c)}$`,
  ];
}

export const policyTemplate = {
  id: 'policy',
  version: 1,
  title: localized('Policy gradient with advantage (A2C)', 'Gradient strategie s výhodovou funkcí (A2C)'),
  paramsSchema,
  draw: drawPolicy,
  constraints: [
    { id: 'distinct-rewards', rule: 'r1 != r2, so the advantages are not all zero', scope: 'always', check: (p) => p.rewards[0] !== p.rewards[1] },
    { id: 'sigmoid-at-zero', rule: 'theta * x + bias = 0, so pi = 1/2 and the answers are exact', scope: 'examFriendly', check: (p) => p.theta * p.x + p.bias === 0 },
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
    { key: 'p', type: 'vector', points: 0.5, prompt: localized('Action probabilities $(\\pi(1|x), \\pi(2|x))$', 'Pravděpodobnosti akcí $(\\pi(1|x), \\pi(2|x))$'), reference: (a) => vectorValue(a.p) },
    { key: 'Q', type: 'vector', points: 0.5, prompt: localized('$(Q(1, x), Q(2, x))$', '$(Q(1, x), Q(2, x))$'), reference: (a) => vectorValue(a.Q) },
    { key: 'V', type: 'number', points: 1, prompt: localized('$V(x)$', '$V(x)$'), reference: (a) => numberValue(a.V) },
    {
      key: 'A',
      type: 'vector',
      points: 1,
      prompt: localized('Advantages $(A(1, x), A(2, x))$', 'Výhody $(A(1, x), A(2, x))$'),
      reference: (a) => vectorValue(a.A),
      followThrough: {
        from: ['V'],
        value: (student, p) => {
          const v = asNumber(student.V);
          return v === undefined ? undefined : vectorValue([sub(toScalar(p.rewards[0]), v), sub(toScalar(p.rewards[1]), v)]);
        },
      },
    },
    {
      key: 'gradLogPi',
      type: 'number',
      points: 1,
      prompt: localized('$\\partial \\log \\pi_\\theta(u_1|x_1) / \\partial \\theta$', '$\\partial \\log \\pi_\\theta(u_1|x_1) / \\partial \\theta$'),
      reference: (a) => numberValue(a.gradLogPi),
      mistakes: (a, p) => {
        const other = p.action === 1 ? 2 : 1;
        return [
          {
            id: 'other-action',
            value: numberValue(a.gradLogPiByAction[other - 1] as Scalar),
            feedback: localized(`This is the derivative for action ${other}; the trajectory took action ${p.action}.`, `Toto je derivace pro akci ${other}; trajektorie zvolila akci ${p.action}.`),
          },
        ];
      },
    },
    {
      key: 'a2c',
      type: 'number',
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
  statement,
  solution,
} satisfies Template<PolicyParams, PolicyResult>;
