import { createServer, type Server, type Socket } from 'node:net';

/** The parts of a ClientHello (RFC 8446 §4.1.2) that say what a client offers. */
export interface ClientHello {
  legacyVersion: number;
  cipherSuites: number[];
  /** supported_versions (43), newest first as sent; empty when absent (a TLS 1.2-only client). */
  supportedVersions: number[];
  /** supported_groups (10). */
  groups: number[];
  /** The groups of the key_share entries (51), in order. */
  keyShareGroups: number[];
  serverName: string | null;
  alpn: string[];
  /** Extension types in the order sent. */
  extensions: number[];
  /** The handshake message's length in bytes, header included. */
  length: number;
}

/** Reads big-endian fields off a buffer and throws on anything that runs past its end. */
class Reader {
  constructor(
    private readonly data: Buffer,
    private offset = 0,
    private readonly end = data.length,
  ) {}

  get done(): boolean {
    return this.offset >= this.end;
  }

  private take(count: number): number {
    const at = this.offset;
    if (at + count > this.end) throw new Error(`ClientHello truncated at byte ${at} (wanted ${count})`);
    this.offset += count;
    return at;
  }

  u8(): number {
    return this.data[this.take(1)]!;
  }

  u16(): number {
    return this.data.readUInt16BE(this.take(2));
  }

  u24(): number {
    return this.data.readUIntBE(this.take(3), 3);
  }

  bytes(count: number): Buffer {
    const at = this.take(count);
    return this.data.subarray(at, at + count);
  }

  rest(): Buffer {
    return this.bytes(this.end - this.offset);
  }

  /** A vector with a length prefix of `size` bytes, as its own reader. */
  vector(size: 1 | 2): Reader {
    const length = size === 1 ? this.u8() : this.u16();
    const at = this.take(length);
    return new Reader(this.data, at, at + length);
  }

  u16List(size: 1 | 2): number[] {
    const list = this.vector(size);
    const values: number[] = [];
    while (!list.done) values.push(list.u16());
    return values;
  }
}

function keyShareGroups(body: Reader): number[] {
  const shares = body.vector(2);
  const groups: number[] = [];
  while (!shares.done) {
    groups.push(shares.u16());
    shares.vector(2);
  }
  return groups;
}

function serverName(body: Reader): string | null {
  const names = body.vector(2);
  while (!names.done) {
    const type = names.u8();
    const name = names.vector(2);
    if (type === 0) return name.rest().toString('ascii');
  }
  return null;
}

function alpn(body: Reader): string[] {
  const list = body.vector(2);
  const protocols: string[] = [];
  while (!list.done) {
    const length = list.u8();
    protocols.push(list.bytes(length).toString('ascii'));
  }
  return protocols;
}

/** Parses a ClientHello handshake message (type 1, with its 4-byte handshake header, no record header). */
export function parseClientHello(message: Buffer): ClientHello {
  const reader = new Reader(message);
  if (reader.u8() !== 1) throw new Error('not a ClientHello');
  const length = reader.u24();
  const body = new Reader(message, 4, 4 + length);
  if (4 + length > message.length) throw new Error('ClientHello truncated');
  const hello: ClientHello = {
    legacyVersion: body.u16(),
    cipherSuites: [],
    supportedVersions: [],
    groups: [],
    keyShareGroups: [],
    serverName: null,
    alpn: [],
    extensions: [],
    length: 4 + length,
  };
  body.bytes(32); // random
  body.vector(1); // legacy_session_id
  hello.cipherSuites = body.u16List(2);
  body.vector(1); // legacy_compression_methods
  const extensions = body.vector(2);
  while (!extensions.done) {
    const type = extensions.u16();
    const data = extensions.vector(2);
    hello.extensions.push(type);
    if (type === 0) hello.serverName = serverName(data);
    else if (type === 10) hello.groups = data.u16List(2);
    else if (type === 16) hello.alpn = alpn(data);
    else if (type === 43) hello.supportedVersions = data.u16List(1);
    else if (type === 51) hello.keyShareGroups = keyShareGroups(data);
  }
  return hello;
}

/** The handshake bytes of the TLS records at the start of `stream`, once they hold one whole handshake message. */
function firstHandshakeMessage(stream: Buffer): Buffer | null {
  const fragments: Buffer[] = [];
  let offset = 0;
  while (offset + 5 <= stream.length) {
    if (stream[offset] !== 22) throw new Error(`not a TLS handshake record (content type ${stream[offset]})`);
    const length = stream.readUInt16BE(offset + 3);
    if (offset + 5 + length > stream.length) break;
    fragments.push(stream.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
    const handshake = Buffer.concat(fragments);
    if (handshake.length >= 4 && handshake.length >= 4 + handshake.readUIntBE(1, 3)) return handshake;
  }
  return null;
}

export interface ClientHelloRecorder {
  port: number;
  /** Every ClientHello received, in order. */
  hellos: ClientHello[];
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1 that reads each connection's ClientHello, records it and hangs up: the client's
 * handshake fails, but what it offered is known.
 */
export async function startClientHelloRecorder(): Promise<ClientHelloRecorder> {
  const hellos: ClientHello[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const message = firstHandshakeMessage(received);
      if (!message) return;
      hellos.push(parseClientHello(message));
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    hellos,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
