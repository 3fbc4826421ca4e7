/**
 * The one place markup is made safe. `html` is a tagged template that escapes every interpolated
 * value unless it is itself markup made by `html` or explicitly trusted with `unsafeHtml`, so a
 * page cannot forget to escape what a student or an instructor typed.
 *
 *   html`<p title="${name}">${name}</p>`          // name is escaped in text and in the attribute
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`   // arrays and nested templates
 *   html`${isLate && html`<span>late</span>`}`    // null, undefined and false render nothing
 *   html`<div>${unsafeHtml(katexOutput)}</div>`   // already-safe markup, trusted by name
 *
 * A value goes into text or into a double-quoted attribute value. A template whose attribute is
 * single-quoted or unquoted right before a value is refused when it is first used: escaping cannot
 * protect an unquoted attribute, and with that rule an apostrophe is plain text everywhere a value
 * can go ("Instructor's comment" stays as typed). Numbers render as written (0 renders "0"); `true` and plain objects are refused, since they
 * would print "true" or "[object Object]" into a page.
 */

/** Markup that is safe to put into a page as it is. Made only by `html`, `unsafeHtml` and `joinHtml`. */
export class HtmlSafeString {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/** What a `${…}` in an `html` template may hold. */
export type HtmlValue = HtmlSafeString | string | number | bigint | null | undefined | false | readonly HtmlValue[];

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** A value in text or in a double-quoted attribute (the only places `html` lets a value go). */
function escapeValue(text: string): string {
  return text.replace(/[&<>"]/g, (c) => TEXT_ENTITIES[c] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof HtmlSafeString) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeValue(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  // Reached only past the type checker (a cast, or JavaScript): say what was passed.
  const what: unknown = value;
  throw new TypeError(`html: cannot put a ${what === true ? 'boolean true' : typeof what} into a page`);
}

// An attribute (a name after white space) opened with a single quote and not closed before the value,
// or ` name=` right before it (written without spaces, as ours are); `?a=${…}` inside a
// double-quoted URL is no attribute, nor is `x = ${…}` in text.
const SINGLE_QUOTED_OPEN = /\s[\w:-]+='[^']*$/;
const UNQUOTED = /\s[\w:-]+=$/;
/** Each template (its literal parts are one object per place in the code) is checked once. */
const checked = new WeakSet<TemplateStringsArray>();

function checkTemplate(strings: TemplateStringsArray): void {
  if (checked.has(strings)) return;
  for (let i = 0; i < strings.length - 1; i++) {
    const before = strings[i] as string;
    if (SINGLE_QUOTED_OPEN.test(before) || UNQUOTED.test(before))
      throw new Error(`html: put a value only in text or in a double-quoted attribute: ...${before.slice(-40)}\${…}`);
  }
  checked.add(strings);
}

/** The tagged template: literal parts are kept as written, every value is escaped (see above). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): HtmlSafeString {
  checkTemplate(strings);
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] as string);
  return new HtmlSafeString(out);
}

/**
 * Markup trusted as it is: KaTeX output, an SVG diagram drawn by our own code, a stylesheet. The name
 * says that nothing escapes it; never pass it anything a user typed.
 */
export function unsafeHtml(markup: string): HtmlSafeString {
  return new HtmlSafeString(markup);
}

/** Items with a separator between them (both escaped unless they are markup): `joinHtml(links, ', ')`. */
export function joinHtml(items: readonly HtmlValue[], separator: HtmlValue): HtmlSafeString {
  const sep = render(separator);
  return new HtmlSafeString(items.map(render).join(sep));
}

/** A value rendered to a string, for a response body or a JSON field. */
export function renderHtml(value: HtmlValue): string {
  return render(value);
}
