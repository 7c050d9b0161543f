import { parseSddl, stateDirectoryProblem } from '../formats/security-descriptor';
import { fail } from '../messages';

/** What securing the state folder found: its ACL checked, or why it could not be read. */
export type StateFolderCheck =
  | { checked: true }
  /**
   * `quiet`: the reason is this machine not being Windows (wine, or wine's PowerShell stub): a verbose line, not
   * a warning every run of every script would carry.
   */
  | { checked: false; reason: string; quiet?: boolean };

/**
 * Judges the state folder's descriptor (both live hosts read it their own way): a looser owner or ACL is
 * STATE_DIRECTORY_INSECURE, naming what is wrong and the descriptor itself.
 */
export function judgeStateFolder(path: string, sddl: string): StateFolderCheck {
  let problem: string | null;
  try {
    problem = stateDirectoryProblem(parseSddl(sddl));
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) throw fail('STATE_DIRECTORY_INSECURE', { path, problem, sddl }, { field: 'machine' });
  return { checked: true };
}
