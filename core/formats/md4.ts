/**
 * MD4 (RFC 1320), for the NT hash of NTLM. Here and not from node:crypto because OpenSSL 3, under Node 17+,
 * has MD4 only in its legacy provider, which Node does not load: `createHash('md4')` throws on Node 20 and 22.
 * (js-md4, the npm package, calls that same createHash('md4') from its default entry under Node.) Pure.
 */
export function md4(message: Buffer): Buffer {
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
  const padded = Buffer.alloc((((message.length + 8) >> 6) + 1) << 6);
  message.copy(padded);
  padded[message.length] = 0x80;
  const bits = BigInt(message.length) * 8n;
  padded.writeBigUInt64LE(bits, padded.length - 8);

  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Uint32Array(16);
  const rotl = (v: number, s: number) => (v << s) | (v >>> (32 - s));
  const f = (p: number, q: number, r: number) => (p & q) | (~p & r);
  const g = (p: number, q: number, r: number) => (p & q) | (p & r) | (q & r);
  const h = (p: number, q: number, r: number) => p ^ q ^ r;

  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) x[i] = padded.readUInt32LE(offset + i * 4);
    const [aa, bb, cc, dd] = [a, b, c, d];
    // Round 1: [abcd k s] a = (a + F(b,c,d) + X[k]) <<< s
    for (const k of [0, 4, 8, 12]) {
      a = rotl((a + f(b, c, d) + x[k]!) | 0, 3);
      d = rotl((d + f(a, b, c) + x[k + 1]!) | 0, 7);
      c = rotl((c + f(d, a, b) + x[k + 2]!) | 0, 11);
      b = rotl((b + f(c, d, a) + x[k + 3]!) | 0, 19);
    }
    // Round 2: a = (a + G(b,c,d) + X[k] + 5A827999) <<< s
    for (const k of [0, 1, 2, 3]) {
      a = rotl((a + g(b, c, d) + x[k]! + 0x5a827999) | 0, 3);
      d = rotl((d + g(a, b, c) + x[k + 4]! + 0x5a827999) | 0, 5);
      c = rotl((c + g(d, a, b) + x[k + 8]! + 0x5a827999) | 0, 9);
      b = rotl((b + g(c, d, a) + x[k + 12]! + 0x5a827999) | 0, 13);
    }
    // Round 3: a = (a + H(b,c,d) + X[k] + 6ED9EBA1) <<< s, words in bit-reversed order
    for (const k of [0, 2, 1, 3]) {
      a = rotl((a + h(b, c, d) + x[k]! + 0x6ed9eba1) | 0, 3);
      d = rotl((d + h(a, b, c) + x[k + 8]! + 0x6ed9eba1) | 0, 9);
      c = rotl((c + h(d, a, b) + x[k + 4]! + 0x6ed9eba1) | 0, 11);
      b = rotl((b + h(c, d, a) + x[k + 12]! + 0x6ed9eba1) | 0, 15);
    }
    a = (a + aa) | 0;
    b = (b + bb) | 0;
    c = (c + cc) | 0;
    d = (d + dd) | 0;
  }
  const digest = Buffer.alloc(16);
  for (const [i, word] of [a, b, c, d].entries()) digest.writeInt32LE(word, i * 4);
  x.fill(0);
  return digest;
}
