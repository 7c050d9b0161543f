/** How a text file was stored, so that a rewrite keeps it: UTF-8 with or without BOM, or UTF-16LE with BOM. */
export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le';

export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: bytes.toString('utf16le', 2), encoding: 'utf16le' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.toString('utf8', 3), encoding: 'utf8-bom' };
  }
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  switch (encoding) {
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf8':
      return Buffer.from(text, 'utf8');
  }
}
