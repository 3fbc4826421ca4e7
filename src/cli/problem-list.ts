import { TEMPLATE_IDS, TEMPLATES } from '../../templates/index.ts';

/** The problem families as the CLI names them: "batchnorm, rnn, policy, gd" (from the template registry). */
export const problemNames = (separator = ', '): string => TEMPLATE_IDS.join(separator);

/** One value per problem, comma-separated, as --points and --versions take them: "5,5,5,5". */
export const perProblem = (value: (id: (typeof TEMPLATE_IDS)[number]) => string | number): string =>
  TEMPLATE_IDS.map(value).join(',');

/** JSON as people write it on one line: {"a": 3, "b": [1, -1]}. */
const spacedJson = (v: unknown): string =>
  JSON.stringify(v)
    .replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (m) => (m === ',' || m === ':' ? `${m} ` : m))
    .trim();

/** Every family's example params, a line each, aligned: what `solve --help` shows. */
export function exampleParamsLines(indent = '  '): string {
  const width = Math.max(...TEMPLATE_IDS.map((id) => id.length)) + 2;
  return TEMPLATE_IDS.map((id) => `${indent}${id.padEnd(width)}${spacedJson(TEMPLATES[id].example)}`).join('\n');
}

/** Each family's headline part, "batchnorm: jacobian, rnn: dLdtheta, ...": what neighbours never share. */
export const headlineList = (): string => TEMPLATE_IDS.map((id) => `${id}: ${TEMPLATES[id].headline}`).join(', ');
