import { parseChoice } from '../parse-choice.ts';
import { FULL, WRONG, type AnswerKindSpec } from './answer-kind.ts';
import { addPoints, blankWeight, clozeEscape, xmlEscape } from './export-markup.ts';
import { typedInputProblem } from './read-typed.ts';

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

/** One option (a choice part) or several (a multiChoice part), typed as letters or clicked. */
export const choiceKind = {
  kind: 'choice',
  partTypes: ['choice', 'multiChoice'],
  parse: (input, type, options) =>
    typedInputProblem(input) ?? {
      kind: 'choice',
      ids: parseChoice(input, options.choiceIds ?? [], type === 'multiChoice'),
    },
  format: (v) => v.ids.join(', '),
  compare: (student, reference) => (student.kind === 'choice' && sameIds(student.ids, reference.ids) ? FULL : WRONG),
  latex: () => undefined,
  identity: (v) => [...v.ids].sort().join(','),
  moodleCloze: (v, { part, points }) => {
    const correct = new Set(v.ids);
    const options = part.options ?? [];
    if (part.type === 'multiChoice') {
      // Wrong ticks cost as much as right ones earn, so ticking everything scores nothing.
      const share = Math.round((100 / Math.max(1, correct.size)) * 1e5) / 1e5;
      const penalty = Math.round((100 / Math.max(1, options.length - correct.size)) * 1e5) / 1e5;
      return `{${blankWeight(points, 1)}:MULTIRESPONSE:${options.map((o) => `%${correct.has(o.id) ? share : -penalty}%${clozeEscape(o.label)}`).join('~')}}`;
    }
    return `{${blankWeight(points, 1)}:MULTICHOICE_V:${options.map((o) => `${correct.has(o.id) ? '=' : ''}${clozeEscape(o.label)}`).join('~')}}`;
  },
  qti: (v, { part, points, id, optionId }) => {
    const multiple = part.type === 'multiChoice';
    const compare = `<variable identifier="${id}"/><correct identifier="${id}"/>`;
    const correct = v.ids.map((c) => `<value>${optionId(c)}</value>`).join('');
    return {
      declaration: `<responseDeclaration identifier="${id}" cardinality="${multiple ? 'multiple' : 'single'}" baseType="identifier"><correctResponse>${correct}</correctResponse></responseDeclaration>`,
      interaction: `<choiceInteraction responseIdentifier="${id}" shuffle="false" maxChoices="${multiple ? 0 : 1}">${(
        part.options ?? []
      )
        .map((o) => `<simpleChoice identifier="${optionId(o.id)}">${xmlEscape(o.label)}</simpleChoice>`)
        .join('')}</choiceInteraction>`,
      scoring: addPoints(`<match>${compare}</match>`, points),
    };
  },
} satisfies AnswerKindSpec<'choice'>;
