import { describe, expect, it } from 'vitest';
import { TEMPLATE_VERSIONS } from '../../templates/index.ts';
import { generateVariant, referenceValues } from '../../src/engine/generate-variant.ts';
import { LANGS } from '../../src/engine/template.ts';
import { answerLatex } from '../../src/render/answer-latex.ts';
import { renderInline } from '../../src/render/math-text.ts';
import { latexMatrixReadable, latexSum, latexTerm } from '../../src/core/latex.ts';
import { frac, toScalar } from '../../src/core/scalar.ts';
import { typesettingFaults } from '../support/typesetting-faults.ts';

const SEEDS = 1000;

describe('the scanner finds the faults a reader would', () => {
  it.each([
    ['$(1 - 1\\alpha)^k$', 'unit coefficient'],
    ['$|1 - -1w|$', 'sign after an operator'],
    ['$\\frac{1}{3}(-7 + -\\frac{7}{2} + -3)$', 'sign after an operator'],
    ['$(-8) \\cdot -2$', 'sign after an operator'],
    ['$\\underbrace{-8}_{t=1} + \\underbrace{-3}_{t=2}$', 'sign after an operator'],
    ['$f(w) = 3w^2 + 0w - 1$', 'zero term'],
    ['$$f(w) = 3w^2$$\n. Then', 'orphaned punctuation'],
    ['the value $x$ .', 'orphaned punctuation'],
  ])('%s: %s', (text, rule) => {
    expect(typesettingFaults(text).map((f) => f.rule)).toContain(rule);
  });

  it.each([
    '$\\frac{1}{m} \\sum_{i=1}^m x_i$',
    '$x_1 = -1, x_2 = 1$',
    '$w^k = (1 - 6\\alpha)^k w^0$',
    '$z_1 = (-\\frac{3}{2}) \\cdot (-1) \\cdot 1 = \\frac{3}{2}$',
    'Increase $\\beta$: every $\\partial y_i / \\partial \\beta = 1$.',
    '$\\alpha \\in (-\\infty, 0) \\cup (\\frac{1}{3}, \\infty)$',
  ])('leaves %s alone', (text) => {
    expect(typesettingFaults(text)).toEqual([]);
  });
});

describe('LaTeX helpers write math as a person does', () => {
  it('sums with their signs, terms without a unit coefficient', () => {
    expect(latexSum([toScalar(-7), frac(-7, 2), toScalar(3)])).toBe('-7 - \\frac{7}{2} + 3');
    expect(latexTerm(toScalar(1), '\\alpha')).toBe('\\alpha');
    expect(latexTerm(toScalar(-1), '\\alpha')).toBe('-\\alpha');
    expect(latexTerm(frac(3, 2), '\\alpha')).toBe('\\frac{3}{2}\\alpha');
  });

  it('takes the common factor out of an exact matrix, writes an inexact one to 3 decimals', () => {
    const m = [
      [frac(7, 32), frac(-3, 16)],
      [frac(-1, 32), frac(23, 32)],
    ];
    expect(latexMatrixReadable(m)).toBe('\\frac{1}{32}\\begin{bmatrix} 7 & -6 \\\\ -1 & 23 \\end{bmatrix}');
    expect(latexMatrixReadable([[frac(3, 4), frac(-3, 2)]])).toBe('\\frac{3}{4}\\begin{bmatrix} 1 & -2 \\end{bmatrix}');
    expect(latexMatrixReadable([[toScalar(2), toScalar(-4)]])).toBe('\\begin{bmatrix} 2 & -4 \\end{bmatrix}');
    expect(latexMatrixReadable([[Math.SQRT1_2, -0.00001]])).toBe('\\begin{bmatrix} 0.707 & 0.000 \\end{bmatrix}');
  });

  it('keeps punctuation after inline math on its line', () => {
    const html = renderInline('so $x = 1$. Next', 'print');
    expect(html).toMatch(/^so <span style="white-space:nowrap"><span class="katex">.*<\/span>\.<\/span> Next$/);
  });
});

describe(`typesetting of every statement, prompt, option, worked solution and key over ${SEEDS} seeds`, () => {
  for (const versions of Object.values(TEMPLATE_VERSIONS)) {
    for (const template of versions) {
      it(`${template.id} version ${template.version}`, () => {
        const found = new Map<string, number>();
        for (let s = 0; s < SEEDS; s++) {
          const v = generateVariant(template, `typesetting-${s}`, { examFriendly: true });
          const texts: [string, string][] = [];
          for (const lang of LANGS) {
            texts.push([`statement (${lang})`, template.statement(v.params, lang)]);
            for (const step of template.solution(v.params, v.answers, lang)) texts.push([`solution (${lang})`, step]);
            for (const part of v.parts) {
              texts.push([`prompt ${part.key} (${lang})`, part.prompt[lang]]);
              for (const o of part.options ?? []) texts.push([`option ${part.key} (${lang})`, o.label[lang]]);
            }
          }
          for (const [key, value] of referenceValues(template, v.params, v.answers)) {
            const latex = answerLatex(value);
            if (latex !== undefined) texts.push([`key ${key}`, `$${latex}$`]);
          }
          for (const [where, text] of texts)
            for (const f of typesettingFaults(text)) {
              const key = `${where}: ${f.rule}: ${f.excerpt}`;
              found.set(key, (found.get(key) ?? 0) + 1);
            }
        }
        expect([...found.keys()].slice(0, 10)).toEqual([]);
      });
    }
  }
});
