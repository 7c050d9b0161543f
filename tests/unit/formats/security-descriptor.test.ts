import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSddl, stateDirectoryProblem, STATE_DIRECTORY_SDDL } from '../../../core/formats/security-descriptor';

// Descriptors as Windows prints them ((Get-Acl).Sddl), judged for the tool's own folder under %ProgramData%.
const judge = (sddl: string) => stateDirectoryProblem(parseSddl(sddl));

test('the ACL the tool gives its folder passes; so does SYSTEM as owner, and read access for others', () => {
  assert.is(judge(STATE_DIRECTORY_SDDL), null);
  assert.is(judge('O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)'), null);
  assert.is(
    judge('O:S-1-5-32-544G:S-1-5-18D:PAI(A;OICI;FA;;;S-1-5-18)(A;OICI;FA;;;S-1-5-32-544)(A;OICIIO;GA;;;CO)'),
    null,
    'inherit-only CREATOR OWNER',
  );
  assert.is(judge('O:BAD:PAI(D;OICI;FW;;;BU)(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'), null, 'a deny ACE restricts, never loosens');
});

test('what %ProgramData% gives a folder an ordinary user creates there is refused, naming the writer', () => {
  // The default ACL of C:\ProgramData, inherited: Users may create folders and files.
  const programData = 'O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;0x100116;;;BU)';
  assert.match(judge(programData)!, /S-1-5-32-545 may write to it \(access mask 0x100116\)/);
});

test('a folder owned by an ordinary user is refused even when its ACL looks right (an owner may rewrite the ACL)', () => {
  assert.match(
    judge(
      'O:S-1-5-21-1004336348-1177238915-682003330-1001G:S-1-5-21-1004336348-1177238915-682003330-513D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)',
    )!,
    /owner is S-1-5-21-.*-1001/,
  );
});

test('everyone, authenticated users or a user with write, delete, WRITE_DAC or WRITE_OWNER alone are refused', () => {
  for (const ace of [
    '(A;OICI;FA;;;WD)',
    '(A;OICI;0x1301bf;;;AU)',
    '(A;;SD;;;BU)',
    '(A;;WD;;;BU)',
    '(A;;WO;;;BU)',
    '(A;;GW;;;BU)',
    '(A;;0x2;;;S-1-5-21-1-2-3-1001)',
  ]) {
    assert.ok(judge(`O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)${ace}`), ace);
  }
});

test('a NULL DACL, a missing DACL and a missing owner are refused; text that is not SDDL does not parse', () => {
  assert.match(judge('O:BAG:SYD:NO_ACCESS_CONTROL')!, /no access control list/);
  assert.match(judge('O:BAG:SY')!, /no access control list/);
  assert.match(judge('D:PAI(A;OICI;FA;;;SY)')!, /owner cannot be read/);
  assert.throws(() => parseSddl(''));
  assert.throws(() => parseSddl('O:BAD:(A;;ZZ;;;SY)'), /unknown right/);
});

test('rights parse from letters and hex alike', () => {
  const d = parseSddl('O:BAG:SYD:(A;;FA;;;SY)(A;;0x1200a9;;;BU)(A;;RPWPCC;;;AU)');
  assert.equal(
    d.dacl!.aces.map((a) => [a.trustee, a.mask]),
    [
      ['S-1-5-18', 0x1f01ff],
      ['S-1-5-32-545', 0x1200a9],
      ['S-1-5-11', 0x31],
    ],
  );
});

test.run();
