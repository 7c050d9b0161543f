// The core, run from source with its host made to fail the writes listed in DEFENDERPROXY_TEST_FAIL_WRITES (e.g.
// "2,4": the second write fails, and so does the rollback of the first): the failures tests/integration/stores/
// faults.test.ts injects, here behind the executable's command line so the PowerShell module meets a real exit 3
// or 4 (Errors.Tests.ps1 starts it through the module's Executable import option).
//   tsx tests/powershell/support/faulty-core.ts <command>   (request on stdin, response on stdout)
import { readFileSync } from 'node:fs';
import type { CommandName } from '../../../core/protocol';
import { openImageHost } from '../../../core/host/image';
import { FaultyHost, runCommand } from '../../support/stores';

async function main(): Promise<number> {
  const command = process.argv[2] as CommandName;
  const request = JSON.parse(readFileSync(0, 'utf8')) as { machine: string };
  const failAt = (process.env.DEFENDERPROXY_TEST_FAIL_WRITES ?? '').split(',').filter(Boolean).map(Number);
  const run = await runCommand(command, request, new FaultyHost(openImageHost(request.machine), failAt));
  process.stdout.write(JSON.stringify(run.body) + '\n');
  return run.exit;
}

main().then((code) => process.exit(code));
