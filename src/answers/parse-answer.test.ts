import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerType, AnswerValue } from '../core/answer-value.ts';
import { compareScalar, isExact, toNumber, type Scalar } from '../core/scalar.ts';
import { formatAnswerValue, MAX_INPUT_LENGTH, parseAnswer, parseExpression } from './index.ts';
import { echo, failure } from './parse.test-helpers.ts';

const TYPES: AnswerType[] = [
  'number',
  'vector',
  'matrix',
  'intervalSet',
  'finiteSet',
  'choice',
  'multiChoice',
  'freeText',
];

describe('parseAnswer', () => {
  it("reads the exam's answers", () => {
    expect(echo('[[1,-1],[1,1]]', 'matrix')).toBe('[[1, -1], [1, 1]]');
    expect(echo('32', 'number')).toBe('32');
    expect(echo('-8*-2', 'number')).toBe('16');
    expect(echo('(0, 1/3)', 'intervalSet')).toBe('(0, 1/3)');
    expect(echo('{0, 1/3}', 'intervalSet')).toBe('{0, 1/3}');
    expect(echo('(-inf, 0) U (1/3, inf)', 'intervalSet')).toBe('(-inf, 0) U (1/3, inf)');
    expect(echo('1/6', 'number')).toBe('1/6');
  });

  it('returns the value with its echo', () => {
    const r = parseAnswer('[1 -1; 1 1]', 'matrix');
    expect(r.ok && r.value.kind).toBe('matrix');
    expect(r.ok && formatAnswerValue(r.value)).toBe(r.ok && r.echo);
    expect(parseExpression('1/6')).toMatchObject({ ok: true, echo: '1/6' });
  });

  it.each(TYPES)('asks for an answer when a %s part is blank', (type) => {
    for (const blank of ['', '   ', '\n\t'])
      expect(failure(blank, type)).toEqual({ ok: false, error: 'Please enter an answer' });
  });

  it('refuses overlong input before reading it', () => {
    expect(failure(`1${'+1'.repeat(MAX_INPUT_LENGTH)}`, 'number')).toEqual({
      ok: false,
      error: 'The answer is longer than 2000 characters',
    });
    expect(echo(`1${'+1'.repeat(999)}`, 'number')).toBe('1000');
  });

  it('does not enforce the shape option (the grader explains a wrong shape)', () => {
    expect(parseAnswer('[1, 2, 3]', 'vector', { shape: [2] })).toMatchObject({ ok: true, echo: '[1, 2, 3]' });
    expect(parseAnswer('[1 2]', 'matrix', { shape: [2, 2] })).toMatchObject({ ok: true, echo: '[[1, 2]]' });
  });

  it('never throws for input of the wrong JavaScript type', () => {
    expect(parseAnswer(undefined as unknown as string, 'number')).toEqual({
      ok: false,
      error: 'Please enter an answer',
    });
    expect(parseAnswer(['1'] as unknown as string, 'vector')).toEqual({ ok: false, error: 'Please enter an answer' });
  });

  it('parses a typical answer in a few microseconds', () => {
    const inputs: [string, AnswerType][] = [
      ['[[1,-1],[1,1]]', 'matrix'],
      ['(-inf, 0) U (1/3, inf)', 'intervalSet'],
      ['1/6', 'number'],
    ];
    const rounds = 20000;
    let best = Infinity;
    // Best of three rounds, the first warming up the JIT.
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      for (let i = 0; i < rounds; i++) for (const [input, type] of inputs) parseAnswer(input, type);
      best = Math.min(best, ((performance.now() - started) * 1000) / (rounds * inputs.length));
    }
    // About 1-3 µs measured alone; the bound only catches a gross regression on a busy machine.
    expect(best).toBeLessThan(25);
  });
});

