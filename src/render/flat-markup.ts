/**
 * The same markup, made flat for keeping. V8 keeps a string built piece by piece with `+` (KaTeX's
 * output, our `html` templates) as a tree of those pieces, and copying it into a longer string (a
 * join, a template, the response body) walks the whole tree every time without flattening it; a
 * typeset matrix is thousands of pieces. Reading a character flattens the tree in place, once, so
 * a kept copy is a plain copy at each later use. Only for strings kept for reuse: a string used
 * once is walked once either way.
 */
export function flatMarkup(markup: string): string {
  // The comparison keeps the read from being dropped as unused; no character code is negative.
  return markup.charCodeAt(0) < 0 ? '' : markup;
}
