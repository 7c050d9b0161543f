// `npm run package`: the PowerShell module as it is installed (dist/DefenderProxyTools/) and as a zip
// (dist/DefenderProxyTools-<version>.zip). Builds the executables first when the Windows one is missing.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeZip, type ZipEntry } from './zip';
import { koffiAddon } from './koffi-addon';
import { ADDON_FILE } from '../core/host/native/addon-location';

const ROOT = join(__dirname, '..');

export interface PackageOptions {
  root?: string;
  /** Where the executables are and the package goes. */
  dist?: string;
  /** Run `npm run build` when the Windows executable is missing (default true). */
  build?: boolean;
}

export interface PackageResult {
  folder: string;
  zip: string;
  files: string[];
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const full = join(folder, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

export function makePackage(options: PackageOptions = {}): PackageResult {
  const root = options.root ?? ROOT;
  const dist = options.dist ?? join(root, 'dist');
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
  const windowsExe = join(dist, 'defenderproxy-win-x64.exe');
  const linuxExe = join(dist, 'defenderproxy-linux-x64');
  if (!existsSync(windowsExe) && options.build !== false) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  if (!existsSync(windowsExe)) throw new Error(`${windowsExe} is missing: run npm run build`);

  const folder = join(dist, 'DefenderProxyTools');
  rmSync(folder, { recursive: true, force: true });
  const copies: [string, string][] = [
    [join(root, 'DefenderProxyTools.psd1'), 'DefenderProxyTools.psd1'],
    ...filesUnder(join(root, 'ps-module')).map((f): [string, string] => [f, relative(root, f)]),
    // Get-Help finds about_ topics in <culture> folders beside the manifest, the module's base.
    ...filesUnder(join(root, 'ps-module', 'en-US')).map((f): [string, string] => [
      f,
      join('en-US', relative(join(root, 'ps-module', 'en-US'), f)),
    ]),
    [windowsExe, join('bin', 'defenderproxy.exe')],
    // The native host's addon beside the executable: installed under Program Files, it is loaded from there
    // (after its SHA-256 check) instead of being written to a cache on the first elevated run.
    [koffiAddon().file, join('bin', ADDON_FILE)],
    // DSC v3 finds a resource's manifest on the PATH beside its executable.
    ...filesUnder(join(root, 'dsc')).map((f): [string, string] => [f, join('bin', relative(join(root, 'dsc'), f))]),
  ];
  if (existsSync(linuxExe)) copies.push([linuxExe, join('bin', 'defenderproxy-linux-x64')]);
  for (const file of ['README.md', 'LICENSE']) if (existsSync(join(root, file))) copies.push([join(root, file), file]);
  for (const [source, target] of copies) {
    const destination = join(folder, target);
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(source, destination);
    chmodSync(destination, statSync(source).mode & 0o777);
  }

  const zip = join(dist, `DefenderProxyTools-${version}.zip`);
  const files = filesUnder(folder);
  const entries: ZipEntry[] = files.map((f) => ({
    source: f,
    name: ['DefenderProxyTools', ...relative(folder, f).split(/[\\/]/)].join('/'),
  }));
  writeZip(zip, entries);
  return { folder, zip, files: files.map((f) => relative(folder, f).split(/[\\/]/).join('/')) };
}

if (require.main === module) {
  const started = Date.now();
  const result = makePackage();
  process.stdout.write(
    `packaged ${result.files.length} files into ${result.folder}\nwrote ${result.zip} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
