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

/**
 * Markup that is safe to put into a page as it is. Made only by `html`, `unsafeHtml`, `joinHtml` and
 * `encodedHtml`. Markup that holds an EncodedHtml keeps it as a piece of its own (see htmlBytes).
 */
export class HtmlSafeString {
  #markup: string | undefined;
  readonly #pieces: readonly Piece[] | undefined;

  constructor(markup: string | undefined, pieces?: readonly Piece[]) {
    this.#markup = markup;
    this.#pieces = pieces;
  }

  toString(): string {
    this.#markup ??= (this.#pieces ?? []).map(String).join('');
    return this.#markup;
  }

  /** The markup as text, or as text around EncodedHtml pieces when it holds any. */
  get pieces(): readonly Piece[] | undefined {
    return this.#pieces;
  }
}

/**
 * Trusted markup (as `unsafeHtml`) kept as UTF-8 bytes: a large piece that many pages carry, such as
 * a typeset statement. A page that holds it copies its bytes into the response (htmlBytes) where
 * the whole page was text to join and encode again for every student: the statements are most of
 * a quiz page's 170 kB, and KaTeX's symbols make it two-byte text.
 */
export class EncodedHtml extends HtmlSafeString {
  constructor(readonly bytes: Buffer) {
    super(undefined, undefined);
  }

  override toString(): string {
    return this.bytes.toString('utf8');
  }

  override get pieces(): readonly Piece[] {
    return [this];
  }
}

/** A piece of markup: text, or encoded bytes. */
type Piece = string | EncodedHtml;

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

/**
 * Markup being put together: text, and the EncodedHtml pieces met on the way kept apart from it.
 * Without any (every page but the quiz), it is one string as before.
 */
class Assembly {
  text = '';
  pieces: Piece[] | undefined;

  add(value: HtmlValue): void {
    if (value instanceof HtmlSafeString && value.pieces) this.addPieces(value.pieces);
    else if (Array.isArray(value) && holdsPieces(value))
      for (const item of value as readonly HtmlValue[]) this.add(item);
    else this.text += render(value);
  }

  addText(markup: string): void {
    this.text += markup;
  }

  private addPieces(pieces: readonly Piece[]): void {
    this.pieces ??= [];
    for (const piece of pieces) {
      if (typeof piece === 'string') {
        this.text += piece;
        continue;
      }
      if (this.text) this.pieces.push(this.text);
      this.text = '';
      this.pieces.push(piece);
    }
  }

  done(): HtmlSafeString {
    if (!this.pieces) return new HtmlSafeString(this.text);
    if (this.text) this.pieces.push(this.text);
    return new HtmlSafeString(undefined, this.pieces);
  }
}

function holdsPieces(values: readonly HtmlValue[]): boolean {
  return values.some((v) =>
    v instanceof HtmlSafeString ? v.pieces !== undefined : Array.isArray(v) && holdsPieces(v),
  );
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
  const out = new Assembly();
  out.addText(strings[0] as string);
  for (let i = 0; i < values.length; i++) {
    out.add(values[i]);
    out.addText(strings[i + 1] as string);
  }
  return out.done();
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
  if (!holdsPieces(items)) return new HtmlSafeString(items.map(render).join(sep));
  const out = new Assembly();
  items.forEach((item, i) => {
    if (i > 0) out.addText(sep);
    out.add(item);
  });
  return out.done();
}

/** Trusted markup kept as UTF-8 bytes (see EncodedHtml); never pass it anything a user typed. */
export function encodedHtml(markup: string): EncodedHtml {
  return new EncodedHtml(Buffer.from(markup, 'utf8'));
}

/** A page as the bytes of its response: its text encoded, its EncodedHtml pieces copied. */
export function htmlBytes(page: HtmlSafeString): Buffer {
  const pieces = page.pieces;
  if (!pieces) return Buffer.from(page.toString(), 'utf8');
  return Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p.bytes)));
}

/** A value rendered to a string, for a response body or a JSON field. */
export function renderHtml(value: HtmlValue): string {
  return render(value);
}
