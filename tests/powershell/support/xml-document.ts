// A strict, small XML reader: enough to prove a .ps1xml well-formed and to walk its elements. It rejects what an
// XML parser rejects in such files: unbalanced or crossed tags, bad names, unquoted or duplicate attributes,
// unknown entities, bare `<` or `&` in text, and content after the root element.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  return text.replace(/&([^;\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & near offset ${where}`);
    if (name in ENTITIES) return ENTITIES[name]!;
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
    if (numeric) return String.fromCodePoint(numeric[1]!.startsWith('x') ? parseInt(numeric[1]!.slice(1), 16) : Number(numeric[1]));
    throw new Error(`unknown entity &${name}; near offset ${where}`);
  });
}

export function parseXml(source: string): XmlElement {
  let at = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${at}`);
  };
  const skipMisc = (): void => {
    for (;;) {
      const rest = source.slice(at);
      const space = /^\s+/.exec(rest);
      if (space) at += space[0].length;
      else if (rest.startsWith('<?')) at = source.indexOf('?>', at) + 2 || fail('unterminated declaration');
      else if (rest.startsWith('<!--')) at = source.indexOf('-->', at) + 3 || fail('unterminated comment');
      else return;
    }
  };
  skipMisc();
  while (at < source.length) {
    if (root && stack.length === 0) {
      skipMisc();
      if (at < source.length) fail('content after the root element');
      break;
    }
    if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end < 0) fail('unterminated comment');
      at = end + 3;
    } else if (source.startsWith('<![CDATA[', at)) {
      const end = source.indexOf(']]>', at);
      if (end < 0 || stack.length === 0) fail('bad CDATA');
      stack[stack.length - 1]!.text += source.slice(at + 9, end);
      at = end + 3;
    } else if (source.startsWith('</', at)) {
      const match = /^<\/([^\s>]+)\s*>/.exec(source.slice(at)) ?? fail('bad end tag');
      const open = stack.pop() ?? fail('end tag without start tag');
      if (open.name !== match[1]) fail(`</${match[1]}> closes <${open.name}>`);
      at += match[0].length;
    } else if (source[at] === '<') {
      const match = /^<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(source.slice(at)) ?? fail('bad start tag');
      if (!NAME.test(match[1]!)) fail(`bad element name ${match[1]}`);
      const attributes: Record<string, string> = {};
      for (const a of match[2]!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attributes) fail(`duplicate attribute ${a[1]}`);
        attributes[a[1]!] = decode(a[2] ?? a[3] ?? '', at);
      }
      const element: XmlElement = { name: match[1]!, attributes, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root) fail('second root element');
      else root = element;
      if (!match[3]) stack.push(element);
      at += match[0].length;
    } else {
      const end = source.indexOf('<', at);
      const text = source.slice(at, end < 0 ? source.length : end);
      if (stack.length === 0) {
        if (text.trim()) fail('text outside the root element');
      } else {
        stack[stack.length - 1]!.text += decode(text, at);
      }
      at = end < 0 ? source.length : end;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root ?? fail('no root element');
}

/** Every descendant element with this name, depth first. */
export function elementsNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...elementsNamed(c, name)]);
}

export function childText(element: XmlElement, name: string): string | null {
  return element.children.find((c) => c.name === name)?.text.trim() ?? null;
}
