/**
 * A strict reader for the small XML subset JUnit reports use: elements,
 * double-quoted attributes, text, the five predefined entities, and an XML
 * declaration. It throws on anything not well formed (a raw `<` or `&` in
 * text or an attribute, unbalanced tags, a control character), so a test
 * can both check escaping and read back the decoded values.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The decoded text directly inside this element. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Characters XML 1.0 allows (tab, newline, carriage return and from U+0020 on, minus surrogates and U+FFFE/FFFF).
const ALLOWED = /^[\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

const decode = (raw: string, where: string): string => {
  if (raw.includes('<')) throw new Error(`raw "<" in ${where}: ${raw}`);
  return raw.replace(/&([^;]*);?/g, (whole, name: string) => {
    const value = ENTITIES[name];
    if (value === undefined || !whole.endsWith(';')) throw new Error(`bad entity ${whole} in ${where}`);
    return value;
  });
};

/** Parses `xml` into its root element; throws when it is not well formed. */
export function parseXml(xml: string): XmlElement {
  if (!ALLOWED.test(xml)) throw new Error('a character XML 1.0 cannot hold');
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/y;
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf('<', at);
    const text = body.slice(at, next < 0 ? body.length : next);
    stack.at(-1)!.text += decode(text, `text of <${stack.at(-1)!.name}>`);
    if (next < 0) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (match === null) throw new Error(`malformed tag at ${next}: ${body.slice(next, next + 60)}`);
    const [whole, closing, name, attributeText, selfClosing] = match as unknown as [string, string, string, string, string];
    at = next + whole.length;
    if (closing === '/') {
      const open = stack.pop();
      if (open?.name !== name || stack.length === 0) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of attributeText.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key! in attributes) throw new Error(`attribute ${key} twice on <${name}>`);
      attributes[key!] = decode(value!, `attribute ${key} of <${name}>`);
    }
    const element: XmlElement = { name: name!, attributes, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    if (selfClosing !== '/') stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('expected exactly one root element');
  return root.children[0]!;
}

/** Every element named `name` below `element`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [...(child.name === name ? [child] : []), ...findAll(child, name)]);
}
