import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEMPLATE_IDS, TEMPLATES } from '../../templates/index.ts';
import {
  ConstraintUnsatisfiedError,
  generateVariant,
  MAX_DRAWS,
  serializeVariant,
} from '../../src/engine/generate-variant.ts';
import { stressTemplate } from '../../src/grading/stress.ts';
import type { AnyTemplate } from '../../src/engine/template.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(TEMPLATE_IDS)('template %s', (id) => {
  const template: AnyTemplate = TEMPLATES[id];

  it('gives a byte-identical variant for the same seed and a different one for another seed', () => {
    const a = serializeVariant(template, generateVariant(template, 'DL-2026-final'));
    const b = serializeVariant(template, generateVariant(template, 'DL-2026-final'));
    expect(a).toBe(b);
    expect(serializeVariant(template, generateVariant(template, 'DL-2026-resit'))).not.toBe(a);
  });

  it('never consults Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random was called');
    });
    expect(() => generateVariant(template, 'no-math-random')).not.toThrow();
  });

  it('reaches at least 200 distinct parameter sets over 1,000 seeds, every one passing its checks', () => {
    const report = stressTemplate(template, 1000, { examFriendly: true });
    expect(report.failures).toEqual([]);
    expect(report.distinctParams).toBeGreaterThanOrEqual(200);
  });

  it('also passes its checks with unrestricted numbers', () => {
    const report = stressTemplate(template, 200, { examFriendly: false });
    expect(report.failures).toEqual([]);
  });

  it('records its version in the variant', () => {
    expect(generateVariant(template, 's').templateVersion).toBe(template.version);
  });
});

describe('constraint re-rolling', () => {
  it('gives up after a fixed number of draws, naming the constraint', () => {
    const impossible: AnyTemplate = {
      ...TEMPLATES.gd,
      constraints: [{ id: 'never', rule: 'a is negative', scope: 'always', check: () => false }],
    };
    let draws = 0;
    const counting: AnyTemplate = { ...impossible, draw: (rng, o) => (draws++, TEMPLATES.gd.draw(rng, o)) };
    expect(() => generateVariant(counting, 'x')).toThrow(ConstraintUnsatisfiedError);
    expect(() => generateVariant(impossible, 'x')).toThrow(/constraint "never" \(a is negative\)/);
    expect(draws).toBe(MAX_DRAWS);
  });

  it('re-draws params the solver cannot answer instead of throwing (batch values all equal, eps = 0)', () => {
    // Seeds 0..9999 with unrestricted numbers include such draws (e.g. "s62"); none may throw.
    for (let i = 0; i < 10_000; i++) {
      const v = generateVariant(TEMPLATES.batchnorm, `s${i}`, { examFriendly: false });
      const x = (v.params as { x: number[] }).x;
      expect(new Set(x).size).toBe(x.length);
    }
    let solved = 0;
    const counting: AnyTemplate = { ...TEMPLATES.batchnorm, solve: (p) => (solved++, TEMPLATES.batchnorm.solve(p)) };
    generateVariant(counting, 's62', { examFriendly: false });
    // The rejected draw was never handed to the solver.
    expect(solved).toBe(1);
  });
});

describe('choice options', () => {
  it('are shuffled per seed and keep their ids', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const part = generateVariant(TEMPLATES.batchnorm, `shuffle-${i}`).parts.find((p) => p.key === 'whyBatch');
      orders.add(part?.options?.map((o) => o.id).join(',') ?? '');
      expect(part?.options?.map((o) => o.letter)).toEqual(['a', 'b', 'c', 'd']);
    }
    expect(orders.size).toBeGreaterThan(5);
  });
});
