/**
 * Mutated and planted backup folders through `restore`: whatever a backups folder holds, a restore ends in a
 * coded result (exit 0, or a ToolError with exit 2 or 3), and nothing outside what the stores write ever
 * changes: no other registry value, no other file. Seeded (tests/support/fuzz.ts): a failure names its case.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUZZ_SEED, dice } from '../../support/fuzz';
import { runCommand, type CommandRun } from '../../support/stores';
import { hashTree } from '../../support/image';
import { decodeRegFileBytes, encodeRegFileBytes, parseRegFile } from '../../../core/formats/reg-file';
import { storeWritingValue } from '../../../core/stores/index';
import { KEYS } from '../../../core/stores/keys';
import { ToolError } from '../../../core/errors';
import { dc01, DC01_CONFIG, DC01_CONFIG_WINDOWS, withoutServiceWininet } from '../../integration/stores/helpers';

const CASES = 6000;
const { int, pick, chance } = dice(FUZZ_SEED ^ 0xb4c);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Template {
  manifest: any;
  registry: string;
  files: Map<string, Buffer>;
}

const machine = withoutServiceWininet(dc01());
const backups = join(machine, '.defenderproxy', 'backups');
// A file no store keeps, which no restore may ever write.
const CANARY = 'C:\\Windows\\System32\\drivers\\etc\\hosts';
const canaryLocal = join(machine, 'files', 'C', 'Windows', 'System32', 'drivers', 'etc', 'hosts');
mkdirSync(join(canaryLocal, '..'), { recursive: true });
writeFileSync(canaryLocal, '127.0.0.1 localhost\r\n');

/** The machine minus what a restore may write: every value no store writes, and every file but the sensor's. */
function protectedView(): string {
  const text = decodeRegFileBytes(readFileSync(join(machine, 'registry.reg'))).text;
  const values = parseRegFile(text).keys.flatMap((k) =>
    k.values
      .filter((v) => !storeWritingValue(k.path, v.name))
      .map((v) => `${k.path.toLowerCase()}\\${v.name.toLowerCase()}=${v.type}:${v.data.toString('hex')}`),
  );
  const files = hashTree(join(machine, 'files'), (rel) => rel === DC01_CONFIG.replace(/^files\//, ''));
  return JSON.stringify([values.sort(), files]);
}

async function template(request: object): Promise<Template> {
  const set = await runCommand('set', { machine, ...request });
  assert.is(set.exit, 0, JSON.stringify(set.body));
  const folder = set.body.result.backupPath as string;
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const files = new Map<string, Buffer>();
  for (const f of manifest.files) files.set(f.copy, readFileSync(join(folder, f.copy)));
  return { manifest, registry: decodeRegFileBytes(readFileSync(join(folder, 'registry.reg'))).text, files };
}

const KEY_POOL = [
  KEYS.winhttp,
  KEYS.dataCollection,
  KEYS.defenderPolicy,
  KEYS.wininetLocalSystem,
  KEYS.advancedThreatProtection,
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\AATPSensor',
  `${KEYS.defenderPolicy}\\Real-Time Protection`,
  'HKEY_CURRENT_USER\\Software\\Evil',
  'HKEY_NOWHERE\\x',
];
const NAME_POOL = [
  'ProxyServer',
  'ProxyBypass',
  'WinHttpSettings',
  'TelemetryProxyServer',
  'DefaultConnectionSettings',
  'DisableAntiSpyware',
  'ImagePath',
  'Evil',
  '',
  'proxyserver',
];
const PATH_POOL = [
  DC01_CONFIG_WINDOWS,
  CANARY,
  'C:\\Windows\\System32\\SensorConfiguration.json',
  'C:\\Program Files\\Azure Advanced Threat Protection Sensor\\2.249.18851.28211\\SensorConfiguration.json',
  '..\\..\\x',
  '\\\\server\\share\\SensorConfiguration.json',
  'SensorConfiguration.json',
  '',
];
const COPY_POOL = [
  'files/0-SensorConfiguration.json',
  '../manifest.json',
  '../../../registry.reg',
  '/etc/passwd',
  'files/../../x',
  'files\\0-x',
  '',
  'files/',
];
const JUNK: unknown[] = [null, 0, -1, 1e20, '', 'x', [], {}, true, ['a'], { a: 1 }];

function mutateManifest(m: any): void {
  const list = (field: string): unknown[] => (Array.isArray(m[field]) ? m[field] : (m[field] = []));
  const fields = ['id', 'created', 'reason', 'targets', 'keys', 'values', 'registrySha256', 'files'];
  switch (int(9)) {
    case 0:
      delete m[pick(fields)];
      break;
    case 1:
      m[pick(fields)] = pick(JUNK);
      break;
    case 2:
      list('values').push({ key: pick(KEY_POOL), name: pick(NAME_POOL) });
      break;
    case 3:
      list('keys').push(pick(KEY_POOL));
      break;
    case 4:
      if (Array.isArray(m.files) && m.files[0] && typeof m.files[0] === 'object') m.files[0].path = pick(PATH_POOL);
      else m.files = [{ path: pick(PATH_POOL), copy: pick(COPY_POOL), sha256: 'x' }];
      break;
    case 5:
      if (Array.isArray(m.files) && m.files[0] && typeof m.files[0] === 'object') m.files[0].copy = pick(COPY_POOL);
      break;
    case 6:
      if (Array.isArray(m.files) && m.files[0] && typeof m.files[0] === 'object')
        m.files[0].mode = pick([-1, 0o777, 1e20, '644', null, 0o4755]);
      break;
    case 7:
      if (Array.isArray(m.values) && m.values.length > 0) m.values[int(m.values.length)] = pick(JUNK);
      break;
    default:
      m.values = undefined;
  }
}

function mutateRegistry(text: string): string {
  switch (int(6)) {
    case 0:
      return `${text.trimEnd()}\r\n\r\n[${pick(KEY_POOL)}]\r\n"${pick(NAME_POOL)}"=dword:00000001\r\n\r\n`;
    case 1:
      return text.replace(/hex:[0-9a-f]{2}/, `hex:${int(256).toString(16).padStart(2, '0')}`);
    case 2:
      return text.slice(0, int(text.length));
    case 3:
      return text.replace('\r\n[', '\r\ngarbage line\r\n"x"=dword:zz\r\n[');
    case 4:
      return text.replace('Windows Registry Editor Version 5.00', pick(['REGEDIT4', '', 'Windows Registry Editor Version 4.00']));
    default:
      return text.replace(/"ProxyServer"="[^"]*"/, '"ProxyServer"="http://planted:1"');
  }
}

function caseId(n: number): string {
  return `20260101T${String(100000 + (n % 900000)).slice(-6)}${String(n % 1000).padStart(3, '0')}Z-${(0xf00000 + n).toString(16).slice(-6)}`;
}

test(`fuzz: ${CASES} mutated or planted backup folders through restore: coded results only, nothing outside the stores written`, async () => {
  const templates = [
    await template({ product: 'mde', proxy: { url: 'http://t1:8080', bypass: ['<local>'], pacUrl: 'http://wpad/x.pac' } }),
    await template({ method: 'sensor', proxy: { url: 'http://t2:8080' } }),
    await template({ method: 'wininet', proxy: { server: 't3:8080', bypass: ['<local>'] } }),
  ];
  const protectedBefore = protectedView();
  const outcomes = new Map<string, number>();
  for (let n = 0; n < CASES; n++) {
    const base = pick(templates);
    const id = caseId(n);
    const manifest = JSON.parse(JSON.stringify(base.manifest));
    manifest.id = id;
    let registry = base.registry;
    const files = new Map([...base.files].map(([k, v]) => [k, Buffer.from(v)]));
    for (let r = 1 + int(3); r > 0; r--) {
      const what = int(3);
      if (what === 0) mutateManifest(manifest);
      else if (what === 1) registry = mutateRegistry(registry);
      else for (const bytes of files.values()) if (bytes.length > 0) bytes[int(bytes.length)] ^= 1 + int(255);
    }
    const registryBytes = encodeRegFileBytes(registry, 'utf16le');
    if (chance(0.7) && manifest && typeof manifest === 'object') {
      // As a planter would: checksums made to match the edited contents.
      manifest.registrySha256 = sha256(registryBytes);
      for (const f of Array.isArray(manifest.files) ? manifest.files : [])
        if (f && files.has(f.copy)) f.sha256 = sha256(files.get(f.copy)!);
    }
    const folder = join(backups, id);
    mkdirSync(join(folder, 'files'), { recursive: true });
    writeFileSync(join(folder, 'registry.reg'), registryBytes);
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
    for (const [copy, bytes] of files) writeFileSync(join(folder, copy), bytes);

    let run: CommandRun;
    try {
      run = await runCommand('restore', { machine, backup: id });
    } catch (error) {
      throw new Error(`case ${n} (seed ${FUZZ_SEED}): restore threw ${error instanceof ToolError ? error.code : (error as Error)?.stack}`);
    }
    const key = run.exit === 0 ? 'restored' : `${run.exit} ${run.body.error!.code}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    assert.ok([0, 2, 3].includes(run.exit), `case ${n} (seed ${FUZZ_SEED}): exit ${run.exit} ${JSON.stringify(run.body).slice(0, 300)}`);
    if (run.exit !== 0 || n % 50 === 0)
      assert.is(protectedView(), protectedBefore, `case ${n} (seed ${FUZZ_SEED}): a value or file outside the stores changed`);
    rmSync(folder, { recursive: true, force: true });
    if (n % 500 === 499)
      for (const name of readdirSync(backups))
        if (!templates.some((t) => t.manifest.id === name)) rmSync(join(backups, name), { recursive: true, force: true });
  }
  assert.is(protectedView(), protectedBefore);
  console.log(`  [fuzz] ${CASES} backup folders: ${[...outcomes].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  assert.ok((outcomes.get('restored') ?? 0) > 0 && outcomes.size >= 2, 'the cases reach both restores and refusals');
});

test.run();
