/** An XML element as a test reads it: name, attributes, children and the text directly inside (CDATA included). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity ${whole}`);
    return value;
  });
}

/**
 * Reads a whole XML document (elements, attributes, text, CDATA, comments, one prolog); throws on
 * anything malformed: an unclosed or mismatched tag, an unknown entity, text after the root.
 */
export function readXml(xml: string): XmlElement {
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const top = (): XmlElement => stack[stack.length - 1] as XmlElement;
  while (i < xml.length) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new Error('unterminated CDATA');
      top().text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!--', i)) {
      i = xml.indexOf('-->', i) + 3;
    } else if (xml.startsWith('</', i)) {
      const end = xml.indexOf('>', i);
      const name = xml.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      i = end + 1;
    } else if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      const body = xml.slice(i + 1, end);
      const selfClosing = body.endsWith('/');
      const m = /^([\w:.-]+)([\s\S]*?)\/?$/.exec(body);
      if (!m) throw new Error(`bad tag <${body}>`);
      const attributes: Record<string, string> = {};
      for (const a of (m[2] ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) attributes[a[1] as string] = decode(a[2] ?? '');
      const element: XmlElement = { name: m[1] as string, attributes, children: [], text: '' };
      top().children.push(element);
      if (!selfClosing) stack.push(element);
      i = end + 1;
    } else {
      const end = xml.indexOf('<', i);
      const text = xml.slice(i, end < 0 ? xml.length : end);
      if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root element');
      top().text += decode(text);
      i = end < 0 ? xml.length : end;
    }
  }
  if (stack.length !== 1) throw new Error(`<${top().name}> is not closed`);
  const [doc] = root.children;
  if (!doc || root.children.length !== 1) throw new Error('expected one root element');
  return doc;
}

/** The children of that name (Moodle's xmlize reads $question['#'][name][0]...). */
export const childrenNamed = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

export function child(e: XmlElement, name: string): XmlElement {
  const found = childrenNamed(e, name)[0];
  if (!found) throw new Error(`<${e.name}> has no <${name}>`);
  return found;
}
