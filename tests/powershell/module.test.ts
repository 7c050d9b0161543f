import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { classesIn, dataFileEntries, functionsIn, parseFile, stringsIn, type PsFunction } from './support/powershell-ast';
import { repoFiles, ROOT } from './support/repo-files';

// Get-Verb of PowerShell 7.
const APPROVED_VERBS = new Set(
  `Add Clear Close Copy Enter Exit Find Format Get Hide Join Lock Move New Open Optimize Pop Push Redo Remove Rename Reset Resize
   Search Select Set Show Skip Split Step Switch Undo Unlock Watch Connect Disconnect Read Receive Send Write Backup Checkpoint
   Compare Compress Convert ConvertFrom ConvertTo Dismount Edit Expand Export Group Import Initialize Limit Merge Mount Out Publish
   Restore Save Sync Unpublish Update Debug Measure Ping Repair Resolve Test Trace Approve Assert Build Complete Confirm Deny Deploy
   Disable Enable Install Invoke Register Request Restart Resume Start Stop Submit Suspend Uninstall Unregister Wait Block Grant
   Protect Revoke Unblock Unprotect Use`.split(/\s+/),
);
const STATE_CHANGING_COMMANDS = new Set(['set', 'clear', 'restore']);
const MODULE = join(ROOT, 'ps-module');
const DECLARATIONS = JSON.parse(readFileSync(join(MODULE, 'DefenderProxyTools.requests.json'), 'utf8')).cmdlets as Record<
  string,
  { command: string; request: Record<string, unknown> }
>;
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

async function functionsOf(folder: string): Promise<PsFunction[]> {
  const all: PsFunction[] = [];
  for (const file of readdirSync(join(MODULE, folder)).filter((f) => f.endsWith('.ps1'))) {
    all.push(...functionsIn((await parseFile(join(MODULE, folder, file))).tree));
  }
  return all;
}

const ready = (async () => {
  const manifest = dataFileEntries((await parseFile(join(ROOT, 'DefenderProxyTools.psd1'))).tree);
  const publicFunctions = await functionsOf('Public');
  const privateFunctions = await functionsOf('Private');
  const rootModule = await parseFile(join(MODULE, 'DefenderProxyTools.psm1'));
  return { manifest, publicFunctions, privateFunctions, rootModule };
})();

