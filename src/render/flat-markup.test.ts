import { describe, expect, it } from 'vitest';
import { flatMarkup } from './flat-markup.ts';
import { renderMathText } from './math-text.ts';

describe('flatMarkup', () => {
  it('keeps the markup exactly as it was: empty, one-byte, two-byte, built piece by piece', () => {
    let built = '';
    for (let i = 0; i < 2_000; i++) built += `<span class="m${i % 7}">${i % 10}</span>`;
    for (const markup of ['', 'x', '<b>a &amp; b</b>', 'Řešení: ∂L/∂θ − 1', built, `${built}∑`])
      expect(flatMarkup(markup)).toBe(markup);
  });

  it('leaves typeset formulas as KaTeX made them (the kept copy is the one pages get)', () => {
    const first = renderMathText('Let $x_{1} = \\frac{\\partial L}{\\partial \\theta}$.\n\n$$\\sum_{t=1}^{T} h_t$$');
    const again = renderMathText('Let $x_{1} = \\frac{\\partial L}{\\partial \\theta}$.\n\n$$\\sum_{t=1}^{T} h_t$$');
    expect(again).toBe(first);
    expect(first).toContain('<math');
    expect(first).toContain('katex-display" tabindex="0"');
  });
});
