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
 * Attribute values must be quoted (either quote): escaping cannot protect an unquoted attribute.
 * Numbers render as written (0 renders "0"); `true` and plain objects are refused, since they
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

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML text or a quoted attribute value. Pages use `html`, which calls this; it is exported for
 * markup that is not built with `html` (XML exports), until those have their own writer.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof HtmlSafeString) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  // Reached only past the type checker (a cast, or JavaScript): say what was passed.
  const what: unknown = value;
  throw new TypeError(`html: cannot put a ${what === true ? 'boolean true' : typeof what} into a page`);
}

/** The tagged template: literal parts are kept as written, every value is escaped (see above). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): HtmlSafeString {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] as string);
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
