import { describe, expect, it } from 'vitest';
import { parseAnswer } from './index.ts';
import { echo, failure } from './parse.test-helpers.ts';

describe('choices (options a, b, c)', () => {
  it.each([
    ['b', 'choice', 'b'],
    ['B', 'choice', 'b'],
    [' b ', 'choice', 'b'],
    ['b)', 'choice', 'b'],
    ['(b)', 'choice', 'b'],
    ['b.', 'choice', 'b'],
    ['a, c', 'multiChoice', 'a, c'],
    ['a c', 'multiChoice', 'a, c'],
    ['a;c', 'multiChoice', 'a, c'],
    ['ac', 'multiChoice', 'a, c'],
    ['AC', 'multiChoice', 'a, c'],
    ['c, a', 'multiChoice', 'c, a'],
    ['a, a', 'multiChoice', 'a'],
    ['b', 'multiChoice', 'b'],
  ] as const)('%s as %s reads as %s', (input, type, expected) => {
    expect(echo(input, type)).toBe(expected);
  });

  it.each([
    ['d', 'choice', '"d" is not one of the options; choose from a, b, c', 0],
    ['a, x', 'multiChoice', '"x" is not one of the options; choose from a, b, c', 3],
    ['ad', 'multiChoice', '"ad" is not one of the options; choose from a, b, c', 0],
    ['a b', 'choice', 'Choose only one option (you gave a, b)', 0],
    ['ab', 'choice', '"ab" is not one of the options; choose from a, b, c', 0],
    [',', 'choice', 'Choose one of the options: a, b, c', 0],
  ] as const)('%s as %s is refused: %s', (input, type, message, position) => {
    expect(failure(input, type)).toEqual({ ok: false, error: message, position });
  });

  it('returns the ids as the options spell them, matching case-insensitively', () => {
    const r = parseAnswer('opt2, OPT1', 'multiChoice', { choiceIds: ['Opt1', 'Opt2'] });
    expect(r).toEqual({ ok: true, value: { kind: 'choice', ids: ['Opt2', 'Opt1'] }, echo: 'Opt2, Opt1' });
  });

  it('says so when a part has no options', () => {
    expect(parseAnswer('a', 'choice')).toMatchObject({
      ok: false,
      error: 'This question has no options to choose from',
    });
  });
});

describe('free text', () => {
  it('keeps any text, trimmed', () => {
    expect(echo('  because sum xhat = 0 ', 'freeText')).toBe('because sum xhat = 0');
    expect(echo('síť se trénuje rychleji\n- regularizace', 'freeText')).toBe('síť se trénuje rychleji\n- regularizace');
    expect(echo('x'.repeat(5000), 'freeText')).toHaveLength(5000);
  });

  it('refuses blank and overlong text', () => {
    expect(failure(' \n ', 'freeText')).toEqual({ ok: false, error: 'Please enter an answer' });
    expect(failure('x'.repeat(5001), 'freeText')).toEqual({
      ok: false,
      error: 'The answer is longer than 5000 characters',
    });
  });
});
