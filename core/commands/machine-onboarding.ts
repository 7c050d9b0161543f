import type { MachineTarget } from '../protocol';
import { findValue, readSz, REG } from '../formats/registry-model';
import { KEYS } from '../stores/keys';
import { parseOnboardingInfo, type OnboardingInfo } from '../net/catalog/onboarding';
import type { CommandContext } from './command';

/** Whether a request acts for a machine: an image it names, or the live machine on Windows. */
export function hasMachine(request: MachineTarget): boolean {
  return !!request.machine || process.platform === 'win32';
}

/**
 * The MDE onboarding blob of the machine (`OnboardingInfo` under the Windows Advanced Threat Protection policy
 * key), parsed; null without a machine, without a blob, or with one that is not an onboarding blob.
 */
export async function readMachineOnboarding(request: MachineTarget, context: CommandContext): Promise<OnboardingInfo | null> {
  if (!hasMachine(request)) return null;
  const key = await (await context.host()).readKey(KEYS.advancedThreatProtection);
  const value = findValue(key, 'OnboardingInfo');
  if (!value || (value.type !== REG.SZ && value.type !== REG.EXPAND_SZ)) return null;
  return parseOnboardingInfo(readSz(value));
}
