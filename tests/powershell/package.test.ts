// `npm run package` lays the module out as it is installed, and its zip holds exactly those files, intact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { makePackage } from '../../build/package';
import { crc32 } from '../../build/zip';
import { dataFileEntries, parseFile, stringsIn } from './support/powershell-ast';
import { ROOT } from './support/repo-files';

/** Every entry of a zip: name, Unix mode, content (checked against its CRC). */
function readZip(file: string): { name: string; mode: number; data: Buffer }[] {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    assert.is(zip.readUInt32LE(at), 0x02014b50, 'central directory header');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = (zip.readUInt32LE(at + 38) >>> 16) & 0o777;
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    assert.is(crc32(data), crc, `${name}: CRC`);
    entries.push({ name, mode, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const dist = mkdtempSync(join(tmpdir(), 'dp-package-'));
writeFileSync(join(dist, 'defenderproxy-win-x64.exe'), 'MZ stand-in for the Windows executable');
writeFileSync(join(dist, 'defenderproxy-linux-x64'), '#!/bin/sh\necho stand-in\n');
chmodSync(join(dist, 'defenderproxy-linux-x64'), 0o755);
const result = makePackage({ dist, build: false });

test("the module folder holds the manifest, the module, the format file, the help, both executables, the native host's addon and the DSC manifests", async () => {
  const manifest = dataFileEntries((await parseFile(join(result.folder, 'DefenderProxyTools.psd1'))).tree);
  const named = [manifest.get('RootModule')!, manifest.get('FormatsToProcess')!, manifest.get('FileList')!].flatMap(stringsIn);
  for (const file of [
    ...named,
    'en-US/about_DefenderProxyTools.help.txt',
    'bin/defenderproxy.exe',
    'bin/koffi.node',
    'bin/defenderproxy-linux-x64',
    'bin/DefenderProxyTools.MDIProxy.dsc.resource.json',
    'bin/DefenderProxyTools.MDEProxy.dsc.resource.json',
  ]) {
    assert.ok(result.files.includes(file), `${file} is packaged`);
  }
  assert.ok(result.files.filter((f) => f.startsWith('ps-module/Public/')).length >= 10);
  assert.is(statSync(join(result.folder, 'bin', 'defenderproxy-linux-x64')).mode & 0o111, 0o111, 'the Linux executable stays executable');
});

test('the zip holds the same files under DefenderProxyTools/, byte for byte, with the executable bit kept', () => {
  const entries = readZip(result.zip);
  assert.match(result.zip, new RegExp(`DefenderProxyTools-${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\\.zip$`));
  assert.equal(
    entries.map((e) => e.name),
    result.files.map((f) => `DefenderProxyTools/${f}`),
  );
  for (const entry of entries)
    assert.ok(entry.data.equals(readFileSync(join(result.folder, entry.name.slice('DefenderProxyTools/'.length)))), entry.name);
  assert.is(entries.find((e) => e.name.endsWith('defenderproxy-linux-x64'))!.mode, 0o755);
});

test('the README installs the module so that RemoteSigned loads it: every file unblocked (Unblock-File on ...\\* is not recursive), the OS minimum named', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const install = readme.slice(readme.indexOf('### Install the module'), readme.indexOf('### Cmdlets'));
  assert.match(install, /Get-ChildItem -Path '[^']*\\DefenderProxyTools' -Recurse -File \| Unblock-File/);
  assert.not.match(install, /Unblock-File -Path '[^']*\\\*'/, 'a wildcard Unblock-File reaches only the top folder');
  assert.match(install, /Windows 10 or Windows Server 2016 or later/);
  assert.match(install, /AllSigned/);
});

test('packaging refuses to go on without the Windows executable when told not to build', () => {
  assert.throws(() => makePackage({ dist: mkdtempSync(join(tmpdir(), 'dp-package-empty-')), build: false }), /missing/);
});

test.run();
