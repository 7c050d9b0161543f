import { detail } from '../messages';
import { FormatError } from '../errors';

/**
 * The SPNEGO tokens (RFC 4178, DER) that carry NTLM inside HTTP `Negotiate` (RFC 4559): the client's
 * NegTokenInit offering only NTLMSSP, the NegTokenResp that carries the later legs, and a reader for the
 * server's NegTokenResp. Pure. Only what an NTLM-in-Negotiate client needs: no mechListMIC.
 */

const FORMAT = detail('FORMAT_SPNEGO_TOKEN');
/** 1.3.6.1.5.5.2, the SPNEGO mechanism. */
const SPNEGO_OID = Buffer.from('2b0601050502', 'hex');
/** 1.3.6.1.4.1.311.2.2.10, NTLMSSP. */
export const NTLMSSP_OID = Buffer.from('2b06010401823702020a', 'hex');

export type NegState = 'accept-completed' | 'accept-incomplete' | 'reject' | 'request-mic';
const NEG_STATES: NegState[] = ['accept-completed', 'accept-incomplete', 'reject', 'request-mic'];

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  if (n < 0x10000) return Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

/** InitialContextToken: [APPLICATION 0] { SPNEGO OID, [0] NegTokenInit { [0] mechTypes {NTLMSSP}, [2] mechToken } }. */
export function encodeNegTokenInit(mechToken: Buffer): Buffer {
  const mechTypes = tlv(0xa0, tlv(0x30, tlv(0x06, NTLMSSP_OID)));
  const negTokenInit = tlv(0xa0, tlv(0x30, mechTypes, tlv(0xa2, tlv(0x04, mechToken))));
  return tlv(0x60, tlv(0x06, SPNEGO_OID), negTokenInit);
}

/** [1] NegTokenResp { [2] responseToken }: the client's later legs. */
export function encodeNegTokenResp(responseToken: Buffer): Buffer {
  return tlv(0xa1, tlv(0x30, tlv(0xa2, tlv(0x04, responseToken))));
}

interface Element {
  tag: number;
  content: Buffer;
  /** Offset of the tag within the whole token, for error messages. */
  at: number;
}

/** The DER elements one after another in `bytes` (which starts at `base` in the token). */
function elements(bytes: Buffer, base: number): Element[] {
  const found: Element[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw fail(base + at, detail('SPNEGO_ELEMENT_CUT_SHORT'));
    const tag = bytes[at]!;
    let size = bytes[at + 1]!;
    let header = 2;
    if (size & 0x80) {
      const count = size & 0x7f;
      if (count === 0 || count > 3 || at + 2 + count > bytes.length)
        throw fail(base + at + 1, detail('SPNEGO_LENGTH_UNSUPPORTED', { count }));
      size = 0;
      for (let i = 0; i < count; i++) size = size * 256 + bytes[at + 2 + i]!;
      header += count;
    }
    if (at + header + size > bytes.length) throw fail(base + at, detail('SPNEGO_ELEMENT_PAST_END', { size }));
    found.push({ tag, content: bytes.subarray(at + header, at + header + size), at: base + at + header });
    at += header + size;
  }
  return found;
}

function only(bytes: Buffer, base: number, tag: number, what: string): Element {
  const [element, ...rest] = elements(bytes, base);
  if (!element || element.tag !== tag || rest.length > 0) throw fail(base, detail('SPNEGO_EXPECTED', { what }));
  return element;
}

function fail(offset: number, detail: string): FormatError {
  return new FormatError('SPNEGO_TOKEN_INVALID', FORMAT, offset, detail);
}

export interface NegTokenResp {
  negState: NegState | null;
  /** The mechanism the server chose, as DER OID content bytes. */
  supportedMech: Buffer | null;
  responseToken: Buffer | null;
}

/** A server's NegTokenResp ([1] SEQUENCE {[0] negState, [1] supportedMech, [2] responseToken, [3] mechListMIC}). */
export function decodeNegTokenResp(token: Buffer): NegTokenResp {
  const outer = only(token, 0, 0xa1, detail('SPNEGO_NEG_TOKEN_RESP'));
  const sequence = only(outer.content, outer.at, 0x30, detail('SPNEGO_RESP_SEQUENCE'));
  const result: NegTokenResp = { negState: null, supportedMech: null, responseToken: null };
  for (const field of elements(sequence.content, sequence.at)) {
    if (field.tag === 0xa0) {
      const value = only(field.content, field.at, 0x0a, detail('SPNEGO_NEG_STATE'));
      const state = NEG_STATES[value.content[0] ?? 99];
      if (value.content.length !== 1 || !state) throw fail(value.at, detail('SPNEGO_NEG_STATE_RANGE'));
      result.negState = state;
    } else if (field.tag === 0xa1)
      result.supportedMech = Buffer.from(only(field.content, field.at, 0x06, detail('SPNEGO_SUPPORTED_MECH')).content);
    else if (field.tag === 0xa2)
      result.responseToken = Buffer.from(only(field.content, field.at, 0x04, detail('SPNEGO_RESPONSE_TOKEN')).content);
  }
  return result;
}

/** Whether a Negotiate token is SPNEGO (NegTokenInit or NegTokenResp), as opposed to a bare mechanism token. */
export function isSpnegoToken(token: Buffer): boolean {
  return token[0] === 0x60 || token[0] === 0xa1;
}
