/**
 * Typesetting faults a reader notices in printed math, found in a text with $...$ / $$...$$ LaTeX:
 * a unit coefficient ("1\alpha", "-1w"), a sign after an operator ("+ -6", "\cdot -2"), a zero
 * term ("+ 0w"), and punctuation left alone (" ." after display math or a space). Each finding
 * names the rule and quotes the place, so a failing scan says what to fix.
 */
export interface TypesettingFault {
  rule: string;
  excerpt: string;
}

/** The math pieces of a text (inside $...$ and $$...$$) and the prose between them. */
function splitMath(text: string): { math: string[]; prose: string[] } {
  const math: string[] = [];
  const prose: string[] = [];
  const re = /\$\$([\s\S]*?)\$\$|\$([^$]*)\$/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    prose.push(text.slice(last, m.index));
    math.push(m[1] ?? m[2] ?? '');
    last = m.index + m[0].length;
  }
  prose.push(text.slice(last));
  return { math, prose };
}

/** A symbol a coefficient multiplies: a Greek letter command or a single Latin letter (not a function name). */
const SYMBOL = String.raw`(?:\\(?:alpha|beta|gamma|delta|epsilon|theta|lambda|mu|sigma|pi|hat\{?[a-z]\}?)|[a-zA-Z](?![a-zA-Z]))`;

const MATH_RULES: { rule: string; pattern: RegExp }[] = [
  // "1\alpha", "1 w", "-1\theta": a coefficient of one written out. Not a subscript/superscript/digit/brace before it.
  { rule: 'unit coefficient', pattern: new RegExp(String.raw`(?<![\w.{}^_\\])-?\s*1\s*${SYMBOL}`, 'g') },
  // "+ -6", "- -2", "\cdot -3", "\times -1": an operator followed by a bare minus.
  {
    rule: 'sign after an operator',
    pattern: /(?:[+-]|\\cdot|\\times)\s*(?:\\underbrace\{\s*)?-\s*(?=[\d\\a-zA-Z(])/g,
  },
  // "+ 0w", "- 0\alpha": a term whose coefficient is zero.
  { rule: 'zero term', pattern: new RegExp(String.raw`[+\-]\s*0\s*${SYMBOL}`, 'g') },
  // "+ +2", "--2"
  { rule: 'doubled sign', pattern: /\+\s*\+|-\s*-(?!\})/g },
];

export function typesettingFaults(text: string): TypesettingFault[] {
  const faults: TypesettingFault[] = [];
  const { math, prose } = splitMath(text);
  for (const piece of math) {
    for (const { rule, pattern } of MATH_RULES) {
      for (const m of piece.matchAll(pattern)) {
        const at = m.index ?? 0;
        faults.push({ rule, excerpt: piece.slice(Math.max(0, at - 20), at + m[0].length + 20) });
      }
    }
  }
  // A period or comma that starts a line or paragraph, or stands after whitespace: typeset alone.
  prose.forEach((piece, i) => {
    if (/^\s*[.,;:]/.test(piece) && i > 0 && /^\s/.test(piece))
      faults.push({ rule: 'orphaned punctuation', excerpt: `$…$${piece.slice(0, 30)}` });
    for (const m of piece.matchAll(/(^|\n)\s*[.,;:](?=\s|$)|\s[.,;:](?=\s|$)/g))
      if (!(i > 0 && (m.index ?? 0) === 0))
        faults.push({
          rule: 'orphaned punctuation',
          excerpt: piece.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + 20),
        });
  });
  // Display math followed directly by its sentence's period on the next line: "$$ ... $$." prints "." alone.
  for (const m of text.matchAll(/\$\$\s*\n\s*[.,]/g))
    faults.push({
      rule: 'orphaned punctuation',
      excerpt: text.slice(Math.max(0, (m.index ?? 0) - 20), (m.index ?? 0) + 10),
    });
  return faults;
}
