import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodedHtml,
  html,
  htmlBytes,
  HtmlSafeString,
  joinHtml,
  renderHtml,
  unsafeHtml,
  type HtmlValue,
} from './html.ts';

const str = (v: HtmlSafeString) => v.toString();

describe('html tagged template', () => {
  it('escapes what matters in text and double-quoted attributes; an apostrophe is plain text there', () => {
    const typed = `<b>"Tom" & 'Jerry'</b>`;
    expect(str(html`<p>${typed}</p>`)).toBe(`<p>&lt;b&gt;&quot;Tom&quot; &amp; 'Jerry'&lt;/b&gt;</p>`);
    expect(str(html`<input value="${typed}">`)).toBe(
      `<input value="&lt;b&gt;&quot;Tom&quot; &amp; 'Jerry'&lt;/b&gt;">`,
    );
    expect(str(html`<span class="meta">${"Instructor's comment"}:</span>`)).toBe(
      `<span class="meta">Instructor's comment:</span>`,
    );
  });

  it('refuses a value in a single-quoted or an unquoted attribute, where escaping cannot protect it', () => {
    const name = `x' onmouseover='alert(1)`;
    expect(() => html`<input value='${name}'>`).toThrow(/double-quoted attribute/);
    expect(() => html`<input title='Name: ${name}'>`).toThrow(/double-quoted attribute/);
    expect(() => html`<input value=${name}>`).toThrow(/double-quoted attribute/);
    // A query string inside a double-quoted URL is no attribute.
    expect(str(html`<a href="/x?user=${'a&b'}&amp;link=${'c'}">`)).toBe('<a href="/x?user=a&amp;b&amp;link=c">');
    // Text around a value may hold apostrophes and equals signs.
    expect(str(html`<p>it's ${'a'} = ${'b'}, where x = ${'c'}, x='y' ${'d'}</p>`)).toBe(
      `<p>it's a = b, where x = c, x='y' d</p>`,
    );
  });

  it("a <script> in a student's name or answer comes out as text, not as a script", () => {
    const name = '<script>alert(document.cookie)</script>';
    const answer = '"><script src=//evil.example/x.js></script>';
    const page = str(html`<h1>${name}</h1><input type="text" value="${answer}"><textarea>${answer}</textarea>`);
    expect(page).not.toContain('<script');
    expect(page).toContain('<h1>&lt;script&gt;alert(document.cookie)&lt;/script&gt;</h1>');
    // The attribute stays one attribute: the quote the answer carries cannot close it.
    expect(page).toContain('value="&quot;&gt;&lt;script src=//evil.example/x.js&gt;&lt;/script&gt;">');
    expect(page).toContain('<textarea>&quot;&gt;&lt;script src=//evil.example/x.js&gt;&lt;/script&gt;</textarea>');
  });

  it('keeps the literal parts of the template as written', () => {
    expect(str(html`<a href="/x?a=1&b=2">"quoted" & 'kept'</a>`)).toBe(`<a href="/x?a=1&b=2">"quoted" & 'kept'</a>`);
  });

  it('puts nested templates in as markup, escaped once', () => {
    const inner = html`<em>${'a < b'}</em>`;
    expect(str(html`<p>${inner}</p>`)).toBe('<p><em>a &lt; b</em></p>');
    expect(str(html`<div>${html`<p>${html`<span>${'&'}</span>`}</p>`}</div>`)).toBe(
      '<div><p><span>&amp;</span></p></div>',
    );
  });

  it('renders arrays item by item, escaping strings and keeping markup, also nested arrays', () => {
    const items = ['<1>', '2 & 3'];
    const list = html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;
    expect(str(list)).toBe('<ul><li>&lt;1&gt;</li><li>2 &amp; 3</li></ul>');
    expect(str(html`${['<a>', html`<b></b>`, ['<c>', [html`<d></d>`]]]}`)).toBe('&lt;a&gt;<b></b>&lt;c&gt;<d></d>');
    expect(str(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('renders null, undefined and false as nothing, so `cond && html`…`` works', () => {
    const late = false;
    const missing: string | undefined = undefined;
    expect(str(html`<p>${null}${undefined}${false}${missing}${late && html`<b>late</b>`}</p>`)).toBe('<p></p>');
    expect(str(html`<p>${[null, 'x', undefined, false]}</p>`)).toBe('<p>x</p>');
    expect(str(html`<p>${!late && html`<b>on time</b>`}</p>`)).toBe('<p><b>on time</b></p>');
  });

  it('renders numbers as written, including 0', () => {
    const cells = html`<td>${0}</td><td>${-2.5}</td><td>${10n}</td>`;
    expect(str(cells)).toBe('<td>0</td><td>-2.5</td><td>10</td>');
  });

  it('refuses true and plain objects instead of printing "true" or "[object Object]"', () => {
    expect(() => html`${true as unknown as HtmlValue}`).toThrow(/boolean true/);
    expect(() => html`${{ a: 1 } as unknown as HtmlValue}`).toThrow(/object/);
  });

  it('puts unsafeHtml in as it is, and only unsafeHtml and html are trusted', () => {
    const katex = '<span class="katex"><math><mi>x</mi></math></span>';
    expect(str(html`<p>${unsafeHtml(katex)}</p>`)).toBe(`<p>${katex}</p>`);
    // A string that merely looks like markup is escaped.
    expect(str(html`<p>${katex}</p>`)).not.toContain('<span');
    // An object that pretends to be safe markup by its toString is refused, not trusted.
    const fake = { toString: () => '<script></script>' } as unknown as HtmlValue;
    expect(() => html`${fake}`).toThrow(TypeError);
  });

  it('joins items with a separator, escaping both unless they are markup', () => {
    const links = ['1', '3'].map((n) => html`<a href="#p${n}">${n}</a>`);
    expect(str(joinHtml(links, ', '))).toBe('<a href="#p1">1</a>, <a href="#p3">3</a>');
    expect(str(joinHtml(['a<', 'b'], html`<br>`))).toBe('a&lt;<br>b');
    expect(str(joinHtml(['a', 'b'], '<'))).toBe('a&lt;b');
    expect(str(joinHtml([], ', '))).toBe('');
  });

  it('renderHtml gives the string of any value the template accepts', () => {
    expect(renderHtml(html`<b>${'<'}</b>`)).toBe('<b>&lt;</b>');
    expect(renderHtml('<')).toBe('&lt;');
    expect(renderHtml(null)).toBe('');
    expect(String(html`<i></i>`)).toBe('<i></i>');
  });
});

describe('markup with encoded pieces', () => {
  // A page built from text, typed values, nested templates, arrays and joins, where some trusted
  // pieces are kept as bytes (encodedHtml) and the same page built with unsafeHtml instead.
  type Tree =
    | { kind: 'typed'; text: string }
    | { kind: 'trusted'; markup: string }
    | { kind: 'list'; items: Tree[] }
    | { kind: 'join'; items: Tree[] };
  const text = fc.string({ unit: fc.constantFrom('a', '<', '&', '"', 'ř', '−', '∑', '𝔼', ' ', '\n'), maxLength: 12 });
  const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('typed' as const), text }),
      fc.record({ kind: fc.constant('trusted' as const), markup: text }),
      fc.record({ kind: fc.constant('list' as const), items: fc.array(tie('tree'), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('join' as const), items: fc.array(tie('tree'), { maxLength: 4 }) }),
    ),
  })).tree;
  const build = (t: Tree, trusted: (markup: string) => HtmlSafeString): HtmlValue => {
    switch (t.kind) {
      case 'typed':
        return t.text;
      case 'trusted':
        return html`<div>${trusted(t.markup)}</div>`;
      case 'list':
        return html`<p title="${'x'}">${t.items.map((i) => build(i, trusted))}</p>`;
      case 'join':
        return joinHtml(
          t.items.map((i) => build(i, trusted)),
          html`<br>`,
        );
    }
  };

  it('is the same markup, and htmlBytes its UTF-8, as when every piece is text', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const page = html`<main>${build(t, encodedHtml)}</main>`;
        const asText = renderHtml(html`<main>${build(t, unsafeHtml)}</main>`);
        expect(page.toString()).toBe(asText);
        expect(htmlBytes(page).equals(Buffer.from(asText, 'utf8'))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps an encoded piece apart from the text around it, even inside templates and joins', () => {
    const statement = encodedHtml('<p>Řešení: ∂L/∂θ</p>');
    const page = html`<section>${joinHtml([html`<h2>${'1'}</h2>`, statement], '\n')}</section>`;
    expect(page.pieces).toEqual(['<section><h2>1</h2>\n', statement, '</section>']);
    expect(html`<b>${'plain'}</b>`.pieces).toBeUndefined();
  });
});
