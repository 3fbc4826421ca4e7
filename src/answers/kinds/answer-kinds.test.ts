import { describe, expect, it } from 'vitest';
import type { AnswerType, AnswerValue } from '../../core/answer-value.ts';
import { IntervalSet } from '../../core/interval-set.ts';
import { frac } from '../../core/scalar.ts';
import { DEFAULT_TOLERANCE } from '../../core/tolerance.ts';
import { parseAnswer } from '../parse-answer.ts';
import { ANSWER_KINDS, compareValues, kindForPartType, kindOf } from './index.ts';

const PART_TYPES: readonly AnswerType[] = [
  'number',
  'vector',
  'matrix',
  'intervalSet',
  'finiteSet',
  'choice',
  'multiChoice',
  'freeText',
];

/** One value of every kind, with a part type that reads it. */
const SAMPLES: Array<{ type: AnswerType; value: AnswerValue }> = [
  { type: 'number', value: { kind: 'number', value: frac(-2, 15) } },
  { type: 'vector', value: { kind: 'vector', values: [frac(1, 2), frac(-3), frac(0)] } },
  {
    type: 'matrix',
    value: {
      kind: 'matrix',
      rows: [
        [frac(1), frac(-1)],
        [frac(1), frac(1, 3)],
      ],
    },
  },
  {
    type: 'intervalSet',
    value: {
      kind: 'intervalSet',
      value: IntervalSet.union([IntervalSet.interval(-Infinity, frac(0), false, false), IntervalSet.point(frac(1, 3))]),
    },
  },
  { type: 'finiteSet', value: { kind: 'finiteSet', values: [frac(1, 3), frac(0)] } },
  { type: 'multiChoice', value: { kind: 'choice', ids: ['a', 'c'] } },
  { type: 'freeText', value: { kind: 'text', text: 'gamma scales x-hat, whose sum is 0' } },
];

describe('the answer-kind registry (one contract, every kind)', () => {
  it('has a kind for every part type, and each kind names itself', () => {
    for (const type of PART_TYPES) expect(kindForPartType(type), type).toBeDefined();
    for (const [kind, spec] of Object.entries(ANSWER_KINDS)) expect(spec.kind).toBe(kind);
  });

  it.each(SAMPLES)('reads its own echo back as an equal value ($type)', ({ type, value }) => {
    const spec = kindOf(value);
    const echo = spec.format(value);
    const read = parseAnswer(echo, type, { choiceIds: ['a', 'b', 'c'] });
    expect(read.ok, echo).toBe(true);
    if (!read.ok) return;
    expect(read.echo).toBe(echo);
    expect(spec.identity(read.value)).toBe(spec.identity(value));
    if (value.kind !== 'text') expect(compareValues(read.value, value, DEFAULT_TOLERANCE).score).toBe(1);
  });

  it.each(SAMPLES)('typesets math kinds as LaTeX and exports every kind ($type)', ({ value }) => {
    const spec = kindOf(value);
    const math = !['choice', 'text'].includes(value.kind);
    expect(spec.latex(value) !== undefined).toBe(math);
    const part = { type: SAMPLES.find((s) => s.value === value)?.type ?? 'number', options: [] };
    expect(spec.moodleCloze(value, { part, points: 1 })).toMatch(/\{\d+:[A-Z_]+:/);
    const qti = spec.qti(value, { part, points: 1, id: 'Ix', optionId: (id) => `I${id}` });
    expect(qti.declaration).toContain('responseDeclaration identifier="Ix"');
  });
});