describe('properties', () => {
  const anyOptions = { choiceIds: ['a', 'b', 'c'] };
  const mathy = fc.stringMatching(/^[-+*/^()[\]{},;. 0-9eEinfpsqrtlxU∞∪√π−×÷]{0,60}$/);

  it('never throws, whatever is typed', () => {
    const never = (input: string, type: AnswerType): void => {
      const r = parseAnswer(input, type, anyOptions);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) {
        expect(r.error.length).toBeGreaterThan(0);
        if (r.position !== undefined) expect(r.position >= 0 && r.position <= input.length).toBe(true);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(...TYPES), never), { numRuns: 3000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(...TYPES), never), {
      numRuns: 1000,
    });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constantFrom(...TYPES), never), {
      numRuns: 1000,
    });
    fc.assert(fc.property(mathy, fc.constantFrom(...TYPES), never), { numRuns: 5000 });
  });

  // Exact scalars as students type them, and irrational ones (floats).
  const exactText = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: 1, max: 99 })).map(([n, d]) => `${n}/${d}`),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
    fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -20, max: 20 })).map(([m, e]) => `${m}e${e}`),
  );
  const floatText = fc
    .tuple(fc.integer({ min: 2, max: 99 }), fc.integer({ min: 1, max: 9 }))
    .map(([n, d]) => `sqrt(${n})/${d}`);
  const scalarText = fc.oneof(exactText, floatText);

  /** Same kind and shape, exact scalars equal exactly, floats equal as doubles. */
  const sameValue = (a: AnswerValue, b: AnswerValue): boolean => {
    const same = (x: Scalar, y: Scalar): boolean =>
      isExact(x) ? isExact(y) && compareScalar(x, y) === 0 : toNumber(x) === toNumber(y);
    const sameAll = (xs: Scalar[], ys: Scalar[]): boolean =>
      xs.length === ys.length && xs.every((x, i) => same(x, ys[i] as Scalar));
    if (a.kind === 'number' && b.kind === 'number') return same(a.value, b.value);
    if (a.kind === 'vector' && b.kind === 'vector') return sameAll(a.values, b.values);
    if (a.kind === 'finiteSet' && b.kind === 'finiteSet')
      return sameAll([...a.values].sort(compareScalar), [...b.values].sort(compareScalar));
    if (a.kind === 'matrix' && b.kind === 'matrix')
      return a.rows.length === b.rows.length && a.rows.every((r, i) => sameAll(r, b.rows[i] ?? []));
    if (a.kind === 'intervalSet' && b.kind === 'intervalSet') {
      return (
        a.value.intervals.length === b.value.intervals.length &&
        a.value.intervals.every((p, i) => {
          const q = b.value.intervals[i];
          return (
            q !== undefined &&
            p.loClosed === q.loClosed &&
            p.hiClosed === q.hiClosed &&
            same(p.lo, q.lo) &&
            same(p.hi, q.hi)
          );
        })
      );
    }
    return false;
  };

  const roundTrip = (input: string, type: AnswerType): void => {
    const first = parseAnswer(input, type);
    expect(first.ok, `${input}: ${first.ok ? '' : first.error}`).toBe(true);
    if (!first.ok) return;
    const again = parseAnswer(first.echo, type);
    expect(again.ok, `${first.echo}: ${again.ok ? '' : again.error}`).toBe(true);
    if (!again.ok) return;
    expect(sameValue(first.value, again.value), `${input} -> ${first.echo} -> ${again.echo}`).toBe(true);
    // And the echo is a fixed point: reading it shows the same text again.
    expect(again.echo).toBe(first.echo);
  };

  it('reads its own echo of a number back to the same value', () => {
    fc.assert(
      fc.property(scalarText, (s) => roundTrip(s, 'number')),
      { numRuns: 1000 },
    );
  });

  it('reads its own echo of a vector, matrix or finite set back to the same value', () => {
    const list = fc.array(scalarText, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(list, fc.constantFrom(', ', ' '), (xs, sep) => roundTrip(`[${xs.join(sep)}]`, 'vector')),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(list, (xs) => roundTrip(`{${xs.join(', ')}}`, 'finiteSet')),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(scalarText, { minLength: 16, maxLength: 16 }),
        (rows, cols, xs) =>
          roundTrip(
            `[${Array.from({ length: rows }, (_, i) => xs.slice(i * cols, i * cols + cols).join(' ')).join('; ')}]`,
            'matrix',
          ),
      ),
      { numRuns: 300 },
    );
  });

  it('reads its own echo of an interval set back to the same set', () => {
    const interval = fc.tuple(scalarText, scalarText, fc.boolean(), fc.boolean()).map(([a, b, lc, hc]) => {
      // Order the ends by value so the interval is valid.
      const ra = parseAnswer(a, 'number');
      const rb = parseAnswer(b, 'number');
      const swap =
        ra.ok &&
        rb.ok &&
        ra.value.kind === 'number' &&
        rb.value.kind === 'number' &&
        compareScalar(ra.value.value, rb.value.value) > 0;
      const [lo, hi] = swap ? [b, a] : [a, b];
      return `${lc ? '[' : '('}${lo}, ${hi}${hc ? ']' : ')'}`;
    });
    const piece = fc.oneof(
      interval,
      fc.array(exactText, { maxLength: 3 }).map((xs) => `{${xs.join(', ')}}`),
      scalarText.map((x) => `(-inf, ${x})`),
      scalarText.map((x) => `[${x}, inf)`),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4 }), (pieces) =>
        roundTrip(pieces.join(' U '), 'intervalSet'),
      ),
      { numRuns: 500 },
    );
  });
});
