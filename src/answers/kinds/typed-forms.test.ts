import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../../core/interval-set.ts';
import { frac } from '../../core/scalar.ts';
import { DEFAULT_TOLERANCE } from '../../core/tolerance.ts';
import { parseAnswer } from '../parse-answer.ts';
import { compareValues } from './index.ts';
import { MAX_FORMS, typedForms, typedFormsPattern } from './typed-forms.ts';

const interval = (lo: number, q: number, hi: number, r: number) =>
  IntervalSet.interval(frac(lo, q), frac(hi, r), false, false);
const diverge = IntervalSet.union([
  IntervalSet.interval(-Infinity, frac(0), false, false),
  IntervalSet.interval(frac(1, 3), Infinity, false, false),
]);
const oscillate = IntervalSet.points([frac(0), frac(1, 3)]);
const halfOpen = IntervalSet.interval(frac(-1, 2), frac(5, 4), true, false);
const SETS = { converge: interval(0, 1, 2, 15), diverge, oscillate, halfOpen, empty: IntervalSet.empty() };

/** The grade the tool itself gives a typed answer against the set. */
function toolAccepts(typed: string, set: IntervalSet): boolean {
  const read = parseAnswer(typed, 'intervalSet');
  return read.ok && compareValues(read.value, { kind: 'intervalSet', value: set }, DEFAULT_TOLERANCE).score === 1;
}

/** QTI's patternMatch: an XML Schema regular expression, implicitly anchored (JS reads this subset alike). */
const patternAccepts = (pattern: string, typed: string): boolean => new RegExp(`^(?:${pattern})$`, 'u').test(typed);

describe('spellings of interval sets listed for LMS exports', () => {
  it('include the forms students type for (0, 2/15): no spaces, a space, reversed brackets, decimals', () => {
    const forms = typedForms(SETS.converge, undefined);
    expect(forms[0]).toBe('(0, 2/15)');
    expect(forms).toEqual(expect.arrayContaining(['(0,2/15)', '(0, 2/15)', ']0, 2/15[', '(0; 2/15)', '(0, 0.133)']));
  });

  it('spell infinity, union and sets the ways the parser reads them', () => {
    expect(typedForms(diverge, undefined)).toEqual(
      expect.arrayContaining([
        '(-inf, 0) U (1/3, inf)',
        '(-inf,0)U(1/3,inf)',
        '(-∞, 0) ∪ (1/3, ∞)',
        ']-inf, 0[ U ]1/3, inf[',
      ]),
    );
    expect(typedForms(oscillate, undefined)).toEqual(expect.arrayContaining(['{0, 1/3}', '{1/3, 0}', '{0,1/3}']));
    expect(typedForms(halfOpen, undefined)).toEqual(
      expect.arrayContaining(['[-1/2, 5/4)', '[-1/2, 5/4[', '[-0.5, 1.25)']),
    );
    expect(typedForms(SETS.empty, undefined)).toEqual(['{}', '∅']);
  });

  it.each(Object.entries(SETS))('list only spellings the tool grades correct, without repeats (%s)', (_name, set) => {
    const forms = typedForms(set, undefined);
    expect(forms.length).toBeLessThanOrEqual(MAX_FORMS);
    expect(new Set(forms).size).toBe(forms.length);
    for (const form of forms) expect(toolAccepts(form, set), form).toBe(true);
  });

  it('leave out decimals the part tolerance would not accept', () => {
    const tight = { kind: 'absolute', abs: 1e-6 } as const;
    const forms = typedForms(SETS.converge, tight);
    expect(forms.some((f) => f.includes('0.133'))).toBe(false);
    expect(forms).toContain(']0, 2/15[');
  });
});

describe('the QTI pattern of an interval set', () => {
  it.each(Object.entries(SETS))('matches every listed spelling (%s)', (_name, set) => {
    const pattern = typedFormsPattern(set, undefined);
    for (const form of typedForms(set, undefined)) expect(patternAccepts(pattern, form), form).toBe(true);
  });

  it('matches any spacing and rejects wrong ends, closed ends and other numbers', () => {
    const pattern = typedFormsPattern(SETS.converge, undefined);
    for (const typed of ['(0,2/15)', ' ( 0 , 2 / 15 ) ', ']0, 2/15[', '(0;2/15)', '(0, 0.13333)'])
      expect(patternAccepts(pattern, typed), typed).toBe(true);
    for (const typed of ['[0, 2/15)', '(0, 2/16)', '(0, 12/15)', '(0, 0.13)', '(0, 2/15', '0, 2/15'])
      expect(patternAccepts(pattern, typed), typed).toBe(false);
    const wrongNumbers = ['(0,12/15)', '(1,2/15)'];
    for (const typed of wrongNumbers) expect(toolAccepts(typed, SETS.converge)).toBe(false);
  });
});
