import type { Tolerance } from '../engine/template.ts';
import { DEFAULT_TOLERANCE } from '../engine/template.ts';
import { escapeHtml } from '../render/escape-html.ts';

/** Moodle's TeX filter and most QTI players' MathJax read \( \) and \[ \], not dollars. */
export function dollarsToTex(text: string): string {
  return text.replace(/\$\$([\s\S]+?)\$\$/g, '\\[$1\\]').replace(/\$([^$]+?)\$/g, '\\($1\\)');
}

/** Template text (paragraphs, $TeX$) as escaped HTML paragraphs for an LMS editor. */
export function paragraphsHtml(text: string): string {
  return dollarsToTex(text)
    .split(/\n\s*\n/)
    .map((para) => para.trim())
    .filter((para) => para !== '')
    .map((para) => `<p>${escapeHtml(para)}</p>`)
    .join('');
}

/** "]]>" cannot appear inside CDATA: split it across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The absolute tolerance an LMS numerical answer gets, matching how the tool itself grades the part. */
export function absoluteTolerance(value: number, tolerance: Tolerance = DEFAULT_TOLERANCE): number {
  switch (tolerance.kind) {
    case 'absolute':
      return tolerance.abs;
    case 'relative':
      return Math.max(tolerance.absFloor, Math.abs(value) * tolerance.rel);
    case 'sigfigs': {
      // Half a unit in the last significant digit.
      const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
      return 0.5 * 10 ** (exponent - tolerance.digits + 1);
    }
  }
}
