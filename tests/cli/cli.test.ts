import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates/index.ts';
import { runCli } from './run-cli.ts';

const json = (args: string[]): unknown => {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as unknown;
};

describe('exam-variants CLI (the contract other tools depend on)', () => {
  it('solves the worked exam', () => {
    expect(json(['solve', 'batchnorm', '--params', '{"x":[2,4],"gamma":6,"beta":-1}'])).toMatchObject({
      problem: 'batchnorm',
      params: { x: [2, 4], gamma: 6, beta: -1, eps: 0 },
      answers: {
        mean: 3,
        variance: 1,
        xhat: [-1, 1],
        y: [-7, 5],
        jacobian: [
          [1, -1],
          [1, 1],
        ],
      },
    });
    expect(json(['solve', 'rnn', '--params', '{"theta":2,"z0":1,"x":[1,-1]}'])).toMatchObject({
      answers: { z: [2, -4], dLdzT: -8, dLdtheta: 32, loss: 16 },
    });
    expect(json(['solve', 'policy', '--params', '{"theta":-1,"x":1,"rewards":[6,-2],"action":1}'])).toMatchObject({
      answers: { p: [0.5, 0.5], Q: [6, -2], V: 2, A: [4, -4], gradLogPi: 0.5, a2c: 2 },
    });
    expect(json(['solve', 'gd', '--params', '{"a":3,"c":-1}'])).toEqual({
      problem: 'gd',
      params: { a: 3, b: 0, c: -1 },
      answers: { converge: '(0, 1/3)', oscillate: '{0, 1/3}', diverge: '(-inf, 0) U (1/3, inf)', alphaStar: 1 / 6 },
      // The same answers as the key prints them: exact.
      key: { converge: '(0, 1/3)', oscillate: '{0, 1/3}', diverge: '(-inf, 0) U (1/3, inf)', alphaStar: '1/6' },
    });
  });

  it('generates byte-identical output for the same seed, and answers equal to solve(params)', () => {
    const a = runCli(['generate', 'policy', '--seed', 'DL-2026-final']);
    const b = runCli(['generate', 'policy', '--seed', 'DL-2026-final']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const variant = JSON.parse(a.stdout) as { params: unknown; answers: unknown; prompt: string; seed: string };
    expect(variant.seed).toBe('DL-2026-final');
    expect(variant.prompt).toContain('\\sigma');
    expect(json(['solve', 'policy', '--params', JSON.stringify(variant.params)])).toMatchObject({
      answers: variant.answers,
    });
  });

  it('grades typed answers', () => {
    const out = json([
      'grade',
      'batchnorm',
      '--params',
      '{"x":[2,4],"gamma":6,"beta":-1,"eps":0}',
      '--answers',
      '{"jacobian":"[[1,-1],[1,1]]"}',
    ]) as {
      score: number;
      parts: Record<string, { correct: boolean; score: number; feedback: string }>;
    };
    expect(out.score).toBe(1);
    expect(out.parts.jacobian).toMatchObject({ correct: true, score: 1 });
    const wrong = json([
      'grade',
      'gd',
      '--params',
      '{"a":3}',
      '--answers',
      '{"converge":"[0, 1/3]","alphaStar":"1/6"}',
    ]) as { score: number };
    expect(wrong.score).toBe(0.5);
  });

  it.each([
    [['solve', 'batchnorm', '--params', '{"x":[2],"gamma":6,"beta":-1}'], /params\.x: needs at least 2 values/],
    [['solve', 'gd', '--params', '{"a":-1}'], /params\.a: must be > 0/],
    [['solve', 'gd', '--params', '{"a":"5/0"}'], /params\.a: the denominator must not be 0/],
    [['solve', 'policy', '--params', '{"theta":1,"x":1,"rewards":[1,2],"action":3}'], /params\.action: must be 1 or 2/],
    [['solve', 'nosuch', '--params', '{}'], /problem: unknown problem "nosuch"/],
    [['solve', 'gd', '--params', '{a:1}'], /--params: must be valid JSON/],
    [['generate', 'gd'], /--seed: required/],
    [['grade', 'gd', '--params', '{"a":3}', '--answers', '{"nope":"1"}'], /answers\.nope: unknown answer key/],
    [['solve', 'gd', '--bogus'], /bogus/],
  ])('rejects %j with exit code 2, one line on stderr and nothing on stdout', (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('prints help', () => {
    expect(runCli(['--help']).stdout).toMatch(/exam-variants solve/);
    expect(runCli(['grade', '--help']).stdout).toMatch(/--answers/);
  });

  it("lists the problems from the template registry in the help, and each family's example params solve", () => {
    const ids = Object.keys(TEMPLATES);
    expect(runCli(['--help']).stdout).toContain(`(${ids.join(', ')})`);
    const exam = runCli(['exam', '--help']).stdout;
    expect(exam).toContain(`[--problems ${ids.join(',')}]`);
    expect(exam).toContain(
      `[--versions ${ids.map((id) => TEMPLATES[id as keyof typeof TEMPLATES].version).join(',')}]`,
    );
    const solve = runCli(['solve', '--help']).stdout;
    for (const id of ids) {
      const line = solve.split('\n').find((l) => l.trim().startsWith(`${id} `));
      const params = line?.slice(line.indexOf('{'));
      expect(params, id).toBeDefined();
      expect(json(['solve', id, '--params', params as string])).toMatchObject({ problem: id });
    }
    // Seven processes of the CLI, each starting Node and tsx.
  }, 60_000);

  it('regenerates an older template version with --version (as a printed key records it)', () => {
    const golden = JSON.parse(readFileSync(new URL('../golden/batchnorm.json', import.meta.url), 'utf8')) as {
      variants: Array<{ seed: string; params: unknown }>;
    };
    const first = golden.variants[0] as { seed: string; params: unknown };
    const r = runCli(['generate', 'batchnorm', '--seed', first.seed, '--version', '1']);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: 1, params: first.params });
    expect(runCli(['generate', 'batchnorm', '--seed', first.seed, '--version', '9']).stderr).toMatch(
      /--version: batchnorm has versions 1, 2/,
    );
  });

  it('stress-tests a template', () => {
    const r = runCli(['stress', 'gd', '--seeds', '300']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/distinct parameter sets: \d+/);
    expect(r.stdout).toMatch(/failures: none/);
  });
});
