import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { elevationOfGroups } from '../../../core/host/windows';

// `whoami /groups` (English Windows; the SIDs are the same in every language): the mandatory label says the token's level.
const ELEVATED = 'Mandatory Label\\High Mandatory Level   Label   S-1-16-12288';
const STANDARD = 'Mandatory Label\\Medium Mandatory Level Label   S-1-16-8192';
const SYSTEM = 'Mandatory Label\\System Mandatory Level Label   S-1-16-16384';

test('elevated is a High or System mandatory label; Medium or Low is not; no label at all (wine) is not known to be denied', () => {
  assert.is(elevationOfGroups(`BUILTIN\\Administrators  Alias  S-1-5-32-544  Group used for deny only\n${STANDARD}`), false);
  assert.is(elevationOfGroups(`BUILTIN\\Administrators  Alias  S-1-5-32-544  Enabled group\n${ELEVATED}`), true);
  assert.is(elevationOfGroups(SYSTEM), true);
  assert.is(elevationOfGroups('Mandatory Label\\Low Mandatory Level Label S-1-16-4096'), false);
  assert.is(elevationOfGroups('VM\\root'), true);
});

test.run();