test('manifest: root module, version of package.json, GUID, editions, 5.1, explicit exports, format file, help, PSData', async () => {
  const { manifest } = await ready;
  const value = (key: string): string => stringsIn(manifest.get(key) ?? '')[0] ?? '';
  assert.is(value('RootModule'), 'ps-module/DefenderProxyTools.psm1');
  assert.is(value('ModuleVersion'), version);
  assert.match(value('GUID'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(stringsIn(manifest.get('CompatiblePSEditions')!), ['Desktop', 'Core']);
  assert.is(value('PowerShellVersion'), '5.1');
  for (const key of [
    'PrivateData.PSData.Tags',
    'PrivateData.PSData.ProjectUri',
    'PrivateData.PSData.LicenseUri',
    'PrivateData.PSData.ReleaseNotes',
  ]) {
    assert.ok(stringsIn(manifest.get(key) ?? '').length > 0, `${key} is set`);
  }
  for (const file of [...stringsIn(manifest.get('FormatsToProcess')!), ...stringsIn(manifest.get('FileList')!)]) {
    assert.ok(existsSync(join(ROOT, file)), `${file} exists`);
  }
  assert.ok(existsSync(join(MODULE, 'en-US', 'about_DefenderProxyTools.help.txt')));
  assert.ok(!/\*/.test(manifest.get('FunctionsToExport')!), 'no wildcard exports');
});

test('manifest: neither ActiveDirectory nor GroupPolicy is required anywhere in the module', async () => {
  const { manifest } = await ready;
  assert.not.ok(manifest.has('RequiredModules'));
  for (const file of repoFiles(/\.(ps1|psm1|psd1)$/, MODULE).concat('DefenderProxyTools.psd1')) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    assert.not.match(text, /(#requires\s+-modules?|Import-Module)\s+[^\n]*(ActiveDirectory|GroupPolicy)/i, file);
  }
});

test('every FunctionsToExport entry is a public function, and every public function is exported', async () => {
  const { manifest, publicFunctions, privateFunctions } = await ready;
  const exported = stringsIn(manifest.get('FunctionsToExport')!).sort();
  assert.equal(publicFunctions.map((f) => f.name).sort(), exported);
  for (const fn of privateFunctions) assert.not.ok(exported.includes(fn.name), `${fn.name} is private`);
});

test('one public function per file, named like the file', () => {
  for (const file of readdirSync(join(MODULE, 'Public'))) {
    const text = readFileSync(join(MODULE, 'Public', file), 'utf8');
    assert.equal(
      [...text.matchAll(/^function\s+([\w-]+)/gm)].map((m) => m[1]),
      [basename(file, '.ps1')],
    );
  }
});

test('every function uses an approved verb', async () => {
  const { publicFunctions, privateFunctions } = await ready;
  for (const fn of [...publicFunctions, ...privateFunctions]) {
    assert.ok(APPROVED_VERBS.has(fn.name.split('-')[0]!), `${fn.name}: ${fn.name.split('-')[0]} is not an approved verb`);
  }
});

test('every function has [CmdletBinding()], [OutputType()] and help with a synopsis and an example', async () => {
  const { publicFunctions, privateFunctions } = await ready;
  for (const fn of [...publicFunctions, ...privateFunctions]) {
    assert.ok(
      fn.attributes.some((a) => a.name === 'CmdletBinding'),
      `${fn.name}: CmdletBinding`,
    );
    const outputType = fn.attributes.find((a) => a.name === 'OutputType');
    assert.ok(outputType && outputType.args.length > 0, `${fn.name}: OutputType`);
    assert.match(fn.help ?? '', /\.SYNOPSIS\s+\S/, `${fn.name}: .SYNOPSIS`);
    assert.match(fn.help ?? '', /\.EXAMPLE\s+\S/, `${fn.name}: .EXAMPLE`);
  }
});

test('public cmdlets document every parameter and name their output type', async () => {
  const { publicFunctions } = await ready;
  for (const fn of publicFunctions) {
    for (const p of fn.parameters) assert.match(fn.help!, new RegExp(`\\.PARAMETER\\s+${p.name}\\b`), `${fn.name}: .PARAMETER ${p.name}`);
    assert.match(fn.help!, /\.OUTPUTS\s+\S/, `${fn.name}: .OUTPUTS`);
  }
});

test("cmdlets that change state support ShouldProcess and ask first (ConfirmImpact High: a change restarts the sensor or rewrites the machine's WinHTTP proxy); read-only ones do not", async () => {
  const { publicFunctions } = await ready;
  for (const fn of publicFunctions) {
    const binding = fn.attributes.find((a) => a.name === 'CmdletBinding')!;
    const declaration = DECLARATIONS[fn.name]!;
    const changes = STATE_CHANGING_COMMANDS.has(declaration.command) || declaration.request.repair === true;
    if (changes) {
      assert.is(binding.named.SupportsShouldProcess, '$true', `${fn.name}: SupportsShouldProcess`);
      assert.is(binding.named.ConfirmImpact, 'High', `${fn.name}: ConfirmImpact`);
    } else {
      assert.is(binding.named.SupportsShouldProcess, undefined, `${fn.name} changes nothing`);
    }
  }
});

test('credentials are [PSCredential]; no parameter takes a password', async () => {
  const { publicFunctions, privateFunctions } = await ready;
  for (const fn of [...publicFunctions, ...privateFunctions]) {
    for (const p of fn.parameters) {
      assert.not.match(p.name, /password|secret/i, `${fn.name} -${p.name}`);
      if (/credential$/i.test(p.name)) assert.is(p.type, 'System.Management.Automation.PSCredential', `${fn.name} -${p.name}`);
    }
  }
});

test('every cmdlet takes -MachineImage', async () => {
  const { publicFunctions } = await ready;
  for (const fn of publicFunctions)
    assert.ok(
      fn.parameters.some((p) => p.name === 'MachineImage'),
      fn.name,
    );
});

test('exactly one private helper starts the executable, and only it puts a password into a request', () => {
  const sources = repoFiles(/\.(ps1|psm1)$/, MODULE).map((f) => ({ file: basename(f), text: readFileSync(join(ROOT, f), 'utf8') }));
  const starters = sources
    .filter((s) => /Diagnostics\.Process\b|Start-Process|\[Diagnostics\.Process\]|&\s*\$exe/i.test(s.text))
    .map((s) => s.file);
  assert.equal(starters, ['Invoke-DefenderProxyCore.ps1']);
  const passwordWriters = sources
    .filter((s) => /\['password'\]\s*=|\.password\s*=|GetNetworkCredential\(\)/.test(s.text))
    .map((s) => s.file);
  assert.equal(passwordWriters, ['Invoke-DefenderProxyCore.ps1']);
});

test('every public cmdlet builds its call from its declaration, never a request of its own', async () => {
  const { publicFunctions } = await ready;
  for (const fn of publicFunctions) {
    const text = fn.node.text;
    assert.match(text, /New-DefenderProxyRequest -Cmdlet \$PSCmdlet/, `${fn.name} builds its call from DefenderProxyTools.requests.json`);
    assert.not.match(
      text,
      /\$request\s*=|\[ordered\]@\{\s*(product|desired|stores|proxy|action|backup)\s*=/i,
      `${fn.name} builds no request itself`,
    );
    for (const call of text.matchAll(/-Request (\$?[\w.]+)/g))
      assert.match(call[1]!, /^\$(call|list)\.Request$/, `${fn.name}: -Request ${call[1]}`);
  }
});

// A coarse text check that needs no pwsh; the Pester gate (pester/Windows51.psm1) reads the AST and finds much more.
// Its own files hold the constructs it looks for, as samples.
const GATE_FILES = new Set([
  join('tests', 'powershell', 'pester', 'Compatibility.Tests.ps1'),
  join('tests', 'powershell', 'pester', 'Windows51.psm1'),
]);

test('Windows PowerShell 5.1: no && / || chains and no parameters that only PowerShell 7 has', () => {
  for (const file of repoFiles(/\.(ps1|psm1)$/).filter((f) => !GATE_FILES.has(f))) {
    const code = readFileSync(join(ROOT, file), 'utf8')
      .replace(/<#[\s\S]*?#>/g, '')
      .replace(/#.*$/gm, '');
    assert.not.match(code, /\s-AsHashtable\b|\s-Parallel\b|ForEach-Object\s+-Parallel/, file);
    assert.not.match(code, /\)\s*(&&|\|\|)\s|\w\s+(&&|\|\|)\s+\w/, file);
  }
});

test("the module names the executable's exit codes as the core does (core/errors.ts EXIT), and switches on no bare exit code", () => {
  const core = readFileSync(join(ROOT, 'core', 'errors.ts'), 'utf8');
  const coreCodes = Object.fromEntries(
    [...core.slice(core.indexOf('export const EXIT')).matchAll(/^\s+([A-Z_]+): (\d+),$/gm)].map((m) => [
      m[1]!.replace(/_/g, '').toLowerCase(),
      Number(m[2]),
    ]),
  );
  const module = readFileSync(join(MODULE, 'DefenderProxyTools.psm1'), 'utf8');
  const block = module.slice(module.indexOf('$script:ExitCode = @{'), module.indexOf('}', module.indexOf('$script:ExitCode = @{')));
  const moduleCodes = Object.fromEntries([...block.matchAll(/^\s+(\w+)\s+= (\d+)$/gm)].map((m) => [m[1]!.toLowerCase(), Number(m[2])]));
  assert.equal(moduleCodes, coreCodes);
  const core1 = readFileSync(join(MODULE, 'Private', 'Invoke-DefenderProxyCore.ps1'), 'utf8');
  assert.not.match(core1, /\$exitCode -eq \d|^\s+\d \{/m, 'exit codes by name, not number');
});

test('the PSDSC classes carry [DscResource()], a Key property, Get/Test/Set, and are what the manifest exports', async () => {
  const { manifest, rootModule } = await ready;
  const classes = classesIn(rootModule).filter((c) => c.dscResource);
  assert.equal(classes.map((c) => c.name).sort(), stringsIn(manifest.get('DscResourcesToExport')!).sort());
  for (const c of classes) {
    assert.ok(
      c.properties.some((p) => p.attribute === '[DscProperty(Key)]'),
      `${c.name}: key`,
    );
    for (const method of ['Get', 'Test', 'Set'])
      assert.match(rootModule.source, new RegExp(`\\[(${c.name}|bool|void)\\]\\s+${method}\\(\\)`), `${c.name}.${method}`);
  }
});

test.run();
