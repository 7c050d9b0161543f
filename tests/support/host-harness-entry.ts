/**
 * Runs under wine's node.exe (see host-harness.ts): one live host in-process (the native host with the koffi
 * addon, or the reg.exe host), a list of calls on stdin, their results on stdout. Besides the Host's own
 * methods, a few set-up steps only tests need, done with koffi directly: a key's DACL, a PFX import.
 */
import { readFileSync, writeSync } from 'node:fs';
import { NativeHost } from '../../core/host/native-host';
import { WindowsHost } from '../../core/host/windows';
import type { Host } from '../../core/host/host';
import type { KoffiModule } from '../../core/host/native/win32';
import { ToolError } from '../../core/errors';

export type HarnessCall =
  | { op: 'listCertificates'; store: string }
  | { op: 'getCertificate'; store: string; thumbprint: string }
  | { op: 'decryptWithCertificateKey'; store: string; thumbprint: string; ciphertext: string }
  | { op: 'isElevated' }
  | { op: 'readKey'; path: string }
  | { op: 'setKeyDacl'; path: string; sddl: string }
  | { op: 'importPfx'; pfx: string; password: string; store: string };

export interface HarnessRequest {
  host: 'native' | 'reg.exe';
  /** Windows path of koffi.node (the build's cache), loaded directly: the harness tests hosts, not the loader. */
  addon: string;
  calls: HarnessCall[];
}

export type HarnessAnswer = { value: unknown } | { error: { code: string; message: string; details?: unknown } };

function loadKoffi(path: string): KoffiModule {
  const module = { exports: {} as KoffiModule };
  process.dlopen(module, path);
  return module.exports;
}

function encode(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(encode);
  return value;
}

async function call(host: Host, koffi: KoffiModule, c: HarnessCall): Promise<unknown> {
  switch (c.op) {
    case 'listCertificates':
      return host.listCertificates(c.store);
    case 'getCertificate':
      return host.getCertificate(c.store, c.thumbprint);
    case 'decryptWithCertificateKey':
      return host.decryptWithCertificateKey(c.store, c.thumbprint, Buffer.from(c.ciphertext, 'base64'));
    case 'isElevated':
      return host.isElevated();
    case 'readKey':
      return host.readKey(c.path);
    case 'setKeyDacl':
      return setKeyDacl(koffi, c.path, c.sddl);
    case 'importPfx':
      return importPfx(koffi, Buffer.from(c.pfx, 'base64'), c.password, c.store);
  }
}

/** Replaces a key's DACL (SDDL), e.g. one that refuses reading to everyone. */
function setKeyDacl(koffi: KoffiModule, path: string, sddl: string): number {
  const advapi = koffi.load('advapi32.dll');
  const [root, ...rest] = path.split('\\');
  const roots: Record<string, number> = { HKLM: 0x80000002 | 0, HKU: 0x80000003 | 0, HKCU: 0x80000001 | 0 };
  const open = advapi.func('__stdcall', 'RegOpenKeyExW', 'long', [
    'intptr_t',
    'str16',
    'uint32',
    'uint32',
    koffi.out(koffi.pointer('intptr_t')),
  ]);
  const convert = advapi.func('__stdcall', 'ConvertStringSecurityDescriptorToSecurityDescriptorW', 'int', [
    'str16',
    'uint32',
    koffi.out(koffi.pointer('void *')),
    'void *',
  ]);
  const setSecurity = advapi.func('__stdcall', 'RegSetKeySecurity', 'long', ['intptr_t', 'uint32', 'void *']);
  const handle = [0];
  const WRITE_DAC = 0x40000;
  const opened = open(roots[root!], rest.join('\\'), 0, WRITE_DAC | 0x100, handle) as number;
  if (opened !== 0) throw new Error(`RegOpenKeyExW WRITE_DAC ${path}: ${opened}`);
  const descriptor = [null];
  if (!convert(sddl, 1, descriptor, null)) throw new Error(`bad SDDL ${sddl}`);
  const DACL_SECURITY_INFORMATION = 4;
  const status = setSecurity(handle[0], DACL_SECURITY_INFORMATION, descriptor[0]) as number;
  advapi.func('__stdcall', 'RegCloseKey', 'long', ['intptr_t'])(handle[0]);
  if (status !== 0) throw new Error(`RegSetKeySecurity ${path}: ${status}`);
  return status;
}

/** A PFX's certificate into LocalMachine\<store>, its private key where PFXImportCertStore puts it (a CryptoAPI container). */
function importPfx(koffi: KoffiModule, pfx: Buffer, password: string, storeName: string): boolean {
  const crypt32 = koffi.load('crypt32.dll');
  const blob = koffi.struct('PFX_BLOB', { cbData: 'uint32', pbData: 'uint8_t *' });
  const importStore = crypt32.func('__stdcall', 'PFXImportCertStore', 'void *', [koffi.pointer(blob), 'str16', 'uint32']);
  const enumerate = crypt32.func('__stdcall', 'CertEnumCertificatesInStore', 'void *', ['void *', 'void *']);
  const openStore = crypt32.func('__stdcall', 'CertOpenStore', 'void *', ['intptr_t', 'uint32', 'void *', 'uint32', 'str16']);
  const add = crypt32.func('__stdcall', 'CertAddCertificateContextToStore', 'int', ['void *', 'void *', 'uint32', 'void *']);
  const close = crypt32.func('__stdcall', 'CertCloseStore', 'int', ['void *', 'uint32']);
  const imported = importStore({ cbData: pfx.length, pbData: pfx }, password, 0);
  if (!imported) throw new Error('PFXImportCertStore failed');
  const context = enumerate(imported, null);
  const target = openStore(10, 0, null, 0x20000, storeName);
  const CERT_STORE_ADD_REPLACE_EXISTING = 3;
  const ok = add(target, context, CERT_STORE_ADD_REPLACE_EXISTING, null) as number;
  close(target, 0);
  return ok !== 0;
}

async function main(): Promise<void> {
  const request = JSON.parse(readFileSync(0, 'utf8')) as HarnessRequest;
  const koffi = loadKoffi(request.addon);
  const host: Host = request.host === 'native' ? new NativeHost(koffi) : new WindowsHost();
  const answers: HarnessAnswer[] = [];
  for (const c of request.calls) {
    try {
      answers.push({ value: encode(await call(host, koffi, c)) });
    } catch (error) {
      if (error instanceof ToolError) answers.push({ error: { code: error.code, message: error.message, details: error.options.details } });
      else answers.push({ error: { code: 'THROWN', message: String((error as Error).stack ?? error) } });
    }
  }
  writeSync(1, JSON.stringify(answers));
}

process.removeAllListeners('warning');
main().catch((error) => {
  writeSync(2, String((error as Error).stack ?? error));
  process.exitCode = 1;
});
