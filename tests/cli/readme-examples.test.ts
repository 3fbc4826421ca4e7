import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

/**
 * The README's command-line examples, run as written: each `npx exam-variants ...` line (with its
 * `\` continuations) and the `#   path = value; path = value` comments under it, values as JSON.
 */
interface Example {
  command: string;
  args: string[];
  claims: { path: string; value: unknown }[];
}

/** Splits a shell command line the way sh does for the quoting the README uses ('...', "...", \ newline). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === "'" || ch === '"') {
      const end = line.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unclosed quote in ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

function readmeExamples(): Example[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Command line'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.replace(/\\\n\s*/g, ' ').split('\n');
  const examples: Example[] = [];
  for (const line of lines) {
    if (line.startsWith('npx exam-variants ')) {
      examples.push({ command: line, args: shellWords(line).slice(2), claims: [] });
    } else if (/^#\s{3}/.test(line) && examples.length > 0) {
      for (const claim of line.replace(/^#\s+/, '').split(/;\s*/)) {
        const m = /^([\w.]+) = (.+)$/.exec(claim.trim());
        if (!m) throw new Error(`README claim not in the form "path = JSON": ${claim}`);
        examples.at(-1)?.claims.push({ path: m[1] as string, value: JSON.parse(m[2] as string) });
      }
    }
  }
  return examples;
}

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

describe('the README command-line examples', () => {
  const examples = readmeExamples();

  it('are found, with what they print', () => {
    expect(examples.length).toBeGreaterThanOrEqual(7);
    expect(examples.filter((e) => e.claims.length > 0).length).toBeGreaterThanOrEqual(7);
  });

  it.each(examples.map((e) => [e.command, e] as const))('%s prints what the README says', (_c, example) => {
    const r = runCli(example.args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // One JSON object on one line, as every JSON-printing command does.
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const printed = JSON.parse(r.stdout) as unknown;
    for (const claim of example.claims) expect(at(printed, claim.path), claim.path).toEqual(claim.value);
  });
});

describe('every JSON-printing command', () => {
  it('stress --json prints one object even when the template fails its spread rule (exit 1)', () => {
    const r = runCli(['stress', 'policy', '--version', '1', '--seeds', '200', '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout) as { spreadFailures: unknown[] };
    expect(report.spreadFailures.length).toBeGreaterThan(0);
  });

  it.each([
    [
      ['solve', 'batchnorm', '--params', '{"x":[2,2,2],"gamma":1,"beta":0}'],
      'exam-variants solve: params.x, params.eps: all values equal with eps = 0 give a variance of 0, so x̂ is undefined; give two different values or eps > 0\n',
    ],
    [
      ['grade', 'batchnorm', '--params', '{"x":[3,3],"gamma":1,"beta":0,"eps":0}', '--answers', '{}'],
      'exam-variants grade: params.x, params.eps: all values equal with eps = 0 give a variance of 0, so x̂ is undefined; give two different values or eps > 0\n',
    ],
  ])('%j: exit 2 naming the fields and the rule, no function name', (args, message) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(message);
    expect(r.stderr).not.toMatch(/solve[A-Z]\w*|\bat \w+ \(/);
  });
});
