import type { AnswerValue } from '../core/answer-value.ts';
import { kindOf, type QtiResponse } from '../answers/kinds/index.ts';
import { referenceValues, type VariantPart } from '../engine/generate-variant.ts';
import type { Lang } from '../engine/template.ts';
import { xmlEscape } from '../answers/kinds/export-markup.ts';
import type { Exam, ExamProblem } from './assemble-exam.ts';
import { exportPart, inlineHtml, paragraphsHtml } from './export-text.ts';
import { partPoints, requiredParts } from '../grading/scoring.ts';
import { zipStore } from './zip-store.ts';

const NS = 'http://www.imsglobal.org/xsd/imsqti_v2p1';

const xmlId = (text: string): string => `I${text.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/** One part's response, by the reference's kind; a part graded by hand gets a text entry that scores nothing. */
function responseFor(part: VariantPart, ref: AnswerValue | undefined, points: number, lang: Lang): QtiResponse {
  const id = xmlId(part.key);
  if (ref) return kindOf(ref).qti(ref, { part: exportPart(part, lang), points, id, optionId: xmlId });
  return {
    declaration: `<responseDeclaration identifier="${id}" cardinality="single" baseType="string"><correctResponse><value></value></correctResponse></responseDeclaration>`,
    interaction: `<textEntryInteraction responseIdentifier="${id}" expectedLength="12"/>`,
    scoring: '',
  };
}

/**
 * One QTI 2.1 assessmentItem per variant and problem. Several responses per item, so the standard
 * match_correct template (one RESPONSE) does not fit: each part adds its points on its own.
 */
function itemXml(identifier: string, title: string, p: ExamProblem, lang: Lang, figure: string | undefined): string {
  const refs = referenceValues(p.template, p.variant.params, p.variant.answers);
  const points = partPoints(p.variant.parts, p.points);
  const parts = requiredParts(p.variant.parts).map((part) => ({
    part,
    ...responseFor(part, refs.get(part.key), points.get(part.key) ?? 0, lang),
  }));
  const img = figure ? `<p><img src="${figure}" alt="${xmlEscape(p.template.title[lang])}"/></p>` : '';
  const body = parts.map((x) => `<li><p>${inlineHtml(x.part.prompt[lang])}</p>${x.interaction}</li>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="${NS}" identifier="${identifier}" title="${xmlEscape(title)}" adaptive="false" timeDependent="false">
${parts.map((x) => x.declaration).join('\n')}
<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>
<outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>${p.points}</value></defaultValue></outcomeDeclaration>
<itemBody>${paragraphsHtml(p.template.statement(p.variant.params, lang))}${img}<ol>${body}</ol></itemBody>
<responseProcessing>${parts.map((x) => x.scoring).join('')}</responseProcessing>
</assessmentItem>
`;
}

/** An IMS content package (zip) with the items, their figures and the manifest, for Canvas and other QTI 2.1 importers. */
export function examToQtiPackage(exam: Exam): Buffer {
  const files: Array<{ name: string; data: Buffer }> = [];
  const resources: string[] = [];
  const { examSeed, lang } = exam.request;
  for (const sheet of exam.variants) {
    for (const p of sheet.problems) {
      const identifier = xmlId(`${examSeed}-${sheet.label}-${p.template.id}`);
      const href = `items/${identifier}.xml`;
      const figure = p.template.diagram ? `${identifier}.svg` : undefined;
      files.push({
        name: href,
        data: Buffer.from(itemXml(identifier, `${examSeed} ${sheet.label} ${p.template.title[lang]}`, p, lang, figure)),
      });
      if (figure)
        files.push({ name: `items/${figure}`, data: Buffer.from(p.template.diagram?.(p.variant.params) ?? '') });
      resources.push(
        `<resource identifier="R${identifier}" type="imsqti_item_xmlv2p1" href="${href}"><file href="${href}"/>${figure ? `<file href="items/${figure}"/>` : ''}</resource>`,
      );
    }
  }
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="${xmlId(examSeed)}">
<metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>
<organizations/>
<resources>
${resources.join('\n')}
</resources>
</manifest>
`;
  return zipStore([{ name: 'imsmanifest.xml', data: Buffer.from(manifest) }, ...files]);
}
