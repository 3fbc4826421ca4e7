import { describe, expect, it } from 'vitest';
import type { AnswerType } from '../core/answer-value.ts';
import { parseAnswer } from './parse-answer.ts';
import { hasCzechText, parseErrorText } from './parse-error-text.ts';

// Bad input of every kind the parsers refuse, for every answer type.
const BAD = [
  '[2.8 1.2 -3.6',
  '1,75',
  '{0; 2/5}',
  '1/0',
  '2x',
  'sqrt(-1)',
  '(-1)^(1/2)',
  'ln(-1)',
  'foo',
  'inf',
  '∞',
  '1e999',
  '1e-999',
  '[1, , 2]',
  '[1,]',
  '[]',
  '[[]]',
  '[[1, 2], [3]]',
  '[1 2; 3]',
  '(0 1)',
  '[-inf, 0)',
  '(0, inf]',
  '(inf, 1)',
  '(1, -inf)',
  '(3, 1)',
  '(0, 1',
  '{1, 2',
  ')',
  '',
  '((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1',
  'x'.repeat(3000),
  'q',
  'a, b',
  ',5',
  '1 2',
  '[1, 2] [3]',
  '{',
  '(',
  '[',
  '1/',
  '--',
  'sin 1',
  'e^',
  '0,5',
  '(0, 1/3) U',
  '{0 1/3}',
];
const TYPES: AnswerType[] = ['number', 'vector', 'matrix', 'intervalSet', 'finiteSet', 'choice', 'multiChoice'];

describe('parser messages in Czech', () => {
  it('translates every message the parsers give for a corpus of bad input', () => {
    const messages = new Set<string>();
    for (const type of TYPES)
      for (const input of BAD) {
        const r = parseAnswer(input, type, { choiceIds: ['a', 'b', 'c'] });
        if (!r.ok) messages.add(r.error);
      }
    expect(messages.size).toBeGreaterThan(30);
    const untranslated = [...messages].filter((m) => !hasCzechText(m));
    expect(untranslated).toEqual([]);
  });

  it('keeps what the student typed and the position, in Czech words', () => {
    const r = parseAnswer('[2.8 1.2 -3.6', 'vector');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(parseErrorText(r.error, 'cs')).toBe(
      'Nelze přečíst "[2.8 1.2 -3.6" na pozici 14: očekáváno uzavírací "]", ale odpověď zde končí',
    );
    expect(parseErrorText(r.error, 'en')).toBe(r.error);
    const comma = parseAnswer('1,75', 'number');
    expect(comma.ok ? '' : parseErrorText(comma.error, 'cs')).toBe(
      'Použijte desetinnou tečku: pište 1.75, ne 1,75 (čárka odděluje položky)',
    );
  });
});
