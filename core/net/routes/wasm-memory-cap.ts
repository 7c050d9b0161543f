import { detail } from '../../messages';
/**
 * A WebAssembly module with a maximum on its linear memory. QuickJS's own memory limit does not count every
 * allocation of quickjs-wasi's build (a PAC file grew it to gigabytes with a 16 MB limit set), but a module
 * whose memory declares a maximum cannot grow past it: malloc then fails and QuickJS throws
 * "InternalError: out of memory", which the script cannot outgrow. Pure: bytes in, bytes out.
 */

const WASM_PAGE = 65536;
const MEMORY_SECTION = 5;
const HEADER_LENGTH = 8;

function readLeb(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= bytes.length || shift > 28) throw new Error(detail('WASM_LEB128'));
    const byte = bytes[pos++]!;
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) === 0) return { value: value >>> 0, next: pos };
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** The module with its one memory's maximum set to `maxBytes` (rounded down to whole 64 KiB pages). */
export function capWasmMemory(module: Uint8Array, maxBytes: number): Uint8Array {
  const maxPages = Math.floor(maxBytes / WASM_PAGE);
  for (let pos = HEADER_LENGTH; pos < module.length; ) {
    const id = module[pos]!;
    const size = readLeb(module, pos + 1);
    const end = size.next + size.value;
    if (id === MEMORY_SECTION) {
      const count = readLeb(module, size.next);
      if (count.value !== 1) throw new Error(detail('WASM_MEMORIES', { count: count.value }));
      const flags = module[count.next]!;
      const initial = readLeb(module, count.next + 1);
      if (flags & ~1) throw new Error(detail('WASM_MEMORY_FLAGS', { flags }));
      if (initial.value > maxPages) throw new Error(detail('WASM_INITIAL_PAGES', { pages: initial.value, cap: maxPages }));
      const body = [...leb(1), 0x01, ...leb(initial.value), ...leb(maxPages)];
      const section = [MEMORY_SECTION, ...leb(body.length), ...body];
      const out = new Uint8Array(pos + section.length + (module.length - end));
      out.set(module.subarray(0, pos), 0);
      out.set(section, pos);
      out.set(module.subarray(end), pos + section.length);
      return out;
    }
    pos = end;
  }
  throw new Error(detail('WASM_NO_MEMORY'));
}
