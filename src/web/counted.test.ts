import { describe, expect, it } from 'vitest';
import { counted, countLeft } from './counted.ts';

describe('counted nouns', () => {
  it('English: one and other', () => {
    expect([0, 1, 2].map((n) => counted(n, 'attempt', 'en'))).toEqual(['0 attempts', '1 attempt', '2 attempts']);
    expect(counted(1.5, 'point', 'en')).toBe('1.5 points');
  });
  it('Czech: one, two to four, five and more, and decimals', () => {
    expect([1, 2, 4, 5, 0, 20].map((n) => counted(n, 'point', 'cs'))).toEqual([
      '1 bod',
      '2 body',
      '4 body',
      '5 bodů',
      '0 bodů',
      '20 bodů',
    ]);
    expect(counted(2.5, 'point', 'cs')).toBe('2,5 bodu');
    expect([1, 3, 60].map((n) => counted(n, 'minute', 'cs'))).toEqual(['1 minuta', '3 minuty', '60 minut']);
    expect([1, 4, 12].map((n) => counted(n, 'problem', 'cs'))).toEqual(['1 úloha', '4 úlohy', '12 úloh']);
    // As the object of "má" ("Tato zkouška má 1 úlohu, 1 bod, 1 minutu").
    expect([1, 4].map((n) => counted(n, 'problem', 'cs', true))).toEqual(['1 úlohu', '4 úlohy']);
    expect(['problem', 'point', 'minute'].map((noun) => counted(1, noun as 'point', 'cs', true))).toEqual([
      '1 úlohu',
      '1 bod',
      '1 minutu',
    ]);
  });
});

describe('what is left', () => {
  it('agrees in number in both languages', () => {
    expect([1, 2].map((n) => countLeft(n, 'attempt', 'en'))).toEqual(['1 attempt left', '2 attempts left']);
    expect([1, 3, 10].map((n) => countLeft(n, 'minute', 'cs'))).toEqual([
      'zbývá 1 minuta',
      'zbývají 3 minuty',
      'zbývá 10 minut',
    ]);
  });
});
