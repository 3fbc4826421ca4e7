import type { AnswerValue } from '../core/answer-value.ts';
import { toNumber } from '../core/scalar.ts';
import { formatAnswerValue } from '../answers/index.ts';
import { referenceValues } from '../engine/generate-variant.ts';
import { escapeHtml } from '../render/escape-html.ts';
import type { Exam, ExamProblem } from './assemble-exam.ts';
import { dollarsToMoodleTex } from './moodle-xml.ts';
import { zipStore } from './zip-store.ts';

const NS = 'http://www.imsglobal.org/xsd/imsqti_v2p1';

const xmlId = (text: string): string => `I${text.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

function responseFor(key: string, ref: AnswerValue | undefined, options: ExamProblem['variant']['parts'][number]['options']): { declaration: string; interaction: string } {
  const id = xmlId(key);
  if (ref?.kind === 'choice' && options) {
    const cardinality = ref.ids.length > 1 ? 'multiple' : 'single';
    const correct = ref.ids.map((c) => `<value>${xmlId(c)}</value>`).join('');
    return {
      declaration: `<responseDeclaration identifier="${id}" cardinality="${cardinality}" baseType="identifier"><correctResponse>${correct}</correctResponse></responseDeclaration>`,
      interaction: `<choiceInteraction responseIdentifier="${id}" shuffle="false" maxChoices="${cardinality === 'single' ? 1 : 0}">${options
        .map((o) => `<simpleChoice identifier="${xmlId(o.id)}">${escapeHtml(dollarsToMoodleTex(o.label.en))}</simpleChoice>`)
        .join('')}</choiceInteraction>`,
    };
  }
  if (ref?.kind === 'number') {
    return {
      declaration: `<responseDeclaration identifier="${id}" cardinality="single" baseType="float"><correctResponse><value>${toNumber(ref.value)}</value></correctResponse></responseDeclaration>`,
      interaction: `<textEntryInteraction responseIdentifier="${id}" expectedLength="12"/>`,
    };
  }
  const text = ref ? formatAnswerValue(ref) : '';
  return {
    declaration: `<responseDeclaration identifier="${id}" cardinality="single" baseType="string"><correctResponse><value>${escapeHtml(text)}</value></correctResponse></responseDeclaration>`,
    interaction: `<textEntryInteraction responseIdentifier="${id}" expectedLength="${Math.max(12, text.length)}"/>`,
  };
}

/** One QTI 2.1 assessmentItem per variant and problem, graded by Canvas's match_correct template. */
function itemXml(identifier: string, title: string, p: ExamProblem, lang: 'en' | 'cs'): string {
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const parts = p.variant.parts.filter((part) => !part.manual && !part.optional).map((part) => ({ part, ...responseFor(part.key, refs.get(part.key), part.options) }));
  const statement = dollarsToMoodleTex(p.template.statement(p.variant.params, lang))
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para)}</p>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="${NS}" identifier="${identifier}" title="${escapeHtml(title)}" adaptive="false" timeDependent="false">
${parts.map((x) => x.declaration).join('\n')}
<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
<itemBody>${statement}<ol>${parts.map((x) => `<li><p>${escapeHtml(dollarsToMoodleTex(x.part.prompt[lang]))}</p>${x.interaction}</li>`).join('')}</ol></itemBody>
<responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
`;
}

/** An IMS content package (zip) with the items and their manifest, for Canvas and other QTI 2.1 importers. */
export function examToQtiPackage(exam: Exam): Buffer {
  const files: Array<{ name: string; data: Buffer }> = [];
  const resources: string[] = [];
  for (const sheet of exam.variants) {
    for (const p of sheet.problems) {
      const identifier = xmlId(`${exam.request.examSeed}-${sheet.label}-${p.template.id}`);
      const href = `items/${identifier}.xml`;
      files.push({ name: href, data: Buffer.from(itemXml(identifier, `${exam.request.examSeed} ${sheet.label} ${p.template.title[exam.request.lang]}`, p, exam.request.lang)) });
      resources.push(`<resource identifier="R${identifier}" type="imsqti_item_xmlv2p1" href="${href}"><file href="${href}"/></resource>`);
    }
  }
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="${xmlId(exam.request.examSeed)}">
<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>
<organizations/>
<resources>
${resources.join('\n')}
</resources>
</manifest>
`;
  return zipStore([{ name: 'imsmanifest.xml', data: Buffer.from(manifest) }, ...files]);
}
