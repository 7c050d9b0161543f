/**
 * Security descriptors in SDDL (what `(Get-Acl).Sddl` and ConvertSecurityDescriptorToStringSecurityDescriptor
 * print), and the judgement the tool's own folder must pass: only Administrators and SYSTEM may own it or
 * change anything in it. `%ProgramData%` lets ordinary users create folders, so a folder someone planted there
 * before the tool ran would otherwise be trusted with backups a restore writes to HKLM. Pure.
 */

import { detail, phrase } from '../messages';

export interface Ace {
  /** `A` allow, `D` deny, `OA`/`OD` object ACEs, … */
  type: string;
  /** Inheritance flags as SDDL spells them (`OICI`, `OICIIO`, `ID`…). */
  flags: string;
  /** The access mask. */
  mask: number;
  /** A SID string (`S-1-5-18`) or an SDDL alias (`SY`, `BA`, `BU`…). */
  trustee: string;
}

export interface SecurityDescriptor {
  owner: string | null;
  group: string | null;
  /** Null when the descriptor has no DACL part, or a NULL DACL (`D:NO_ACCESS_CONTROL`): everyone may do anything. */
  dacl: { flags: string; aces: Ace[] } | null;
}

/** The SDDL a state folder gets: owner Administrators, a protected DACL giving SYSTEM and Administrators full control. */
export const STATE_DIRECTORY_SDDL = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

const RIGHTS: Record<string, number> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x00020000,
  SD: 0x00010000,
  WD: 0x00040000,
  WO: 0x00080000,
  RP: 0x00000010,
  WP: 0x00000020,
  CC: 0x00000001,
  DC: 0x00000002,
  LC: 0x00000004,
  SW: 0x00000008,
  LO: 0x00000080,
  DT: 0x00000040,
  CR: 0x00000100,
  FA: 0x001f01ff,
  FR: 0x00120089,
  FW: 0x00120116,
  FX: 0x001200a0,
  KA: 0x000f003f,
  KR: 0x00020019,
  KW: 0x00020006,
  KX: 0x00020019,
};

/** Every right that lets a trustee change the folder or what is in it (or who may). */
const WRITE_RIGHTS =
  0x00000002 | // FILE_ADD_FILE / FILE_WRITE_DATA
  0x00000004 | // FILE_ADD_SUBDIRECTORY / FILE_APPEND_DATA
  0x00000010 | // FILE_WRITE_EA
  0x00000040 | // FILE_DELETE_CHILD
  0x00000100 | // FILE_WRITE_ATTRIBUTES
  0x00010000 | // DELETE
  0x00040000 | // WRITE_DAC
  0x00080000 | // WRITE_OWNER
  0x10000000 | // GENERIC_ALL
  0x40000000; // GENERIC_WRITE

const ALIASES: Record<string, string> = {
  SY: 'S-1-5-18',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  WD: 'S-1-1-0',
  AU: 'S-1-5-11',
  CO: 'S-1-3-0',
  OW: 'S-1-3-4',
  LS: 'S-1-5-19',
  NS: 'S-1-5-20',
  IU: 'S-1-5-4',
  AN: 'S-1-5-7',
};

/** The SIDs trusted with the folder: SYSTEM and BUILTIN\Administrators. */
const TRUSTED = new Set(['S-1-5-18', 'S-1-5-32-544']);

export function sidOf(trustee: string): string {
  return ALIASES[trustee.toUpperCase()] ?? trustee.toUpperCase();
}

function maskOf(rights: string): number {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number.parseInt(rights.slice(2), 16) >>> 0;
  if (/^\d+$/.test(rights)) return Number(rights) >>> 0;
  let mask = 0;
  for (let i = 0; i < rights.length; i += 2) {
    const right = RIGHTS[rights.slice(i, i + 2).toUpperCase()];
    if (right === undefined) throw new Error(`unknown right "${rights.slice(i, i + 2)}"`);
    mask |= right;
  }
  return mask >>> 0;
}

/** Parses the owner, group and DACL of an SDDL string (a SACL part is skipped). Throws on text that is not SDDL. */
export function parseSddl(text: string): SecurityDescriptor {
  const sddl = text.trim();
  const result: SecurityDescriptor = { owner: null, group: null, dacl: null };
  const parts = /^(?:O:([^:()]+?)(?=[GDS]:|$))?(?:G:([^:()]+?)(?=[DS]:|$))?(?:D:([^(]*)((?:\([^)]*\))*))?(?:S:.*)?$/i.exec(sddl);
  if (!parts || sddl.length === 0) throw new Error(detail('SDDL_INVALID'));
  result.owner = parts[1] ? sidOf(parts[1]) : null;
  result.group = parts[2] ? sidOf(parts[2]) : null;
  if (parts[3] !== undefined && !/NO_ACCESS_CONTROL/i.test(parts[3])) {
    const aces = [...(parts[4] ?? '').matchAll(/\(([^)]*)\)/g)].map(([, body]) => {
      const fields = body!.split(';');
      if (fields.length < 6) throw new Error(detail('SDDL_ACE_INVALID', { ace: body! }));
      return { type: fields[0]!.toUpperCase(), flags: fields[1]!.toUpperCase(), mask: maskOf(fields[2]!), trustee: sidOf(fields[5]!) };
    });
    result.dacl = { flags: parts[3].toUpperCase(), aces };
  }
  return result;
}

/**
 * Why a folder with this descriptor must not be trusted with the tool's state, or null when it may: its owner
 * is SYSTEM or Administrators, and no ACE allows anyone else to write, delete or change permissions (CREATOR
 * OWNER on what only those two may create is harmless, so an inherit-only CREATOR OWNER ACE is allowed).
 */
export function stateDirectoryProblem(descriptor: SecurityDescriptor): string | null {
  if (descriptor.owner === null) return phrase('ACL_OWNER_UNKNOWN');
  if (!TRUSTED.has(descriptor.owner)) return phrase('ACL_OWNER_UNTRUSTED', { owner: descriptor.owner });
  if (descriptor.dacl === null) return phrase('ACL_NONE');
  for (const ace of descriptor.dacl.aces) {
    if (ace.type !== 'A' && ace.type !== 'OA') continue;
    if (TRUSTED.has(ace.trustee)) continue;
    if (ace.trustee === 'S-1-3-0' && ace.flags.includes('IO')) continue;
    if (ace.mask & WRITE_RIGHTS) return phrase('ACL_WRITER', { trustee: ace.trustee, mask: `0x${ace.mask.toString(16)}` });
  }
  return null;
}
