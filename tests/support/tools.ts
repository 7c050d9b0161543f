import { execFileSync } from 'node:child_process';

/**
 * The path of a service binary the integration tests need. A missing binary fails the test with the package to
 * install: CI installs them, so a silent skip would hide a broken environment.
 */
export function requireBinary(name: string, debianPackage: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed: run "apt-get install -y ${debianPackage}" (the connectivity tests need it).`);
  }
}
