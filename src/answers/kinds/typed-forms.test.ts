import { describe, expect, it } from 'vitest';
import { IntervalSet } from '../../core/interval-set.ts';
import { frac } from '../../core/scalar.ts';
import { DEFAULT_TOLERANCE } from '../../core/tolerance.ts';
import { parseAnswer } from '../parse-answer.ts';
import type { NumberNotation } from '../read-structured.ts';
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

/** The grade the tool itself gives a typed answer against the set (on a Czech page with `czech`). */
function toolAccepts(typed: string, set: IntervalSet, notation: NumberNotation = {}): boolean {
  const read = parseAnswer(typed, 'intervalSet', notation);
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

const CZECH: NumberNotation = { decimalComma: true };
const lonePoint = IntervalSet.points([frac(1, 3)]);
const mixed = IntervalSet.union([IntervalSet.points([frac(-7, 4)]), interval(0, 1, 2, 15)]);
const CZECH_SETS = { ...SETS, lonePoint, mixed };
describe('Czech spellings, for an export in Czech (decimal comma, ";" between entries)', () => {
  it('are listed for a Czech export: (0; 0,133), ]0; 0,133[, {0; 1/3}, {0,333; 0}, (-inf; 0) U (0,333; inf)', () => {
    expect(typedForms(SETS.converge, undefined, CZECH)).toEqual(
      expect.arrayContaining(['(0; 0,133)', ']0; 0,133[', '(0; 0,1333)', '(0; 0.133)', '(0, 2/15)', '(0; 2/15)']),
    );
    expect(typedForms(oscillate, undefined, CZECH)).toEqual(
      expect.arrayContaining(['{0; 1/3}', '{1/3; 0}', '{0; 0,333}', '{0,333; 0}', '{0, 1/3}']),
    );
    expect(typedForms(diverge, undefined, CZECH)).toEqual(
      expect.arrayContaining(['(-inf; 0) U (0,333; inf)', '(-∞; 0) ∪ (0,333; ∞)', ']-inf; 0[ U ]0,333; inf[']),
    );
    expect(typedForms(halfOpen, undefined, CZECH)).toEqual(expect.arrayContaining(['[-0,5; 1,25)', '[-0,5; 1,25[']));
  });

  it.each(Object.entries(CZECH_SETS))(
    'are all read back as the right answer on a Czech page, and listed within the cap (%s)',
    (_name, set) => {
      const forms = typedForms(set, undefined, CZECH);
      expect(forms.length).toBeLessThanOrEqual(MAX_FORMS);
      expect(new Set(forms).size).toBe(forms.length);
      for (const form of forms) expect(toolAccepts(form, set, CZECH), form).toBe(true);
    },
  );

  it('never list a decimal comma that would be read as a separator: a lone point has none', () => {
    // "{0,333}" has no ";", so a Czech page reads it as {0, 333}: a lone point keeps its English spellings.
    expect(typedForms(lonePoint, undefined, CZECH)).toEqual(typedForms(lonePoint, undefined));
  });

  it('are not listed for an English export, where "(0; 0,5)" is unreadable and "{0; 0,5}" is no set', () => {
    for (const [name, set] of Object.entries(CZECH_SETS)) {
      const english = typedForms(set, undefined);
      const czechOnly = typedForms(set, undefined, CZECH).filter((f) => !english.includes(f));
      if (name !== 'empty' && name !== 'lonePoint') expect(czechOnly.length, name).toBeGreaterThan(0);
      // An English page would not take them as the right answer: read otherwise, or not at all.
      for (const form of czechOnly) expect(toolAccepts(form, set), form).toBe(false);
    }
  });

  it.each(Object.entries(CZECH_SETS))('the Czech QTI pattern matches every Czech spelling (%s)', (_name, set) => {
    const pattern = typedFormsPattern(set, undefined, CZECH);
    for (const form of typedForms(set, undefined, CZECH)) expect(patternAccepts(pattern, form), form).toBe(true);
  });

  it('the Czech pattern takes "(0;0,13333)" and rejects a comma that would be read as a separator', () => {
    const czech = typedFormsPattern(SETS.converge, undefined, CZECH);
    for (const typed of ['(0;0,13333)', ' ] 0 ; 0,133 [ ', '(0; 0.133)', '(0, 2/15)'])
      expect(patternAccepts(czech, typed), typed).toBe(true);
    for (const typed of ['(0, 0,133)', '(0,0,133)', '(0; 0,13)', '[0; 0,133)'])
      expect(patternAccepts(czech, typed), typed).toBe(false);
    expect(patternAccepts(typedFormsPattern(lonePoint, undefined, CZECH), '{0,333}')).toBe(false);
    expect(patternAccepts(typedFormsPattern(oscillate, undefined, CZECH), '{0,333; 0}')).toBe(true);
    // The English pattern is unchanged: no decimal comma, no ";" in a set.
    const english = typedFormsPattern(SETS.converge, undefined);
    expect(patternAccepts(english, '(0; 0,133)')).toBe(false);
    expect(patternAccepts(typedFormsPattern(oscillate, undefined), '{0; 1/3}')).toBe(false);
  });
});
